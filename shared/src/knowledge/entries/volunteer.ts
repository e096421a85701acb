import { SOURCES } from "../sources.ts";
import type { KnowledgeEntry } from "../types.ts";

/**
 * Meeting a volunteer: the Youth Union's community digital teams (tổ công nghệ số cộng đồng) who come to the
 * resident's home. The answers describe this product's own help-request flow (commune, then a convenient time, then
 * a member claims it) and the rules every member follows: free of charge, never asks for an OTP, password or ID photo.
 */
export const volunteerEntries = [
  {
    id: "volunteer.request-home-visit",
    topic: "VOLUNTEER",
    version: 1,
    title: "Nhờ người đến nhà hướng dẫn",
    questions: [
      "Có ai đến nhà hướng dẫn bà không?",
      "co ai den nha huong dan khong",
      "nho nguoi den nha cai vneid giup",
      "cháu ơi ông già rồi không biết làm, có ai xuống nhà chỉ cho ông được không",
      "muon doan vien den tan nha ho tro",
      "nhờ đoàn viên đến giúp mẹ tôi làm định danh",
      "nhờ đoàn viên đến nhà hướng dẫn",
      "nho nguoi den nha huong dan",
    ],
    answer:
      "Có ạ. Đoàn viên thanh niên ở xã có thể đến tận nhà hướng dẫn bạn, miễn phí.\n1. Bấm nút «Nhờ đoàn viên hỗ trợ» (hoặc nhắn «nhờ đoàn viên hỗ trợ»).\n2. Chọn xã/phường nơi bạn ở.\n3. Chọn hoặc gõ thời gian thuận tiện (ví dụ «sáng thứ bảy»).\n4. Khi có đoàn viên nhận việc, mình sẽ nhắn cho bạn biết ai sẽ đến.\nĐoàn viên không bao giờ hỏi mật khẩu hay mã OTP của bạn.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.what-volunteers-do",
    topic: "VOLUNTEER",
    version: 1,
    title: "Đoàn viên giúp được gì",
    questions: [
      "Đoàn viên hỗ trợ được những việc gì?",
      "to cong nghe so cong dong lam gi",
      "doan vien giup duoc nhung gi",
      "thanh niên xung kích có giúp làm thủ tục không",
      "doan vien co lam ho thu tuc khong",
      "đoàn viên giúp được những việc gì",
      "doan vien ho tro viec gi",
    ],
    answer:
      "Đoàn viên trong tổ công nghệ số cộng đồng hướng dẫn bạn tự làm trên điện thoại của mình:\n1. Cài và dùng VNeID, chuẩn bị lên mức 2; cách làm thẻ căn cước.\n2. Làm thủ tục trên Cổng Dịch vụ công.\n3. Mở tài khoản, quét mã QR, trả tiền điện nước trên điện thoại.\n4. Nhận biết và phòng tránh lừa đảo.\n5. Chụp ảnh, đăng bán sản phẩm trên mạng.\nĐoàn viên chỉ cho bạn từng bước, bạn là người tự nhập mật khẩu, mã OTP. Việc phải làm tại công an hay UBND (chụp ảnh, lấy vân tay…), đoàn viên hướng dẫn chuẩn bị và nơi đến.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.never-ask-otp",
    topic: "VOLUNTEER",
    version: 1,
    title: "Đoàn viên không hỏi OTP",
    questions: [
      "Đoàn viên có hỏi mã OTP không?",
      "doan vien xin mat khau co dung khong",
      "nguoi xung doan vien doi ma otp",
      "có người tự nhận là thanh niên tình nguyện hỏi mật khẩu ngân hàng của bà",
      "doan vien co giu dien thoai cua toi khong",
      "đoàn viên có hỏi mật khẩu mã otp không",
      "doan vien hoi otp",
    ],
    answer:
      "Không bao giờ. Đoàn viên hỗ trợ không hỏi, không ghi lại mật khẩu, mã OTP, passcode, mã PIN, và không chụp ảnh thẻ căn cước của bạn.\n1. Khi đến bước nhập mật khẩu hay mã OTP, bạn tự nhập; đoàn viên quay đi hoặc chỉ hướng dẫn bằng lời.\n2. Ai xưng là đoàn viên mà đòi mã OTP, mật khẩu, tiền hay ảnh căn cước: đó không phải người hỗ trợ thật. Từ chối và báo công an xã.\n3. Sau buổi hỗ trợ, bạn có thể đổi lại mật khẩu cho yên tâm.",
    sources: [SOURCES.policeHanoiWarning, SOURCES.communityTeams],
  },
  {
    id: "volunteer.free-of-charge",
    topic: "VOLUNTEER",
    version: 1,
    title: "Hỗ trợ có mất tiền không",
    questions: [
      "Nhờ đoàn viên hỗ trợ có mất tiền không?",
      "doan vien ho tro co thu phi khong",
      "goi nguoi den nha cai dat co mat phi",
      "có phải trả tiền công cho người hướng dẫn không",
      "ho tro mien phi khong",
      "nhờ đoàn viên hỗ trợ có mất phí không",
      "ho tro co mat tien khong",
    ],
    answer:
      "Hoàn toàn miễn phí, bạn nhé. Đoàn viên hỗ trợ là hoạt động tình nguyện của Đoàn Thanh niên, không thu bất kỳ khoản tiền nào.\n1. Không trả tiền công, tiền «phí cài đặt» hay «phí làm hồ sơ» cho người hỗ trợ.\n2. Lệ phí thủ tục hành chính (nếu có) chỉ nộp tại cơ quan nhà nước hoặc trong ứng dụng chính thức.\n3. Ai đòi tiền khi xưng là đoàn viên, hãy từ chối và báo công an xã.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.recognise-volunteer",
    topic: "VOLUNTEER",
    version: 1,
    title: "Nhận biết đoàn viên thật",
    questions: [
      "Làm sao biết người đến nhà đúng là đoàn viên?",
      "kiem tra doan vien that hay gia",
      "nguoi la den nha noi la doan thanh nien",
      "sợ người lạ giả danh đoàn viên vào nhà",
      "doan vien den co bao truoc khong",
      "nhận biết đoàn viên thật hay giả",
      "doan vien that hay gia",
    ],
    answer:
      "Để yên tâm khi đoàn viên đến:\n1. Khi có đoàn viên nhận yêu cầu của bạn, mình sẽ nhắn trên Zalo cho bạn biết ai sẽ đến.\n2. Người đến đúng hẹn bạn đã chọn và nói đúng việc bạn cần giúp.\n3. Chưa chắc chắn: hỏi trưởng thôn, bí thư chi đoàn hoặc công an xã trước khi mở cửa.\n4. Người hỗ trợ thật không đòi tiền, không hỏi mật khẩu, mã OTP, không xin mang điện thoại hay giấy tờ của bạn đi.\nNên có người nhà ở cùng khi được hỗ trợ.",
    sources: [SOURCES.communityTeams, SOURCES.policeHanoiWarning],
  },
  {
    id: "volunteer.cannot-use-phone",
    topic: "VOLUNTEER",
    version: 1,
    title: "Không biết dùng điện thoại",
    questions: [
      "Tôi già rồi không biết dùng điện thoại",
      "khong biet dung smartphone",
      "mat kem khong doc duoc chu tren dien thoai",
      "bà không biết bấm mấy cái này đâu cháu",
      "nguoi gia khong tu lam duoc",
      "không biết dùng điện thoại thông minh",
      "khong biet dung dien thoai",
    ],
    answer:
      "Không sao cả, nhiều người cũng như bạn. Có mấy cách:\n1. Nhờ đoàn viên ở xã đến nhà hướng dẫn từng bước, miễn phí: bấm «Nhờ đoàn viên hỗ trợ».\n2. Nhờ con cháu tin cậy ngồi cùng; bạn tự nhập mật khẩu và mã OTP.\n3. Tăng cỡ chữ trong phần Cài đặt của điện thoại (mục Màn hình/Cỡ chữ) để dễ đọc.\n4. Việc nào phải làm tại công an, UBND (làm thẻ căn cước, lên VNeID mức 2), người già yếu có thể đề nghị cán bộ đến tận nhà.",
    sources: [SOURCES.communityTeams, SOURCES.identityProcedure],
  },
  {
    id: "volunteer.when-will-they-come",
    topic: "VOLUNTEER",
    version: 1,
    title: "Bao giờ có người đến",
    questions: [
      "Bao giờ đoàn viên đến nhà tôi?",
      "gui yeu cau ho tro roi chua thay ai",
      "doi doan vien lau qua",
      "đã nhờ hỗ trợ từ hôm qua mà chưa ai liên hệ",
      "khi nao co nguoi den ho tro",
      "bao giờ có đoàn viên đến hỗ trợ",
      "bao gio doan vien den",
    ],
    answer:
      "Sau khi bạn gửi yêu cầu, đoàn viên của xã bạn chọn sẽ nhận việc và đến theo thời gian bạn hẹn.\n1. Khi có đoàn viên nhận, mình nhắn cho bạn biết ai sẽ đến.\n2. Nếu lâu chưa có ai nhận, yêu cầu được báo lên cán bộ Đoàn để sắp xếp người.\n3. Đổi thời gian thuận tiện: nhắn lại «nhờ đoàn viên hỗ trợ» và chọn giờ mới.\nTrong lúc chờ, bạn có thể nhắn «tiếp tục» để làm tiếp bước đang dở.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.cancel-request",
    topic: "VOLUNTEER",
    version: 1,
    title: "Hủy yêu cầu hỗ trợ",
    questions: [
      "Hủy yêu cầu nhờ đoàn viên",
      "khong can ho tro nua",
      "huy hen doan vien",
      "tôi tự làm được rồi, không cần người đến nữa",
      "doi y khong nho doan vien",
      "hủy yêu cầu hỗ trợ",
    ],
    answer:
      "Nếu bạn không cần hỗ trợ nữa:\n1. Đang chọn xã hoặc thời gian: bấm «Hủy».\n2. Đã gửi yêu cầu: khi đoàn viên nhắn hoặc gọi, bạn báo đã tự làm được; đoàn viên sẽ đóng yêu cầu.\nMừng là bạn đã làm được! Khi cần, bạn cứ nhắn «nhờ đoàn viên hỗ trợ».",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.help-for-parents",
    topic: "VOLUNTEER",
    version: 1,
    title: "Nhờ giúp cho bố mẹ ở quê",
    questions: [
      "Nhờ đoàn viên giúp bố mẹ tôi ở quê",
      "toi o xa, nho nguoi huong dan ong ba o nha",
      "dat lich ho tro cho me o xa khac",
      "con đi làm xa, muốn nhờ người xuống hướng dẫn bố làm vneid",
      "nho ho tro cho nguoi than",
      "nhờ hỗ trợ cho bố mẹ ở xa",
      "nho ho tro cho bo me",
    ],
    answer:
      "Bạn nhờ hộ người thân được:\n1. Bấm «Nhờ đoàn viên hỗ trợ».\n2. Chọn xã/phường nơi bố mẹ bạn đang ở (không phải nơi bạn ở).\n3. Chọn thời gian bố mẹ có nhà; nên gọi báo trước cho bố mẹ.\n4. Dặn bố mẹ: đoàn viên không hỏi mật khẩu, mã OTP và không thu tiền.\nNếu được, bạn gọi video cùng lúc đoàn viên đến để yên tâm hơn.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.become-volunteer",
    topic: "VOLUNTEER",
    version: 1,
    title: "Muốn làm tình nguyện viên",
    questions: [
      "Tôi muốn tham gia tổ công nghệ số cộng đồng",
      "dang ky lam tinh nguyen vien",
      "muon di ho tro nguoi dan cung doan",
      "sinh viên về quê muốn giúp bà con cài vneid",
      "tham gia doi thanh nien xung kich",
      "muốn làm tình nguyện viên hỗ trợ chuyển đổi số",
      "lam tinh nguyen vien",
    ],
    answer:
      "Cảm ơn bạn! Để cùng hỗ trợ bà con:\n1. Liên hệ chi đoàn thôn, Đoàn xã/phường nơi bạn ở, hoặc Đoàn trường, cơ quan của bạn.\n2. Đăng ký tham gia tổ công nghệ số cộng đồng hoặc đội thanh niên xung kích; Đoàn sẽ tập huấn và giao địa bàn.\n3. Khi đi hỗ trợ, luôn giữ nguyên tắc: miễn phí, không hỏi và không ghi lại mật khẩu, mã OTP, không chụp giấy tờ của người dân.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.what-to-prepare",
    topic: "VOLUNTEER",
    version: 1,
    title: "Chuẩn bị gì khi đoàn viên đến",
    questions: [
      "Đoàn viên đến nhà cần chuẩn bị gì?",
      "can chuan bi gi khi duoc ho tro",
      "mai doan vien den thi minh de san gi",
      "có cần photo căn cước cho đoàn viên không",
      "chuan bi truoc buoi huong dan",
      "chuẩn bị gì khi đoàn viên đến nhà",
      "chuan bi gi khi doan vien den",
    ],
    answer:
      "Để buổi hướng dẫn nhanh gọn:\n1. Điện thoại đã sạc pin, có mạng (wifi hoặc 4G); nhớ mật khẩu mở máy.\n2. SIM đang dùng nằm trong máy để nhận mã OTP.\n3. Thẻ căn cước gắn chip của bạn (chỉ để bạn tự áp vào máy, không đưa đoàn viên mang đi, không cần photo).\n4. Giấy tờ liên quan đến việc cần làm (hóa đơn điện, thẻ BHYT…).\n5. Nghĩ trước việc bạn muốn làm, và có người nhà ở cùng nếu được.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.talk-to-person",
    topic: "VOLUNTEER",
    version: 1,
    title: "Muốn nói chuyện với người thật",
    questions: [
      "Cho tôi nói chuyện với người thật",
      "gap nguoi that",
      "khong muon noi chuyen voi may",
      "có ai trực không, tôi muốn hỏi người",
      "cho gap can bo doan",
      "muốn nói chuyện với người thật",
      "noi chuyen voi nguoi that",
    ],
    answer:
      "Mình là trợ lý tự động của Đoàn Thanh niên. Bạn muốn có người thật giúp:\n1. Bấm «Nhờ đoàn viên hỗ trợ», chọn xã và thời gian: đoàn viên ở xã sẽ liên hệ và đến giúp bạn.\n2. Việc gấp về lừa đảo, an ninh: đến công an xã/phường, khẩn cấp gọi 113.\n3. Thủ tục hành chính: hỏi trực tiếp bộ phận một cửa của UBND xã/phường.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.privacy",
    topic: "VOLUNTEER",
    version: 1,
    title: "Thông tin của tôi được giữ sao",
    questions: [
      "Thông tin của tôi gửi ở đây có được giữ bí mật không?",
      "bot co luu so can cuoc cua toi khong",
      "xoa thong tin da gui",
      "doan vien co biet mat khau cua toi khong",
      "tôi sợ lộ thông tin cá nhân khi nhắn tin ở đây",
      "thông tin cá nhân của tôi có được bảo mật không",
      "bao mat thong tin ca nhan",
    ],
    answer:
      "Mình giữ ít thông tin nhất có thể:\n1. Khi bạn nhờ hỗ trợ, đoàn viên nhận được xã, thời gian hẹn, việc bạn cần giúp và cách liên hệ với bạn.\n2. Mình không lưu số căn cước, mã OTP, mật khẩu; nếu bạn lỡ gửi, mình tự ẩn đi và không lưu.\n3. Muốn xóa dữ liệu của bạn ở đây, nhắn «xóa dữ liệu của tôi».\n4. Đừng gửi ảnh thẻ căn cước, giấy tờ cá nhân qua tin nhắn cho bất kỳ ai.",
    sources: [SOURCES.communityTeams],
  },
  {
    id: "volunteer.no-smartphone",
    topic: "VOLUNTEER",
    version: 1,
    title: "Không có điện thoại thông minh",
    questions: [
      "Không có điện thoại thông minh thì làm VNeID thế nào?",
      "dien thoai cuc gach co lam duoc khong",
      "khong co smartphone lam dinh danh",
      "ông chỉ có điện thoại bàn phím thôi",
      "may cu khong cai duoc ung dung",
      "không có điện thoại thông minh",
    ],
    answer:
      "Không có điện thoại thông minh bạn vẫn làm được nhiều việc:\n1. Làm thẻ căn cước tại công an xã/phường không cần điện thoại thông minh. Tài khoản VNeID thì phải dùng ứng dụng trên điện thoại thông minh; hỏi công an xã nếu bạn chưa có máy.\n2. Thủ tục hành chính: làm trực tiếp tại bộ phận một cửa UBND xã/phường, hoặc nhờ người thân tin cậy hướng dẫn trên máy của họ (bạn tự nhập mật khẩu).\n3. Máy cũ không cài được ứng dụng: nhờ đoàn viên đến xem giúp và tư vấn.",
    sources: [SOURCES.identityProcedure, SOURCES.communityTeams],
  },
  {
    id: "volunteer.complaint",
    topic: "VOLUNTEER",
    version: 1,
    title: "Phản ánh về người hỗ trợ",
    questions: [
      "Muốn phản ánh đoàn viên hỗ trợ chưa tốt",
      "doan vien hen ma khong den",
      "gop y ve nguoi ho tro",
      "đoàn viên đến nhà thái độ không tốt thì báo ai",
      "danh gia doan vien ho tro",
    ],
    answer:
      "Cảm ơn bạn đã cho biết, ý kiến của bạn giúp đoàn viên hỗ trợ bà con tốt hơn.\n1. Sau buổi hỗ trợ, mình sẽ nhắn để bạn chấm điểm từ 1 đến 5 chỉ bằng một lần bấm; bạn cứ chấm thật lòng.\n2. Đoàn viên hẹn mà không đến: nhắn lại «nhờ đoàn viên hỗ trợ» để hẹn lại; yêu cầu chưa ai nhận sẽ được báo lên cán bộ Đoàn.\n3. Việc nghiêm trọng (đòi tiền, hỏi mật khẩu, mã OTP, có hành vi xấu): báo ngay Đoàn xã/phường hoặc công an xã.",
    sources: [SOURCES.communityTeams, SOURCES.policeHanoiWarning],
  },
] as const satisfies readonly KnowledgeEntry[];
