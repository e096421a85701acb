import type { Checklist } from "./types.ts";

/** Selling local products online: a reputable platform, a seller account, photos, listings, digital payments. */
export const ecommerceChecklist = {
  id: "ecommerce",
  version: 1,
  service: "ECOMMERCE",
  title: "Bán hàng trực tuyến",
  intro:
    "Đưa nông sản, đặc sản quê mình lên sàn thương mại điện tử giúp bán được xa hơn, giá tốt hơn. Vài bước sau giúp bạn bắt đầu.",
  keywords: ["ban hang truc tuyen", "thuong mai dien tu", "san thuong mai", "ban nong san", "mo shop", "ban hang"],
  steps: [
    {
      id: "platform",
      kind: "instruction",
      title: "Chọn sàn uy tín",
      text: "Chọn sàn thương mại điện tử uy tín: đã đăng ký với Bộ Công Thương (thường có biểu tượng «Đã đăng ký Bộ Công Thương» cuối trang) và có nhiều người mua.\nSàn giúp người mua tin tưởng hơn nhờ đánh giá và thanh toán an toàn.",
      next: "register",
    },
    {
      id: "register",
      kind: "instruction",
      title: "Đăng ký tài khoản người bán",
      keywords: ["dang ky ban hang", "tai khoan nguoi ban", "mo gian hang"],
      text: "Tải ứng dụng dành cho người bán của sàn, đăng ký bằng số điện thoại chính chủ. Điền tên cửa hàng, địa chỉ lấy hàng và tài khoản ngân hàng đứng tên bạn để nhận tiền.\nSàn có thể yêu cầu thêm mã số thuế hoặc giấy tờ: làm theo hướng dẫn của sàn.",
      next: "photos",
      stuck: "register-help",
    },
    {
      id: "register-help",
      kind: "troubleshoot",
      title: "Khó đăng ký người bán",
      text: "Vướng ở bước nào thì đọc kỹ mục trợ giúp của sàn hoặc nhắn cho bộ phận hỗ trợ người bán ngay trong ứng dụng.\n⚠️ Không làm theo người lạ tự xưng «nhân viên sàn» nhắn riêng đòi phí kích hoạt hay mã OTP.",
      back: "register",
    },
    {
      id: "photos",
      kind: "instruction",
      title: "Chụp ảnh sản phẩm",
      keywords: ["chup anh san pham", "anh san pham"],
      text: "Chụp ảnh ban ngày, gần cửa sổ hoặc ngoài trời râm; nền đơn giản (tấm vải, mặt bàn gỗ).\nChụp nhiều góc, có ảnh cận cảnh và ảnh cầm trên tay để thấy kích cỡ. Lau ống kính trước khi chụp.",
      next: "listing",
    },
    {
      id: "listing",
      kind: "instruction",
      title: "Đăng sản phẩm",
      keywords: ["dang san pham", "mo ta san pham"],
      text: "Đặt tên rõ ràng (loại, nơi sản xuất, khối lượng); mô tả nguồn gốc, cách bảo quản, hạn dùng; ghi giá và phí giao hàng. Có chứng nhận (OCOP, VietGAP…) thì ghi kèm.\nTrả lời tin nhắn của khách nhanh và lịch sự.",
      next: "payments",
    },
    {
      id: "payments",
      kind: "instruction",
      title: "Nhận tiền bán hàng",
      keywords: ["nhan tien ban hang", "thanh toan ban hang"],
      text: "Khách trả qua sàn thì sàn chuyển tiền về tài khoản của bạn sau khi giao hàng thành công. Bán trực tiếp thì dùng mã QR tài khoản ngân hàng.\n⚠️ Không bấm link lạ «xác nhận đơn hàng» và không chuyển tiền «phí kích hoạt» cho ai.",
      next: "done",
    },
    {
      id: "done",
      kind: "done",
      title: "Hoàn thành bán hàng trực tuyến",
      text: "Chúc cửa hàng của bạn đắt hàng! 🛒 Khi cần, đoàn viên ở xã có thể giúp bạn chụp ảnh và đăng sản phẩm đầu tiên.",
      suggest: ["cashless", "online-safety"],
    },
  ],
} as const satisfies Checklist;
