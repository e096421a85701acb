/**
 * The chatbot's own words (everything that is not a checklist step). Plain, warm Vietnamese addressed to "bạn";
 * the OA speaks as "mình". Button titles double as the text sent back when tapped, so each is also a phrase the
 * engine recognises when typed.
 */

export const BUTTON = {
  done: "Xong",
  stuck: "Gặp khó khăn",
  help: "Nhờ đoàn viên hỗ trợ",
  resolved: "Đã được rồi",
  retry: "Thử lại",
  skip: "Bỏ qua bước này",
  menu: "Menu",
  more: "Xem thêm",
  resume: "Tiếp tục",
  confirmDelete: "Đồng ý xóa",
  keepData: "Không xóa",
  confirmWithdraw: "Đồng ý hủy",
  keepRequest: "Giữ yêu cầu",
  cancel: "Hủy",
  stillNotWorking: "Vẫn chưa được",
  followSteps: "Làm theo từng bước",
  /** Filled with the step's title when it fits MAX_BUTTON_TITLE_CHARS, else `backToStepShort`. */
  backToStep: "Tiếp tục bước «{step}»",
  backToStepShort: "Tiếp tục bước đang làm",
} as const;

export const TEXT = {
  welcome:
    "Chào mừng bạn đến với trang của Đoàn Thanh niên! 👋\nMình là trợ lý Xung Kích Số. Mình hướng dẫn bạn từng bước ngắn: làm định danh điện tử VNeID, thẻ căn cước, dịch vụ công, thanh toán không tiền mặt, phòng lừa đảo và bán hàng trực tuyến. Khi cần, đoàn viên ở xã sẽ hỗ trợ tận nơi.\n🔒 Mình không bao giờ hỏi mật khẩu, mã OTP hay số căn cước của bạn.",
  welcomeBack:
    "Chào mừng bạn quay lại! 👋 Bạn đang làm dở hướng dẫn «{title}». Bấm «Tiếp tục» để làm tiếp, hoặc chọn việc khác trong menu.",
  menuIntro: "Bạn muốn được hướng dẫn việc gì? Bấm một nút, hoặc gõ số:",
  menuMore: "Hoặc:",
  notUnderstood:
    "Xin lỗi, mình chưa hiểu ý bạn 🙏 Bạn có thể gõ ngắn gọn, ví dụ «vneid», «căn cước», «chuyển khoản», «lừa đảo» (có dấu hay không dấu đều được), hoặc chọn trong menu bên dưới.",
  notUnderstoodInStep:
    "Mình chưa hiểu câu trả lời 🙏 Ở bước «{step}» bạn bấm một nút bên dưới nhé. Muốn chọn việc khác, gõ «menu».",
  otherTopicInStep:
    "Bạn đang làm bước «{step}» của hướng dẫn «{current}». Muốn chuyển sang «{other}», hãy gõ «menu» rồi chọn; tiến độ hiện tại được giữ lại.",
  nothingStarted: "Bạn chưa bắt đầu hướng dẫn nào. Hãy chọn một việc trong menu nhé:",
  greeting: "Chào bạn! 😊 Mình có thể giúp gì cho bạn?",
  /** Sent once a minute at most to a resident sending faster than a person types (see throttle-resident-turns). */
  tooManyMessages:
    "Mình nhận được nhiều tin nhắn của bạn cùng lúc nên chưa trả lời hết được 🙏 Bạn chờ khoảng một phút rồi nhắn lại điều cần hỏi giúp mình nhé.",
  ratingThanks: "Cảm ơn bạn đã đánh giá! Ý kiến của bạn giúp các đoàn viên hỗ trợ bà con tốt hơn. 💙",
  thanks: "Không có gì ạ! 😊 Khi cần, bạn cứ nhắn «menu» để xem các hướng dẫn.",
  thanksInStep: "Không có gì ạ! 😊",
  laterInStep:
    "Không sao ạ, lúc nào tiện bạn nhắn «tiếp tục» để làm tiếp bước «{step}» nhé. Mình vẫn giữ chỗ bạn đang làm. 😊",
  startAtStep: "Mình đưa bạn đến bước «{step}» trong hướng dẫn «{title}».",
  resumed: "Mình tiếp tục hướng dẫn «{title}» từ bước «{step}» nhé.",
  checklistUpdated: "Hướng dẫn «{title}» vừa được cập nhật, mình đưa bạn về bước đầu nhé.",
  nothingToResume: "Bạn không có hướng dẫn nào đang làm dở. Hãy chọn một việc trong menu:",
  restarted: "Mình bắt đầu lại hướng dẫn «{title}» từ đầu nhé.",
  genericStuck:
    "Không sao cả, ai mới làm cũng có lúc vướng. Bạn có thể đọc lại và thử lại, bỏ qua bước này, hoặc nhờ đoàn viên ở xã đến hỗ trợ.",
  stillStuck: "Mình hiểu. Bạn bấm «Nhờ đoàn viên hỗ trợ» để đoàn viên ở xã đến giúp nhé, hoặc thử lại lúc khác.",
  completedSuggest: "Bạn có thể tìm hiểu tiếp:",
  help: "Cách dùng trợ lý:\n• Bấm nút bên dưới mỗi tin, hoặc gõ (có dấu hay không dấu đều được).\n• «menu»: xem các hướng dẫn\n• «tiếp tục»: làm tiếp bước đang dở\n• «bắt đầu lại»: làm lại hướng dẫn đang xem từ đầu\n• «nhờ đoàn viên hỗ trợ»: hẹn đoàn viên ở xã đến giúp\n• «đổi xã»: đổi xã/phường bạn ở\n• «dừng nhắc» / «nhắc lại»: tắt / bật tin nhắc việc còn dở\n• «xóa dữ liệu của tôi»: xóa thông tin của bạn ở đây",
  remindersOff: "Mình đã tắt tin nhắc việc còn dở. Khi muốn nhận lại, bạn nhắn «nhắc lại» nhé.",
  remindersOn: "Mình đã bật lại tin nhắc. Mình sẽ nhắc nhẹ nếu bạn làm dở một hướng dẫn.",
  confirmDelete:
    "Bạn có chắc muốn xóa dữ liệu của bạn ở đây không? Mình sẽ xóa tiến độ các hướng dẫn, yêu cầu hỗ trợ và nội dung tin nhắn bạn đã gửi. Việc này không hoàn tác được.",
  deleted:
    "Đã xóa dữ liệu của bạn ✅ Mình chỉ giữ số liệu thống kê không gắn với ai. Khi cần, bạn vẫn có thể nhắn «menu» bất cứ lúc nào.",
  deleteCancelled: "Đã hủy, dữ liệu của bạn được giữ nguyên.",
  privacyWarning:
    "⚠️ Để bảo vệ bạn, mình đã ẩn số định danh, mã OTP, mật khẩu hoặc số thẻ trong tin nhắn vừa rồi và không lưu lại.\nĐừng gửi các thông tin này cho bất kỳ ai qua tin nhắn: công an và ngân hàng không bao giờ hỏi chúng qua điện thoại hay mạng xã hội.",
  askUnit: "Bạn ở xã/phường nào? Gõ tên xã (ví dụ «{example}»), hoặc chọn bên dưới:",
  askUnitShort: "Bạn ở xã/phường nào? Gõ tên xã, hoặc chọn bên dưới:",
  askUnitAgain: "Mình chưa tìm thấy xã «{typed}». Bạn gõ lại tên xã (không cần dấu), hoặc chọn bên dưới:",
  askUnitAmbiguous: "Có vài xã gần giống, bạn ở xã nào?",
  noUnits:
    "Hiện mình chưa có danh sách xã để gửi yêu cầu 🙏 Bạn vui lòng liên hệ Đoàn xã hoặc công an xã nơi bạn ở để được hỗ trợ trực tiếp.",
  askTime:
    "Đoàn viên {unit} có thể đến hỗ trợ bạn lúc nào? Bấm một nút, hoặc gõ thời gian thuận tiện (ví dụ «8 giờ sáng thứ bảy»):",
  helpOpenedResume: "Trong lúc chờ, bạn có thể nhắn «tiếp tục» để làm tiếp bước đang dở.",
  helpCancelled: "Đã hủy yêu cầu hỗ trợ. Khi cần, bạn nhắn «nhờ đoàn viên hỗ trợ» nhé.",
  askWithdrawOne: "Bạn muốn hủy yêu cầu hỗ trợ «{topic}»?",
  withdrawClaimedBy: "Đoàn viên {member} đã nhận yêu cầu này; mình sẽ báo để bạn ấy không đến nữa.",
  askWithdrawAll: "Bạn đang có {count} yêu cầu hỗ trợ chờ đoàn viên: {topics}. Bạn muốn hủy tất cả?",
  helpRequestWithdrawn: "Đã hủy yêu cầu hỗ trợ của bạn ✅",
  withdrawnTold: "Mình đã báo đoàn viên {members} không cần đến nữa.",
  helpAgainHint: "Khi cần, bạn nhắn «nhờ đoàn viên hỗ trợ» bất cứ lúc nào.",
  helpRequestKept: "Yêu cầu hỗ trợ của bạn vẫn được giữ. Đoàn viên sẽ liên hệ với bạn như đã hẹn.",
  noOpenHelpRequest:
    "Hiện bạn không có yêu cầu hỗ trợ nào đang chờ đoàn viên. Khi cần, bạn nhắn «nhờ đoàn viên hỗ trợ» bất cứ lúc nào.",
  helpPausedForQuestion:
    "Mình trả lời câu hỏi của bạn trước nhé. Khi vẫn cần đoàn viên đến giúp, bạn bấm hoặc nhắn «Nhờ đoàn viên hỗ trợ».",
  timeTooLong: "Bạn gõ ngắn gọn thời gian thuận tiện giúp mình nhé (ví dụ «chiều thứ bảy»).",
  sticker: "😊 Cảm ơn bạn!",
  image:
    "Mình chưa xem được ảnh 🙏 Nếu đó là ảnh chụp lỗi trên màn hình, bạn gõ vài chữ mô tả, hoặc nhờ đoàn viên hỗ trợ.\n⚠️ Đừng gửi ảnh thẻ căn cước hay giấy tờ cá nhân cho ai qua tin nhắn.",
  audio: "Mình chưa nghe được tin nhắn thoại 🙏 Bạn gõ chữ (không dấu cũng được) hoặc bấm nút giúp mình nhé.",
  video: "Mình chưa xem được video 🙏 Bạn gõ vài chữ mô tả, hoặc bấm nút giúp mình nhé.",
  file: "Mình chưa đọc được tệp này 🙏 Bạn gõ vài chữ cho mình biết bạn cần gì nhé.",
  location:
    "Cảm ơn bạn đã gửi vị trí 📍 Hiện mình chưa tra được điểm hỗ trợ gần nhất theo vị trí. Bạn có thể nhờ đoàn viên ở xã mình đến giúp: bấm «Nhờ đoàn viên hỗ trợ» rồi chọn xã.",
  inStepHint: "Bạn đang ở bước «{step}».",
  sameGuideInStep:
    "Câu hỏi của bạn thuộc hướng dẫn «{title}» bạn đang làm. Mình nhắc lại bước «{step}», bạn làm theo hoặc bấm một nút bên dưới nhé:",
  noAnswer:
    "Xin lỗi, mình chưa có câu trả lời cho câu hỏi này 🙏 Mình đã ghi lại để các anh chị trong Đoàn bổ sung. Bạn có thể chọn một hướng dẫn trong menu, hoặc bấm «Nhờ đoàn viên hỗ trợ» để đoàn viên ở xã giúp trực tiếp.",
  askWhich: "Bạn hỏi về «{a}» hay «{b}»? Bấm một nút bên dưới nhé.",
  suggestInStep:
    "Có phải bạn hỏi về «{a}»? Bấm nút đó để xem câu trả lời, hoặc bấm nút tiếp tục để quay lại bước «{step}».",
  answerInStep: "(Bạn đang làm bước «{step}»: bấm nút bên dưới để quay lại bước đó.)",
  sameAnswerAgain:
    "Mình nhắc lại hướng dẫn «{title}» (mình chưa có thêm thông tin nào khác); chưa rõ thì bấm «Nhờ đoàn viên hỗ trợ» nhé:",
  scamAlreadyDone:
    "Mình hiểu 🙏 Bạn làm ngay các bước ở trên nhé, càng sớm càng tốt. Mất tiền thì gọi tổng đài ngân hàng để khóa tài khoản và báo công an xã/phường. Cần người giúp ngay, bấm «Nhờ đoàn viên hỗ trợ».",
  answerDone: "Tuyệt vời! 🎉 Khi cần, bạn cứ nhắn câu hỏi, hoặc gõ «menu» để xem các hướng dẫn.",
  answerNotHelped:
    "Mình tiếc là chưa giúp được bạn 🙏 Bạn có thể nhờ đoàn viên ở xã đến hỗ trợ trực tiếp (miễn phí), hoặc làm theo hướng dẫn từng bước.",
  personLead: "Mình hiểu, để đoàn viên ở xã đến giúp bạn tận nơi nhé 💙",
  topicGeneral: "Hỗ trợ chung",
} as const;

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}
