import type { KnowledgeSource } from "./types.ts";

/**
 * The pages the knowledge base's facts were checked against, shared by the entries that rely on them. Every page here
 * was read on `checkedOn` through the project's search tool (a stored copy of the public page). Official pages are
 * preferred; where no official page was reachable, a national newspaper quoting the official rule or the police is
 * cited instead, and the answer says no more than that article confirms.
 */
const CHECKED_ON = "2026-12-01";

function source(title: string, url: string, checkedOn: string = CHECKED_ON): KnowledgeSource {
  return { title, url, checkedOn };
}

export const SOURCES = {
  // Electronic identity (VNeID)
  vneidForgotPassword: source(
    "Dân trí: Cách xử lý khi quên mật khẩu đăng nhập ứng dụng VNeID (04/12/2025)",
    "https://dantri.com.vn/cong-nghe/cach-xu-ly-trong-truong-hop-quen-mat-khau-dang-nhap-ung-dung-vneid-20251203003057624.htm",
  ),
  vneidNewDevice: source(
    "PLO: Cách đăng nhập VNeID trên điện thoại mới khi không còn thiết bị cũ (19/08/2025)",
    "https://plo.vn/ky-nguyen-so/cach-dang-nhap-ung-dung-vneid-tren-dien-thoai-moi-khi-khong-con-thiet-bi-cu-post866326.html",
  ),
  vneidLostPhone: source(
    "Znews: Mất điện thoại, làm sao đăng nhập được VNeID",
    "https://znews.vn/mat-dien-thoai-lam-sao-dang-nhap-duoc-vneid-post1606908.html",
  ),
  vneidOneDevice: source(
    "CafeF: Một lưu ý khi đăng nhập VNeID trên điện thoại mới (07/09/2025)",
    "https://cafef.vn/mot-luu-y-khi-dang-nhap-vneid-tren-dien-thoai-moi-ma-nguoi-dung-nen-nho-188250907144814501.chn",
  ),
  vneidRegistrationErrors: source(
    "UBND xã Chợ Bình Tây: Vì sao nhiều người chưa đăng ký được tài khoản định danh điện tử",
    "https://chobinhtay.gov.vn/vi/tin-tuc/vi-sao-nhieu-nguoi-chua-dang-ky-duoc-tai-khoan-dinh-danh-dien-tu/19550",
  ),
  vneidLevels: source(
    "Phụ nữ và Gia đình (theo Công an tỉnh Nghệ An): Cách xử lý khi gặp lỗi đăng ký tài khoản định danh điện tử",
    "https://www.phunuvagiadinh.vn/xa-hoi-168/cach-xu-ly-khi-gap-loi-ang-ky-tai-khoan-inh-danh-ien-tu-tren-ung-dung-vneid-539247",
  ),
  vneidChildren: source(
    "CafeF: Loạt tiện ích trên VNeID mà gia đình có trẻ dưới 6 tuổi nên biết (15/12/2025)",
    "https://cafef.vn/loat-tien-ich-tren-vneid-ma-gia-dinh-co-tre-duoi-6-tuoi-nen-biet-keo-mat-quyen-loi-188251215110821126.chn",
  ),
  vneidOneAccount: source(
    "Dân trí: Hai cách lấy lại mật khẩu VNeID (Nghị định 59/2022/NĐ-CP, tài khoản VNeID trên dịch vụ công)",
    "https://dansinh.dantri.com.vn/dien-dan-dan-sinh/hai-cach-lay-lai-mat-khau-vneid-don-gian-ai-cung-lam-duoc-20240514104513263.htm",
  ),
  vneidPasscode: source(
    "Đời sống & Pháp luật: Cách lấy lại passcode VNeID (24/04/2024)",
    "https://m.doisongphapluat.nguoiduatin.vn/cach-lay-lai-mat-khau-vneid-don-gian-a416451.html",
  ),
  vneidDocuments: source(
    "Nghệ An 24h: Những loại giấy tờ có thể tích hợp trên VNeID (Ví giấy tờ › Tích hợp thông tin; thẻ BHYT điện tử) (11/08/2025)",
    "https://nghean24h.vn/day-la-nhung-loai-giay-to-co-the-tich-hop-tren-vneid-a758648.html",
  ),
  vneidReplacesPapers: source(
    "VnExpress: VNeID có thể thay thế những giấy tờ nào (mã số BHXH đồng nhất với số định danh từ 1/8/2025) (10/08/2025)",
    "https://vnexpress.net/vneid-co-the-thay-the-nhung-giay-to-nao-4924821.html",
  ),
  vneidDeviceManagement: source(
    "Vietnam.vn: Cách đăng nhập VNeID khi không còn thiết bị cũ (NFC; Cá nhân › Quản lý thiết bị › Hủy liên kết)",
    "https://vietnam.vn/en/huong-dan-cach-dang-nhap-vneid-khi-khong-con-thiet-bi-cu",
  ),
  vneidLevel2Anywhere: source(
    "PLO: Cần làm gì khi quên passcode VNeID (mức 2 đăng ký tại công an xã/phường bất kỳ)",
    "https://plo.vn/can-lam-gi-khi-quen-passcode-cua-ung-dung-vneid-post795976.html",
  ),
  // No Bộ Công an page on fees was reachable; both quote the Government decree (Nghị định 59/2022/NĐ-CP, Điều 31) and
  // the Bộ Công an procedure (Quyết định 9039/QĐ-BCA-C06, "Phí, lệ phí: Không"). The answer says only "free".
  vneidFree: source(
    "Pháp luật và Cuộc sống: Có phải trả phí khi đăng ký và sử dụng tài khoản định danh điện tử? (07/06/2023)",
    "https://phapluatvacuocsong.vn/co-phai-tra-phi-khi-dang-ky-va-su-dung-tai-khoan-dinh-danh-dien-tu-a64918.html",
  ),
  vneidFreeLaw: source(
    "Thư Viện Pháp Luật: Miễn chi phí đăng ký cấp tài khoản định danh điện tử và chi phí sử dụng tài khoản",
    "https://thuvienphapluat.vn/phap-luat/ho-tro-phap-luat/mien-chi-phi-dang-ky-cap-tai-khoan-dinh-danh-dien-tu-va-chi-phi-su-dung-tai-khoan-dinh-danh-dien-tu-36526.html",
  ),
  vneidDeveloperSecurity: source(
    "Thanh Niên (Cục Cảnh sát QLHC về TTXH, Bộ Công an): VNeID do Bộ Công an phát triển; dữ liệu không lưu trên máy, bên thứ ba phải được chủ tài khoản đồng ý (06/2025)",
    "https://thanhnien.vn/sieu-ung-dung-vneid-tang-toc-185250602230510602.htm",
  ),
  vneidSupportedPhones: source(
    "VietNamNet (Công an TP Hà Nội): Những điện thoại nào sử dụng được ứng dụng định danh điện tử quốc gia (Android, iOS; camera, cấu hình, Internet)",
    "https://vietnamnet.vn/nhung-dien-thoai-nao-su-dung-duoc-ung-dung-dinh-danh-dien-tu-quoc-gia-2024266.html",
  ),
  vneidWhatIsAccount: source(
    "Thanh Niên (C06, Bộ Công an): Tài khoản định danh điện tử định danh con người trên môi trường điện tử, có giá trị tương đương thẻ CCCD gắn chip",
    "https://thanhnien.vn/vi-giay-to-dien-tu-cho-cong-dan-post1492780.html",
  ),
  vneidWhoIsEligible: source(
    "LuatVietnam: Điều 7 Nghị định 69/2024/NĐ-CP – ai được cấp tài khoản định danh điện tử mức 1, mức 2 (từ 01/7/2024)",
    "https://luatvietnam.vn/tin-van-ban-moi/tre-duoi-14-tuoi-duoc-cap-tai-khoan-dinh-danh-dien-tu-rieng-tu-01-7-2024-186-98151-article.html",
  ),
  criminalRecordVneid: source(
    "Công an tỉnh Lai Châu: Hướng dẫn yêu cầu cấp phiếu lý lịch tư pháp trên ứng dụng VNeID",
    "https://congan.laichau.gov.vn/savefile/chuyen-doi-so/huong-dan-yeu-cau-cap-phieu-ly-lich-tu-phap-tren-ung-dung-vneid-3308.html",
  ),
  socialSecurityAccountSteps: source(
    "VnExpress: Người dân nhận 100.000 đồng dịp 2/9 như thế nào (VNeID mức 2; An sinh xã hội › Tài khoản hưởng An sinh xã hội; passcode; CMND 9 số nếu tài khoản mở bằng CMND) (29/08/2025)",
    "https://vnexpress.net/nguoi-dan-nhan-100-000-dong-dip-2-9-nhu-the-nao-4932859.html",
  ),
  socialSecurityAccountC06: source(
    "VnExpress (Cục Cảnh sát QLHC về TTXH, Bộ Công an): Chủ hộ tích hợp tài khoản hưởng an sinh trên VNeID để nhận tiền cho cả gia đình, hoặc nhận trực tiếp tại điểm chi trả (31/08/2025)",
    "https://vnexpress.net/chu-ho-tich-hop-tai-khoan-huong-an-sinh-tren-vneid-de-nhan-tien-2-9-cho-ca-gia-dinh-4933688.html",
  ),
  socialSecurityAccountBank: source(
    "Soha (hướng dẫn của Agribank, Sacombank): tài khoản liên kết phải là tài khoản VND cùng chủ, đang hoạt động; xem kết quả trong lịch sử đăng ký (28/08/2025)",
    "https://soha.vn/hai-luu-y-quan-trong-khi-lien-ket-tai-khoan-ngan-hang-nhan-an-sinh-xa-hoi-tren-ung-dung-vneid-198250828145006298.htm",
  ),
  socialSecurityAccountMismatch: source(
    "CafeF: Liên kết tài khoản ngân hàng nhận an sinh xã hội trên VNeID bị từ chối khi họ tên, số giấy tờ ở ngân hàng không khớp dữ liệu dân cư (25/11/2025)",
    "https://cafef.vn/lien-ket-tai-khoan-ngan-hang-nhan-an-sinh-xa-hoi-tren-vneid-co-2-truong-hop-nguoi-dan-can-dac-biet-luu-y-188251125093128175.chn",
  ),
  // Identity card (Luật Căn cước 2023)
  identityLawRenewal: source(
    "CafeF: Điều 24 Luật Căn cước – các trường hợp cấp đổi, cấp lại thẻ căn cước (02/07/2025)",
    "https://cafef.vn/nguoi-dan-duoc-loi-voi-chinh-sach-moi-lien-quan-den-the-can-cuoc-tu-ngay-1-7-188250702200551522.chn",
  ),
  identityLawAges: source(
    "Ngôi Sao: Điều 21 Luật Căn cước 2023 – tuổi đổi thẻ và thẻ cấp trong 2 năm trước tuổi đổi",
    "https://m.ngoisao.vn/theo-dong-su-kien/kien-thuc/truong-hop-nao-khong-can-doi-the-can-cuoc-khi-du-14-25-40-60-tuoi-442164.htm",
  ),
  identityLawCmnd: source(
    "24h: Những lưu ý về Luật Căn cước (CMND có giá trị đến hết 31/12/2024; dưới 14 tuổi cấp theo nhu cầu)",
    "https://us.24h.com.vn/tin-tuc-trong-ngay/4-luu-y-quan-trong-ve-luat-can-cuoc-c46a1547188.html",
  ),
  identityChildren: source(
    "Thanh Niên: Làm thẻ căn cước ở đâu, thủ tục cho trẻ từ 6 đến dưới 14 tuổi và dưới 6 tuổi",
    "https://thanhnien.vn/dau-nam-2025-cmnd-se-het-gia-tri-su-dung-185241228224737565.htm",
  ),
  identityProcedure: source(
    "PLO (Phòng PC06 Công an TP.HCM): Thủ tục làm căn cước cho người lớn và trẻ em",
    "https://plo.vn/thu-tuc-lam-can-cuoc-cho-nguoi-lon-va-tre-em-post798672.html",
  ),
  identityDeadline: source(
    "Thời hạn cấp thẻ căn cước 7 ngày làm việc (Điều 26 Luật Căn cước 2023)",
    "https://th389.vn/tu-01-7-2024-tre-em-duoi-6-tuoi-lam-can-cuoc-can-cung-cap-thong-tin-gi-a177780.html",
  ),
  identityFees2026: source(
    "Gia đình & Xã hội: Từ 1/1/2026 hết giảm 50% lệ phí cấp đổi, cấp lại thẻ căn cước (Thông tư 64/2025/TT-BTC, 73/2024/TT-BTC)",
    "https://giadinh.suckhoedoisong.vn/tu-1-1-2026-hang-trieu-nguoi-cap-doi-cap-lai-the-can-cuoc-khong-con-duoc-huong-quyen-loi-dac-biet-nay-172251224151327514.htm",
  ),
  identityAddressChange: source(
    "Soha: Quy định về lệ phí thẻ căn cước từ 1/1/2026 (đổi thẻ do sắp xếp địa giới trên VNeID miễn phí)",
    "https://soha.vn/quy-dinh-moi-nhat-lien-quan-den-the-can-cuoc-ap-dung-tu-ngay-1-1-2026-198260130111915008.htm",
  ),
  identityFeeAmounts: source(
    "Soha: Mức lệ phí cấp đổi, cấp lại thẻ căn cước theo Thông tư 73/2024/TT-BTC và mức giảm theo Thông tư 64/2025/TT-BTC (23/12/2025)",
    "https://soha.vn/thong-tin-quan-trong-lien-quan-den-the-can-cuoc-cua-tat-ca-nguoi-dan-trong-nam-2026-198251223125859771.htm",
  ),
  identityReissueOnline: {
    title:
      "PLO (lãnh đạo Phòng PC06 Công an TP.HCM): Mất thẻ căn cước còn giá trị sử dụng có thể được cấp lại trực tuyến (Điều 25 Luật Căn cước)",
    url: "https://plo.vn/mat-the-can-cuoc-co-the-duoc-cap-lai-truc-tuyen-post873504.html",
    checkedOn: "2026-12-02",
  },
  identityReissueByPost: {
    title:
      "Kênh 14 (theo Công an Gia Lai): Cấp lại thẻ căn cước qua Cổng dịch vụ công Bộ Công an, nhận kết quả qua bưu chính",
    url: "https://kenh14.vn/2-thong-tin-quan-trong-lien-quan-den-the-can-cuoc-cua-tat-ca-nguoi-dan-215251221083424904.chn",
    checkedOn: "2026-12-02",
  },
  // Public services
  birthLienThong: source(
    "Thư viện Pháp luật: Nghị định 63/2024/NĐ-CP – liên thông khai sinh, thường trú, thẻ BHYT trẻ dưới 6 tuổi",
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/83A30A8-hd-huong-dan-dang-ky-khai-sinh-va-the-bhyt-cung-luc-cho-tre-em-duoi-06-tuoi-tren-vneid.html",
  ),
  vssidPassword: source(
    "Chinhphu.vn (qua Báo Đắk Nông): Hướng dẫn lấy lại mật khẩu tài khoản đăng nhập ứng dụng VssID",
    "https://baodaknong.vn/print/147955.html",
  ),
  vssidLogin: source(
    "ebh.vn: Cách đăng nhập VssID và các lỗi thường gặp",
    "https://ebh.vn/tin-tuc/cach-dang-nhap-vssid",
  ),
  maritalStatus: source(
    "Dân trí: Hướng dẫn xác thực tình trạng hôn nhân bằng ứng dụng VNeID (13/01/2026)",
    "https://dantri.com.vn/cong-nghe/huong-dan-cach-xac-thuc-tinh-trang-hon-nhan-bang-ung-dung-vneid-20260113123429902.htm",
  ),
  temporaryResidenceVneid: source(
    "24h: Chi tiết cách đăng ký tạm trú và nhận kết quả qua VNeID (11/12/2025)",
    "https://www.24h.com.vn/cong-nghe-thong-tin/chi-tiet-cach-dang-ky-tam-tru-va-nhan-ket-qua-qua-vneid-c55a1720782.html",
  ),
  temporaryResidenceLaw: source(
    "PLO: Cách đăng ký tạm trú trên VNeID (Luật Cư trú 2020: ở ngoài xã thường trú từ 30 ngày) (03/11/2025)",
    "https://plo.vn/ky-nguyen-so/cach-dang-ky-tam-tru-tren-ung-dung-vneid-de-khong-bi-phat-1-trieu-post879138.html",
  ),
  // Cashless
  sbvBiometric2345: source(
    "UBND phường Uông Bí: Từ 1/7/2024 chuyển tiền trên 10 triệu phải xác thực khuôn mặt (Quyết định 2345/QĐ-NHNN)",
    "https://uongbi.gov.vn/tu-1-7-chuyen-tien-tren-10-trieu-phai-xac-thuc-bang-khuon-mat-van-tay-p13n77350.html",
  ),
  sbvCircular17: source(
    "24h: Từ 1/1/2025 không giao dịch trực tuyến được nếu chưa xác thực sinh trắc học (Thông tư 17/2024/TT-NHNN)",
    "https://www.24h.com.vn/kinh-doanh/tu-1-1-2025-khong-giao-dich-duoc-tien-neu-chua-xac-thuc-sinh-trac-hoc-c161a1598633.html",
  ),
  biometricCounter: source(
    "Gia đình & Xã hội: Các trường hợp phải ra quầy ngân hàng khi không xác thực được sinh trắc học",
    "https://giadinh.suckhoedoisong.vn/4-truong-hop-chuyen-khoan-tren-10-trieu-dong-bat-buoc-phai-ra-ngan-hang-tu-1-7-toi-172240628164016482.htm",
  ),
  biometricNfc: source(
    "Soha: Quy trình xác thực sinh trắc học trên ứng dụng ngân hàng (chụp thẻ, quét NFC, quét khuôn mặt)",
    "https://soha.vn/the-gioi-chia-lam-2-nua-nua-xac-thuc-sinh-trac-em-ru-nua-con-lai-7749-kiep-nan-van-chua-hoan-thanh-19824070115181966.htm",
  ),
  atmPinChange: {
    title:
      "VTC News: Đổi mã PIN thẻ ATM có cần đúng cây ATM? (đổi tại cây ATM của ngân hàng phát hành; không đổi được thì ra chi nhánh, phòng giao dịch) (10/2023)",
    url: "https://vtc.vn/doi-ma-pin-the-atm-co-can-dung-cay-atm-ar826990.html",
    checkedOn: "2026-12-02",
  },
  mastercardPin: {
    title:
      "Mastercard Việt Nam: Mã PIN ATM (quên mã PIN thì yêu cầu ngân hàng cấp mã PIN mới; không cho ai biết mã PIN)",
    url: "https://www.mastercard.com.vn/vi-vn/consumers/payment-technologies/safety-and-security/atm-pin.html",
    checkedOn: "2026-12-02",
  },
  atmWithdrawSeabank: {
    title:
      "SeABank: Hướng dẫn rút tiền thẻ ATM (đưa thẻ theo chiều mũi tên, chọn ngôn ngữ, nhập mã PIN che bàn phím, chọn «Rút tiền», chọn tài khoản thanh toán, chọn hoặc nhập số tiền) (02/04/2025)",
    url: "https://www.seabank.com.vn/tin-tuc/tu-van-dich-vu/tu-van-meo/huong-dan-rut-tien-the-atm",
    checkedOn: "2026-12-02",
  },
  atmPinLocked: source(
    "VOV: Phải làm sao khi nhập sai mã PIN ATM ba lần khiến thẻ bị khóa (mở lại tại quầy với giấy tờ tùy thân, thường không mất phí)",
    "https://vov.vn/kinh-te/phai-lam-sao-khi-nhap-sai-ma-pin-atm-ba-lan-khien-the-bi-khoa-post1052498.vov",
  ),
  atmPinUnlockChannels: source(
    "Ngôi Sao: Mật khẩu rút tiền của thẻ sai ba lần (có ngân hàng mở khóa tại quầy, có ngân hàng qua điện thoại hoặc trực tuyến) (05/07/2023)",
    "https://m.ngoisao.vn/cong-nghe/xai-gi/toi-phai-lam-gi-neu-mat-khau-rut-tien-cua-the-ngan-hang-bi-sai-ba-lan-thuc-hien-bon-bien-phap-de-giai-quyet-403219.htm",
  ),
  cardLockedAccountWorks: source(
    "Đời sống & Pháp luật: Thẻ bị khóa vẫn giao dịch được qua ngân hàng điện tử hoặc tại quầy; tài khoản bị khóa thì không",
    "https://amp.doisongphapluat.com.vn/tai-khoan-ngan-hang-bi-khoa-tien-cua-ban-se-di-ve-dau-a629161.html",
  ),
  atmRetainedBank: source(
    "VIB (cẩm nang của ngân hàng): Hướng dẫn rút tiền ATM an toàn, xử lý khi bị nuốt thẻ (14/06/2024)",
    "https://vib.com.vn/vn/cam-nang/back+log/cach-rut-tien-atm",
  ),
  atmIncidentExpert: source(
    "Kinh tế & Đô thị (chuyên gia ngân hàng): Làm thế nào khi rút tiền bị ATM nuốt thẻ, hoặc bị trừ tiền mà máy không chi tiền",
    "https://kinhtedothi.vn/lam-the-nao-khi-rut-tien-bi-atm-nuot-the-trong-ngay-tet.html",
  ),
  // The association's page was read over http; the same path is served over https.
  cardDisputeRule: source(
    "Hiệp hội Ngân hàng Việt Nam: Tra soát giao dịch (Điều 15a Thông tư 32/2016/TT-NHNN; ATM không thành công mà vẫn trừ tiền; tra soát qua điện thoại và tại chi nhánh)",
    "https://vnba.org.vn/gop-y-chinh-sach/tra-cuu-van-ban/item/4773-mat-bao-lau-de-duoc-hoan-tien-ve-tai-khoan-sau-khi-tra-soat",
  ),
  sellAccountFine340: source(
    "Thanh Niên: Nghị định 340/2025/NĐ-CP – phạt 100–150 triệu đồng khi mua, bán, cho thuê, cho mượn tài khoản thanh toán (từ 09/02/2026) (09/01/2026)",
    "https://thanhnien.vn/ca-nhan-bi-phat-den-200-trieu-dong-khi-mua-ban-cho-muon-tai-khoan-ngan-hang-185260109081201274.htm",
  ),
  sellAccountPolice: source(
    "Soha (Công an tỉnh Phú Thọ): Mua bán, cho thuê, cho mượn tài khoản ngân hàng là vi phạm pháp luật; người đứng tên phải chịu trách nhiệm",
    "https://soha.vn/cong-an-canh-bao-nong-lien-quan-den-tai-khoan-ngan-hang-the-atm-198260125162348769.htm",
  ),
  wrongTransferPolice: source(
    "CafeF (theo cơ quan công an): Xử lý thế nào khi bị lừa đảo chuyển tiền nhầm",
    "https://cafef.vn/xu-ly-the-nao-khi-bi-lua-dao-chuyen-tien-nham-ngay-tet-2023011923573728.chn",
  ),
  wrongTransferBank: source(
    "Soha (theo khuyến cáo của ngân hàng VPBank): Nhận tiền chuyển nhầm, không tự chuyển trả lại (16/08/2025)",
    "https://soha.vn/nhan-duoc-tien-chuyen-khoan-ngan-hang-lon-canh-bao-khong-chuyen-tra-lai-trong-truong-hop-sau-198250815230244237.htm",
  ),
  lostCardLockFirst: source(
    "Kenh14: Những điều cần làm ngay sau khi đánh mất thẻ tín dụng: khóa thẻ qua ứng dụng hoặc tổng đài, tra soát giao dịch không phải do mình thực hiện (30/11/2025)",
    "https://kenh14.vn/nhung-dieu-can-lam-ngay-sau-khi-danh-mat-the-tin-dung-21525113017363954.chn",
    "2026-12-03",
  ),
  unauthorizedDebitBank: source(
    "CafeF: Nên làm gì khi không thực hiện giao dịch mà tài khoản ngân hàng bị trừ tiền? (theo hướng dẫn của các ngân hàng, 24/02/2022)",
    "https://cafef.vn/nen-lam-gi-khi-khong-thuc-hien-giao-dich-ma-tai-khoan-ngan-hang-bi-tru-tien-2022022410583205.chn",
    "2026-12-03",
  ),
  pensionAccount: source(
    "Thủ tục pháp luật: Thủ tục thay đổi tài khoản nhận lương hưu",
    "https://thutucphapluat.com/bai-viet/3350",
  ),
  // Online safety
  policeAfterScam: source(
    "24h (khuyến cáo của Bộ Công an): Vì sao bị lừa lần một lại tiếp tục sập bẫy lần hai",
    "https://www.24h.com.vn/an-ninh-hinh-su/ly-do-bi-lua-dao-tren-mang-xa-hoi-lan-mot-nhung-tiep-tuc-bi-sap-bay-lan-hai-c51a1529754.html",
  ),
  policeHanoiWarning: source(
    "24h (Phòng An ninh mạng, Công an TP Hà Nội): Rất khó lấy lại tiền đã chuyển cho kẻ lừa đảo",
    "https://us.24h.com.vn/an-ninh-hinh-su/lat-tay-bay-lua-dao-tren-mang-dip-cuoi-nam-c51a1533578.html",
  ),
  policeInvestmentScam: source(
    "Thanh Niên (Công an TP Hà Nội): Lừa đảo đầu tư tiền ảo, cho «chơi thử» rồi không cho rút (10/08/2025)",
    "https://thanhnien.vn/nguoi-phu-nu-o-ha-noi-duoc-toi-pham-chuyen-18-trieu-dong-choi-thu-tien-ao-185250810181625254.htm",
  ),
  policeInvestmentScamFees: source(
    "Báo Lào Cai (Công an TP Hà Nội): Cảnh giác khi tham gia đầu tư tiền ảo",
    "https://baolaocai.vn/canh-giac-khi-tham-gia-dau-tu-tien-ao-post383084.html",
  ),
  policeRecoveryScam: source(
    "Vietnam Media – TTXVN (Cục Cảnh sát hình sự, Bộ Công an): Cảnh giác dịch vụ lấy lại tiền bị lừa",
    "https://vietnammedia.vnanet.vn/news/nan-nhan-bi-lua-dao-can-canh-giac-voi-dich-vu-lay-lai-tien-de-khong-bi-lua-dao-lan-2-105687.htm",
  ),
  ncscOfficialSite: source(
    "CafeF: Cảnh báo giả mạo website Trung tâm Giám sát an toàn không gian mạng quốc gia (khonggianmang.vn)",
    "https://cafef.vn/canh-bao-gia-mao-website-trung-tam-giam-sat-an-toan-khong-gian-mang-quoc-gia-de-lua-dao-188240402133657551.chn",
  ),
  tinNhiemMang: source(
    "SGGP: Tra cứu website lừa đảo trên tinnhiemmang.vn, hướng dẫn có trên VNeID",
    "https://www.sggp.org.vn/co-the-tra-cuu-cac-website-lua-dao-tren-vneid-post779336.html",
  ),
  fakeCyberPolice: source(
    "Cảnh giác trước các trang web mạo danh «Cục An ninh mạng» (Bộ Công an: không có fanpage hỗ trợ lấy lại tiền)",
    "https://m.tinbong247news.net/canh-giac-truoc-cac-trang-web-mao-danh-cuc-an-ninh-mang-167756.html",
  ),
  identityMisusedLoan: source(
    "Đảng Cộng sản Việt Nam (ý kiến bạn đọc): Làm gì khi thông tin CCCD bị lạm dụng để vay nợ (25/11/2024)",
    "https://dangcongsan.vn/ban-doc/y-kien-ban-doc/lam-gi-khi-thong-tin-cccd-bi-lam-dung-684338.html",
  ),
  identityLeakCheck: source(
    "LuatVietnam: Cần làm gì khi bị lộ số CMND, Căn cước công dân (kiểm tra khoản vay tại CIC, hỏi tổng đài ngân hàng)",
    "https://luatvietnam.vn/tin-phap-luat/lam-gi-khi-bi-lo-so-cmnd-230-32262-article.html",
  ),
  spamReport5656: source(
    "Cục An toàn thông tin: Phản ánh tin nhắn rác, cuộc gọi rác (đầu số 5656 miễn phí, cú pháp V và S; website thongbaorac.ais.gov.vn)",
    "https://thongbaorac.ais.gov.vn/",
  ),
  zaloHacked: source(
    "Soha: Tài khoản Zalo có hiện tượng lạ thì đổi mật khẩu, kiểm tra thiết bị đăng nhập (01/12/2025)",
    "https://soha.vn/tai-khoan-zalo-neu-co-hien-tuong-nhu-the-nay-nguoi-dung-phai-doi-mat-khau-va-kiem-tra-cang-som-cang-tot-198251201200345701.htm",
  ),
  zaloDeviceCode: source(
    "Trung tâm hỗ trợ Zalo: Xử lý cảnh báo «Thiết bị lạ yêu cầu mã kích hoạt» trên Zalo (Chặn mã kích hoạt, chặn 24 giờ, cập nhật số mới)",
    "https://beta-help.zalo.me/huong-dan/chuyen-muc/bao-mat-va-rieng-tu/xu-ly-canh-bao-thiet-bi-la-yeu-cau-ma-kich-hoat-tren-zalo",
  ),
  zaloStrangeLogin: source(
    "CafeF: Nhận được 2 thông báo này, Zalo của bạn đang bị theo dõi hoặc chiếm quyền truy cập («Không phải tôi» › «Chặn ngay», rồi đổi mật khẩu) (03/11/2025)",
    "https://cafef.vn/nhan-duoc-2-thong-bao-nay-zalo-cua-ban-dang-bi-theo-doi-hoac-chiem-quyen-truy-cap-188251103070432603.chn",
  ),
  accountLocked: source(
    "CafeF: Zalo, Facebook bỗng dưng bị khóa cần làm gì (29/09/2025)",
    "https://cafef.vn/zalo-facebook-bong-dung-bi-khoa-can-lam-gi-188250929221125297.chn",
  ),
  facebookHacked: source(
    "VTC News: Những dấu hiệu người dùng Facebook cần đổi mật khẩu ngay (28/09/2025)",
    "https://amp.vtcnews.vn/nhung-dau-hieu-nguoi-dung-facebook-can-doi-mat-khau-ngay-ar967087.html",
  ),
  fakeSocialInsuranceVss: source(
    "Soha (Bảo hiểm xã hội Việt Nam): ngành BHXH không gọi điện, nhắn tin yêu cầu cung cấp, cập nhật thông tin cá nhân, tài khoản ngân hàng; làm thủ tục tại cơ quan BHXH, Cổng Dịch vụ công hoặc VssID, miễn phí (23/10/2025)",
    "https://soha.vn/them-thu-doan-lua-dao-moi-nham-den-bhxh-nguoi-dan-ai-cung-nen-biet-198251023225543743.htm",
  ),
  fakeSocialInsuranceInvites: source(
    "CafeF (Bảo hiểm xã hội Việt Nam): không gửi giấy mời hay yêu cầu làm việc qua mạng xã hội, tin nhắn; giấy mời giả «hỗ trợ 100% mức đóng BHYT» (13/11/2025)",
    "https://cafef.vn/bao-hiem-xa-hoi-viet-nam-co-thong-bao-moi-den-nguoi-dan-ca-nuoc-188251113201801928.chn",
  ),
  fakeSocialInsuranceServices: source(
    "Báo Pháp luật Việt Nam (BHXH Việt Nam): BHXH không làm dịch vụ thủ tục, không yêu cầu chuyển tiền vào tài khoản cá nhân",
    "https://baophapluat.vn/hanh-vi-lua-dao-lam-dich-vu-bhxh-tren-mang-xa-hoi-tiep-tuc-tai-dien-post481121.html",
  ),
  fakeTaxOfficerGialai: source(
    "Báo Gia Lai (Thuế tỉnh Gia Lai): cơ quan thuế không yêu cầu cung cấp thông tin, mã OTP qua điện thoại, tin nhắn, mạng xã hội, không gửi link hay tệp .apk; ứng dụng duy nhất là eTaxMobile; giấy mời có số hiệu, chữ ký, con dấu (16/01/2026)",
    "https://baogialai.com.vn/canh-bao-tinh-trang-mao-danh-co-quan-thue-de-lua-dao-chiem-doat-tai-san-post577521.html",
  ),
  fakeTaxOfficerHcm: source(
    "Tiền Phong (Cục Thuế TP.HCM): ứng dụng ngành thuế chỉ tải qua Google Play, App Store; liên hệ số điện thoại đầu mối niêm yết trên trang web của cơ quan thuế",
    "https://tienphong.vn/canh-bao-nan-gia-mao-can-bo-thue-huong-dan-cai-app-de-chiem-doat-tien-post1524788.tpo",
  ),
  fakeTaxInvitation: source(
    "PLO (Thuế tỉnh Quảng Ngãi): giấy mời giả có dấu đỏ về giảm thuế GTGT, hoàn thuế TNCN, rồi gọi điện bắt cài lại eTax Mobile (16/11/2025)",
    "https://plo.vn/thu-doan-lua-dao-moi-gui-giay-moi-gia-co-quan-thue-den-doanh-nghiep-post881554.html",
  ),
  cardAnnualFeeZalopay: {
    title:
      "Zalopay: Tài khoản thu phí thường niên là gì? (phí thu hằng năm để duy trì thẻ, tính từ khi mở thẻ; thẻ ghi nợ nội địa trừ thẳng vào tài khoản, không đủ số dư thì thu vào lần sau; mức phí tùy ngân hàng, loại thẻ)",
    url: "https://zalopay.vn/tai-khoan-thu-phi-thuong-nien-la-gi-3057",
    checkedOn: "2026-12-02",
  },
  cardAnnualFeeLaw: {
    title:
      "Thư Viện Pháp Luật: Phí thường niên là gì? Mức phí thường niên thẻ ATM là bao nhiêu? (pháp luật không định nghĩa; ngân hàng thu qua tài khoản gắn với thẻ)",
    url: "https://thuvienphapluat.vn/banan/tin-tuc/phi-thuong-nien-la-gi-muc-phi-thuong-nien-the-atm-la-bao-nhieu-8613",
    checkedOn: "2026-12-02",
  },
  // E-commerce
  sendoOpenShop: source(
    "Sendo – Trung tâm hỗ trợ người bán: Cách đăng ký mở Shop trên Sendo",
    "https://help-seller.sendo.vn/hc/vi/articles/900006847743-C%C3%A1ch-%C4%91%C4%83ng-k%C3%BD-m%E1%BB%9F-Shop-tr%C3%AAn-Sendo-",
  ),
  tiktokSellerRegistration: source(
    "TikTok Shop Seller Center Việt Nam: Seller Registration Guidelines (08/12/2025)",
    "https://seller-vn.tiktok.com/university/essay?knowledge_id=6837770400712449&lang=en",
  ),
  shopeeFailedDelivery: source(
    "Shopee Affiliate – Câu hỏi thường gặp: khách không nhận hàng, đơn giả mạo",
    "https://affiliate-blog.shopee.vn/faq/tai-sao-toi-bi-tu-choi-don-hang/",
  ),
  ecommerceTax2026: source(
    "Gia đình & Xã hội: Bán hàng online từ 2026, doanh thu bao nhiêu thì phải nộp thuế (Luật Thuế TNCN sửa đổi, Nghị định 117/2025/NĐ-CP) (21/01/2026)",
    "https://giadinh.suckhoedoisong.vn/ban-hang-online-tu-2026-doanh-thu-bao-nhieu-thi-phai-nop-thue-172260121143308829.htm",
  ),
  lazadaShopRequirements: source(
    "Đại lý Ninh Sơn: Điều kiện mở gian hàng Lazada (gian hàng cá nhân cần gì)",
    "https://daininhson.com/dieu-kien-mo-gian-hang-lazada/",
  ),
  tiktokShopFees: {
    title:
      "CafeF: TikTok Shop tăng phí sàn, người bán tính lãi từng đơn (phí giao dịch, phí hoa hồng theo ngành hàng, phí chương trình vận chuyển; sàn thông báo điều chỉnh phí cho người bán) (09/08/2025)",
    url: "https://cafef.vn/tiktok-shop-tang-phi-san-300-nguoi-ban-di-khong-duoc-o-chang-xong-188250809140248734.chn",
    checkedOn: "2026-12-02",
  },
  // Community digital teams (volunteers)
  communityTeams: source(
    "Báo Mới: Tổ công nghệ số cộng đồng «đi từng ngõ, gõ từng nhà» hướng dẫn người dân miễn phí",
    "https://baomoi.com/tp-di-an-di-tung-ngo-go-tung-nha-huong-dan-nguoi-dan-lam-thu-tuc-c52000257.epi",
  ),
} as const satisfies Record<string, KnowledgeSource>;
