/**
 * The bot's words for the resident's profile: their commune, asked once, and the contact for a help request, asked
 * only then and with consent. Kept apart from `texts.ts` so the profile flow reads as one piece.
 */

export const PROFILE_BUTTON = {
  /** Skips the commune question, the phone number or the hamlet. "Bỏ qua" alone; a step's own is "Bỏ qua bước này". */
  skip: "Bỏ qua",
  changeUnit: "Đổi xã",
} as const;

export const PROFILE_TEXT = {
  askUnitAfterStep:
    "Cho mình hỏi thêm một câu nhé: Bạn ở xã/phường nào để đoàn viên gần nhất hỗ trợ? Gõ tên xã, hoặc chọn bên dưới. Không muốn trả lời thì bấm «Bỏ qua».",
  askUnitChange: "Bạn muốn đổi sang xã/phường nào? Gõ tên xã (không cần dấu), hoặc chọn bên dưới:",
  unitSaved: "Cảm ơn bạn! Mình đã ghi nhận bạn ở {unit}. Muốn đổi, bạn nhắn «đổi xã» bất cứ lúc nào.",
  unitChanged: "Đã đổi xã của bạn thành {unit} ✅",
  /** Said before the commune a resident found by its name before the 2025 mergers. */
  formerUnitNow: "{former} nay thuộc {unit}.",
  unitSkipped: "Không sao ạ. Khi bạn cần đoàn viên hỗ trợ, mình sẽ hỏi lại.",
  unitClosest:
    "Mình chưa tìm thấy xã «{typed}» 🙏 Có phải bạn ở một trong các xã dưới đây? Nếu không, bạn gõ lại tên xã (không cần dấu) hoặc bấm «Xem thêm».",
  askTimeKnownUnit: "(Bạn ở xã khác? Bấm «Đổi xã».)",
  helpOpened: "Đã gửi yêu cầu hỗ trợ đến đoàn viên {unit} ✅\nThời gian bạn chọn: {time}.",
  contactCardTitle: "Số điện thoại để đoàn viên gọi trước khi đến",
  contactCardSubtitle:
    "Chỉ đoàn viên {unit} nhận hỗ trợ bạn (và cán bộ Đoàn phụ trách) thấy số này, để hỗ trợ bạn lần này. Số được xóa {days} ngày sau khi xong việc, hoặc ngay khi bạn nhắn «xóa dữ liệu của tôi».",
  /** What the resident reads if the channel cannot show the consent card. */
  contactCardFallback: "📱 Chia sẻ số điện thoại với đoàn viên (có thể bỏ qua).",
  askPhone:
    "Bạn bấm «Chia sẻ» ở thẻ bên trên để gửi số điện thoại Zalo của bạn, hoặc gõ số di động khác. Không muốn cho số thì bấm «Bỏ qua».",
  phoneInvalid:
    "Số bạn gửi chưa phải số di động Việt Nam 🙏 Số di động có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (ví dụ 0912 345 678). Bạn gõ lại giúp mình, hoặc bấm «Bỏ qua».",
  phoneSharedInvalid:
    "Số điện thoại Zalo vừa chia sẻ chưa phải số di động Việt Nam 🙏 Bạn gõ số di động khác giúp mình (ví dụ 0912 345 678), hoặc bấm «Bỏ qua».",
  phoneMissing:
    "Mình chưa thấy số điện thoại trong tin vừa rồi. Bạn gõ số di động (ví dụ 0912 345 678), bấm «Chia sẻ» ở thẻ bên trên, hoặc bấm «Bỏ qua» nhé.",
  phoneSaved: "Cảm ơn bạn! Đoàn viên sẽ gọi số {phone} trước khi đến.",
  askAddress:
    "Bạn ở thôn/xóm/khu phố nào, để đoàn viên tìm đến nhà? Ví dụ «Thôn 3» hoặc «xóm Đông, gần chợ» (có thể bỏ qua).",
  addressTooLong: "Bạn gõ ngắn gọn tên thôn/xóm giúp mình nhé (ví dụ «Thôn 3»), hoặc bấm «Bỏ qua».",
  contactDone:
    "Xong rồi ✅ Khi có đoàn viên nhận việc, mình sẽ báo bạn biết ai sẽ đến. Đoàn viên không bao giờ hỏi mật khẩu hay mã OTP của bạn.\nKhông cần nữa thì bạn nhắn «hủy yêu cầu hỗ trợ».",
  contactSharedLate:
    "Cảm ơn bạn đã chia sẻ! Nếu bạn đang có yêu cầu hỗ trợ, mình đã gửi số này cho đoàn viên phụ trách. Mình chỉ dùng số điện thoại khi bạn nhờ đoàn viên.",
} as const;
