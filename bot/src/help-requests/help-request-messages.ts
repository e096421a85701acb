/**
 * What residents and members read about a help request, in plain words (OA messages). Residents are often elderly:
 * one short message per change, saying what happens next.
 */

export const RESIDENT_TEXT = {
  claimed: (member: string, unit: string, topic: string, preferredTime: string) =>
    `Đoàn viên ${member} (${unit}) đã nhận yêu cầu hỗ trợ “${topic}” của bạn ` +
    `và sẽ liên hệ với bạn vào thời gian bạn hẹn (${preferredTime}). Không cần nữa thì bạn bấm «Hủy yêu cầu hỗ trợ».`,
  handedOver: (member: string, topic: string) =>
    `Yêu cầu hỗ trợ “${topic}” của bạn đã được giao cho đoàn viên ${member}. Đoàn viên ${member} sẽ liên hệ với bạn.`,
  released: (topic: string) =>
    `Đoàn viên nhận yêu cầu “${topic}” của bạn chưa đến được. Yêu cầu vẫn được giữ, một đoàn viên khác sẽ sớm liên hệ với bạn.`,
  moved: (topic: string, unit: string) =>
    `Yêu cầu hỗ trợ “${topic}” của bạn đã được chuyển đến ${unit} cho gần nơi bạn ở. Đoàn viên ở đó sẽ liên hệ với bạn.`,
  cancelledNoAnswer: (topic: string) =>
    `Đoàn viên đã gọi nhưng chưa liên lạc được với bạn, nên yêu cầu “${topic}” tạm đóng. ` +
    "Khi cần, bạn nhắn “nhờ đoàn viên” để gửi lại nhé.",
  cancelledSolved: (topic: string) =>
    `Yêu cầu “${topic}” đã đóng vì bạn đã tự làm được. Chúc mừng bạn! Khi cần, bạn nhắn “nhờ đoàn viên” bất cứ lúc nào.`,
  /** The button under `claimed`: its payload, shown in the chat as the resident's own message, asks to withdraw. */
  withdrawButton: "Hủy yêu cầu hỗ trợ",
  done: (topic: string) =>
    `Yêu cầu hỗ trợ “${topic}” của bạn đã hoàn thành. Cảm ơn bạn đã tin tưởng Đoàn thanh niên! ` +
    "Bạn thấy lần hỗ trợ này thế nào? Chạm một nút để đánh giá:",
} as const;

export const MEMBER_TEXT = {
  newRequest: (unit: string, topic: string, preferredTime: string) =>
    `Có người dân ở ${unit} nhờ hỗ trợ: “${topic}”. Thời gian mong muốn: ${preferredTime}. ` +
    "Bạn mở mini-app để nhận yêu cầu nhé.",
  movedIn: (unit: string, from: string, topic: string, preferredTime: string) =>
    `Một yêu cầu hỗ trợ được chuyển từ ${from} sang ${unit}: “${topic}”. Thời gian mong muốn: ${preferredTime}. ` +
    "Bạn mở mini-app để nhận yêu cầu nhé.",
  reopened: (unit: string, topic: string) =>
    `Yêu cầu hỗ trợ “${topic}” ở ${unit} lại đang chờ người nhận. Bạn mở mini-app để nhận nhé.`,
  handedToYou: (from: string, unit: string, topic: string) =>
    `${from} đã giao cho bạn yêu cầu hỗ trợ “${topic}” ở ${unit}. Bạn mở mini-app để xem cách liên hệ người dân.`,
  withdrawnByResident: (unit: string, topic: string) =>
    `Người dân ở ${unit} đã tự hủy yêu cầu hỗ trợ “${topic}” bạn nhận: bạn không cần liên hệ hay đến nữa. Cảm ơn bạn!`,
  waitingForLead: (unit: string, topic: string, hours: number) =>
    `Yêu cầu hỗ trợ “${topic}” ở ${unit} đã chờ hơn ${hours} giờ mà chưa có đoàn viên nhận. Nhờ bạn phân công.`,
  openButton: "Mở yêu cầu",
} as const;
