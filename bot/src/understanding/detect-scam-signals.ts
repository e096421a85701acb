import { canonicalText } from "@xks/shared/text/fold-vietnamese";

/**
 * Residents forward the texts they receive ("Tài khoản của Quý khách sẽ bị khóa sau 24h… đăng nhập tại [link]") or
 * retell them, and ask whether to believe them. Such a text names a real service (a bank's biometrics, VNeID, the tax
 * office), so word matching sends it to that service's instructions, which would help the scammer. The police's
 * warnings list what these texts have in common (Bộ Công an, "nhận diện tin nhắn lừa đảo": a link to click, a prize
 * or refund, a threat with a deadline, the bank's or agency's formal register); a message with two kinds of them is
 * read as a possible scam first. Each kind counts once, canonical (no diacritics, lower case).
 */
const SIGNAL_PHRASES: Readonly<Record<string, readonly string[]>> = {
  // "link" covers "đường link", "bấm vào link", "truy cập link"…
  link: ["link", "duong dan la", "truy cap duong", "dang nhap tai"],
  bait: [
    "trung thuong",
    "nhan qua",
    "qua tang",
    "duoc tang",
    "nhan thuong",
    "phan thuong",
    "hoan tien",
    "hoan thue",
    "vong quay",
    "tri an khach hang",
  ],
  threat: [
    "bi khoa",
    "se khoa",
    "tam khoa",
    "khoa tai khoan",
    "dinh chi",
    "ngung hoat dong",
    "ngay lap tuc",
    "khan cap",
    "xac thuc ngay",
    "cap nhat ngay",
    "xac minh ngay",
    "bi tru",
    "bi phat",
    "truoc 24h",
    "sau 24h",
    "trong 24h",
    "trong vong 24",
  ],
  // Not "vui lòng" or "miễn phí": residents write them too ("vui lòng hướng dẫn", "làm căn cước có miễn phí không").
  register: ["quy khach", "kinh gui", "kinh thong bao", "tran trong"],
  doubt: [
    "co phai lua",
    "lua dao khong",
    "lua dao ko",
    "lua khong",
    "lua ko",
    "that hay gia",
    "that hay lua",
    "co that khong",
    "co that ko",
    "co tin duoc",
    "co nen tin",
  ],
};

/** A web address typed or pasted ("http://v-acb.com", "www.…", "vneid-gov.top"). */
const URL_PATTERN =
  /https?:\/\/|www\.|\b[\p{L}\d-]+\.(?:com|vn|net|org|xyz|top|cc|info|site|online|shop|click|app)\b/iu;

/** How many kinds of scam signal the message has (0–5). */
export function scamSignalKinds(text: string): number {
  const canonical = ` ${canonicalText(text)} `;
  let kinds = 0;
  for (const [kind, phrases] of Object.entries(SIGNAL_PHRASES)) {
    const found =
      phrases.some((phrase) => canonical.includes(` ${phrase} `)) || (kind === "link" && URL_PATTERN.test(text));
    if (found) kinds += 1;
  }
  return kinds;
}
