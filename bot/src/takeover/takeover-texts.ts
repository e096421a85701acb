/** What the bot says when a human takeover ends (the bot's other words are in conversation/texts.ts). */
export const TAKEOVER_TEXT = {
  /** The resident typed "menu" while a staff member was answering them. */
  backOnRequest: "Trợ lý tự động đã quay lại với bạn 🤖 Khi cần người thật, bạn cứ nhắn «nhờ đoàn viên hỗ trợ» nhé.",
  /** A member gave the conversation back from the mini-app. */
  backFromStaff:
    "Cán bộ Đoàn đã trả lời xong. Trợ lý tự động tiếp tục hỗ trợ bạn 🤖 Bạn nhắn «menu» để xem các hướng dẫn nhé.",
} as const;
