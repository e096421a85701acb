import type { Checklist } from "./types.ts";

/** The chip-based ID card (thẻ căn cước) for ages 14+: first issue, renewal and replacement. */
export const chipIdChecklist = {
  id: "chip-id",
  version: 1,
  service: "CHIP_ID",
  title: "Thẻ căn cước gắn chip",
  intro:
    "Thẻ căn cước gắn chip là giấy tờ tùy thân của công dân. Người từ đủ 14 tuổi phải làm thẻ; trẻ dưới 14 tuổi có thể làm khi cha mẹ đề nghị. Từ 01/7/2024 thẻ căn cước thay cho thẻ CCCD; CCCD đã cấp vẫn dùng được đến hết hạn in trên thẻ.",
  keywords: ["can cuoc", "can cuoc chip", "lam can cuoc", "the chip", "chung minh", "lam the", "doi can cuoc"],
  steps: [
    {
      id: "start",
      kind: "question",
      title: "Làm mới hay đổi thẻ",
      text: "Bạn đang cần làm gì?",
      choices: [
        { label: "Làm thẻ lần đầu", next: "where", keywords: ["lan dau", "lam moi", "chua co the"] },
        { label: "Đổi hoặc cấp lại thẻ", next: "renew", keywords: ["doi the", "cap lai", "mat the", "het han"] },
      ],
    },
    {
      id: "renew",
      kind: "instruction",
      title: "Khi nào đổi, cấp lại thẻ",
      keywords: ["doi can cuoc", "cap lai can cuoc", "mat can cuoc", "can cuoc het han"],
      text: "Cần đổi thẻ khi: đến tuổi 25, 40, 60; thẻ hỏng, hết hạn; hoặc thông tin thay đổi (họ tên, nơi cư trú…).\nCần cấp lại khi bị mất thẻ.\nCMND cũ đã hết giá trị từ 01/01/2025. CCCD còn hạn thì không bắt buộc đổi sớm.",
      next: "where",
    },
    {
      id: "where",
      kind: "instruction",
      title: "Nơi làm thẻ",
      keywords: ["lam can cuoc o dau", "noi lam can cuoc"],
      text: "Đến công an xã/phường nơi bạn thường trú hoặc tạm trú để làm thủ tục. Nhiều nơi có đợt làm lưu động tại thôn, tổ dân phố.\nNên hỏi trước giờ tiếp dân; bạn cũng có thể đặt lịch hẹn trên ứng dụng VNeID.",
      next: "bring",
      stuck: "where-help",
    },
    {
      id: "where-help",
      kind: "troubleshoot",
      title: "Không rõ nơi, giờ làm thẻ",
      text: "Chưa rõ nơi hoặc giờ làm thẻ? Hãy hỏi trưởng thôn, tổ trưởng dân phố hoặc công an xã. Người già yếu, bệnh nặng không đi được có thể đề nghị công an xã đến làm tại nhà.",
      back: "where",
    },
    {
      id: "bring",
      kind: "instruction",
      title: "Mang theo gì",
      keywords: ["can mang gi", "giay to lam can cuoc", "ho so can cuoc"],
      text: "Mang theo thẻ CCCD hoặc CMND cũ (nếu có). Trẻ dưới 14 tuổi cần cha, mẹ hoặc người giám hộ đi cùng.\nThông tin của bạn đã có trong Cơ sở dữ liệu quốc gia về dân cư nên thường không cần sổ hộ khẩu. Nếu thông tin bị sai, mang giấy tờ chứng minh để điều chỉnh.",
      next: "at-office",
    },
    {
      id: "at-office",
      kind: "instruction",
      title: "Làm thủ tục tại chỗ",
      text: "Tại nơi làm thủ tục, cán bộ đối chiếu thông tin, chụp ảnh khuôn mặt, lấy vân tay và mống mắt. Bạn kiểm tra lại thông tin rồi ký xác nhận.\nGiữ kỹ giấy hẹn trả thẻ. Nếu chưa có tài khoản VNeID mức 2, hãy đăng ký luôn lúc này.",
      next: "receive",
    },
    {
      id: "receive",
      kind: "instruction",
      title: "Nhận thẻ",
      keywords: ["nhan can cuoc", "bao gio co the"],
      text: "Nhận thẻ theo ngày hẹn (thường trong khoảng 7 ngày làm việc), tại nơi làm thủ tục hoặc qua bưu điện nếu bạn đăng ký chuyển phát.\nKhi nhận, kiểm tra họ tên, ngày sinh, nơi cư trú trên thẻ.",
      next: "done",
    },
    {
      id: "done",
      kind: "done",
      title: "Hoàn thành thẻ căn cước",
      text: "Tuyệt vời! Có thẻ căn cước gắn chip rồi, bạn có thể đăng ký tài khoản định danh điện tử mức 2 để làm thủ tục trên mạng. Nhớ cất thẻ cẩn thận và không gửi ảnh thẻ cho người lạ.",
      suggest: ["vneid", "online-safety"],
    },
  ],
} as const satisfies Checklist;
