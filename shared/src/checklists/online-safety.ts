import type { Checklist } from "./types.ts";

/** Online safety and scam avoidance: secrets never shared, fake callers and messages, what to do, how to report. */
export const onlineSafetyChecklist = {
  id: "online-safety",
  version: 1,
  service: "ONLINE_SAFETY",
  title: "An toàn trên mạng, chống lừa đảo",
  intro:
    "Kẻ gian thường giả danh công an, ngân hàng, điện lực, bưu tá… để lừa lấy tiền. Vài điều ngắn sau đây giúp bạn và gia đình an toàn.",
  keywords: ["lua dao", "an toan thong tin", "an toan tren mang", "gia mao", "gia danh", "lua dao qua dien thoai"],
  steps: [
    {
      id: "golden-rules",
      kind: "instruction",
      title: "Ba điều cần nhớ",
      text: "Ba điều cần nhớ:\n1. Không bao giờ cho ai biết mã OTP, mật khẩu, mã PIN hay passcode VNeID.\n2. Không gửi ảnh thẻ căn cước, ảnh khuôn mặt cho người lạ.\n3. Không bấm đường link lạ, không cài ứng dụng theo lời người gọi điện.",
      next: "fake-police",
    },
    {
      id: "fake-police",
      kind: "instruction",
      title: "Giả danh công an",
      keywords: ["gia danh cong an", "cong an goi dien", "nang cap vneid", "dong bo vneid"],
      text: "Công an không gọi điện yêu cầu chuyển tiền, cài ứng dụng, hay «nâng cấp», «đồng bộ» tài khoản VNeID qua đường link.\nNếu có người xưng là công an gọi như vậy: cúp máy, rồi đến hoặc gọi công an xã để hỏi lại.",
      next: "fake-messages",
    },
    {
      id: "fake-messages",
      kind: "instruction",
      title: "Nhận biết tin nhắn giả",
      keywords: ["tin nhan gia mao", "tin nhan lua dao", "link la", "trung thuong"],
      text: "Tin nhắn giả thường báo «tài khoản bị khóa», «sắp cắt điện», «bưu phẩm bị giữ», «trúng thưởng», kèm đường link hoặc giục chuyển tiền gấp. Tên người gửi có thể giống ngân hàng, điện lực.\nĐừng bấm link: hãy gọi số tổng đài in trên thẻ ngân hàng hoặc hóa đơn để hỏi.",
      next: "check",
    },
    {
      id: "check",
      kind: "question",
      title: "Có nghi bị lừa không",
      text: "Bạn có nghi mình vừa bị lừa không (đã chuyển tiền, đã đọc mã OTP cho người lạ)?",
      choices: [
        { label: "Có, tôi cần làm gì?", next: "victim", keywords: ["co", "bi lua", "da chuyen tien"] },
        { label: "Không, tôi tìm hiểu thôi", next: "report", keywords: ["khong", "tim hieu"] },
      ],
    },
    {
      id: "victim",
      kind: "instruction",
      title: "Khi đã bị lừa",
      keywords: ["lua dao mat tien", "mat tien", "bi chiem doat", "da chuyen tien cho ke lua dao"],
      text: "Làm ngay:\n1. Gọi tổng đài ngân hàng (số in trên thẻ) để khóa tài khoản, thẻ.\n2. Đổi mật khẩu các ứng dụng.\n3. Đến công an xã/phường gần nhất trình báo, mang theo điện thoại và ảnh chụp tin nhắn, giao dịch.\nBáo càng sớm càng có cơ hội giữ lại tiền.",
      next: "report",
    },
    {
      id: "report",
      kind: "instruction",
      title: "Báo cáo lừa đảo",
      keywords: ["bao cao lua dao", "to giac lua dao", "trinh bao lua dao"],
      text: "Báo cáo lừa đảo: trình báo công an xã/phường, và báo cáo trang web, tài khoản lừa đảo trên cổng cảnh báo an toàn thông tin quốc gia để người khác tránh bị lừa.",
      action: { kind: "link", title: "Cổng cảnh báo lừa đảo", url: "https://canhbao.khonggianmang.vn" },
      next: "civil",
    },
    {
      id: "civil",
      kind: "instruction",
      title: "Ứng xử văn minh trên mạng",
      keywords: ["van minh tren mang", "ung xu tren mang"],
      text: "Ứng xử văn minh: kiểm tra nguồn tin trước khi chia sẻ, không đăng tin sai sự thật, không xúc phạm người khác, và không đăng thông tin cá nhân của mình hay người khác (số căn cước, địa chỉ, ảnh con nhỏ).",
      next: "done",
    },
    {
      id: "done",
      kind: "done",
      title: "Hoàn thành an toàn trên mạng",
      text: "Cảm ơn bạn! 🛡️ Hãy kể lại những điều này cho ông bà, cha mẹ và hàng xóm: một cuộc gọi lừa đảo có thể nhắm vào bất kỳ ai.",
      suggest: ["cashless", "vneid"],
    },
  ],
} as const satisfies Checklist;
