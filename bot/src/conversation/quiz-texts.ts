/** The quiz flow's own words (`quiz-flow.ts`), apart from `texts.ts` so the flow stays in its own files. */

export const QUIZ_BUTTON = {
  skipUnit: "Bỏ qua",
  resume: "Làm tiếp bài thi",
} as const;

export const QUIZ_TEXT = {
  start:
    "📝 Cuộc thi «{title}»\n{intro}Gồm {count} câu hỏi. Mỗi người được làm 1 lần; bạn có thể dừng và gõ «{keyword}» để làm tiếp.",
  resumed: "Mời bạn làm tiếp cuộc thi «{title}» (còn {left} câu).",
  question: "Câu {number}/{count}: {text}\n\n{choices}\n\nBấm một nút để chọn đáp án.",
  notAChoice:
    "Mình chưa nhận được đáp án 🙏 Bạn bấm một trong các nút bên dưới (hoặc gõ chữ A, B, C, D). Muốn tạm dừng, gõ «menu».",
  staleTap: "Câu {number} bạn đã trả lời rồi. Mời bạn trả lời câu đang hỏi:",
  notOpenYet: "Cuộc thi «{title}» bắt đầu lúc {opensAt}. Mời bạn quay lại khi đó và gõ «{keyword}» nhé.",
  closed: "Cuộc thi «{title}» đã kết thúc lúc {closesAt}. Cảm ơn bạn đã quan tâm!",
  closedDuringAttempt:
    "Cuộc thi «{title}» đã kết thúc lúc {closesAt}, nên bài làm dở không được tính. Cảm ơn bạn đã tham gia!",
  gone: "Cuộc thi này không còn nữa. Mời bạn chọn việc khác trong menu.",
  openList: "Cuộc thi đang mở:\n{lines}\n\nBấm tên cuộc thi (hoặc gõ từ khóa của nó) để bắt đầu.",
  openLine: "{number}. «{title}», đến {closesAt}: gõ «{keyword}»",
  noneOpen: "Hiện chưa có cuộc thi nào đang mở. Khi có, Đoàn sẽ báo bạn qua Zalo.",
  alreadyDone: "Bạn đã làm cuộc thi «{title}» rồi (mỗi người 1 lần): đúng {score}/{count} câu. Cảm ơn bạn!",
  finished: "🎉 Bạn đã hoàn thành cuộc thi «{title}»!\nKết quả: đúng {score}/{count} câu.",
  answersHeading: "Đáp án:",
  answerRight: "Câu {number}: {correct} – bạn trả lời đúng.",
  answerWrong: "Câu {number}: đáp án đúng là {correct} (bạn chọn {chosen}).",
  explanation: "   {explanation}",
  askUnit:
    "Bạn ở xã/phường nào? Điểm của bạn được tính cho xã mình (chỉ đếm số người và điểm trung bình, không hiện tên). Gõ tên xã, hoặc bấm «Bỏ qua».",
  askUnitAgain: "Mình chưa tìm thấy xã «{typed}». Bạn gõ lại tên xã/phường, hoặc bấm «Bỏ qua».",
  askUnitAmbiguous: "Bạn ở xã nào trong các xã này?",
} as const;
