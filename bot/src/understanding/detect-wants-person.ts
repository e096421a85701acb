import { canonicalTokens } from "@xks/shared/text/fold-vietnamese";

/**
 * Ways residents say they cannot do it alone, canonical. Any one of them is enough, whatever else the message asks:
 * someone who writes "bà già rồi, mắt kém, có ai đến nhà cài giúp VNeID không" needs a volunteer more than the
 * VNeID instructions.
 */
const PERSON_PHRASES: readonly string[] = [
  // Someone to come, to be there.
  "den nha",
  "toi nha",
  "tan nha",
  "tan noi",
  "den tan",
  "ve nha",
  "qua nha",
  "co ai den",
  "co ai toi",
  "co ai giup",
  "co ai ho tro",
  "co ai chi",
  "nho ai",
  "nho nguoi",
  "can nguoi",
  "nguoi den",
  "truc tiep huong dan",
  "huong dan truc tiep",
  "ho tro truc tiep",
  "cam tay",
  "lam giup",
  "lam ho",
  "lam dum",
  "lam gium",
  "cai giup",
  "cai ho",
  "cai dum",
  "cai gium",
  "dang ky giup",
  "dang ky ho",
  "dang ky dum",
  "dang ky gium",
  "nho doan vien",
  "gap doan vien",
  "doan vien den",
  "tinh nguyen vien",
  // "Nói chuyện với người thật": a human, not the bot.
  "nguoi that",
  // Elderly residents address the volunteers as grandchildren: "cháu nào qua giúp bà", "không có ai chở đi".
  "chau nao",
  "vien nao",
  "co ai cho",
  "khong co ai",
  // Cannot use the phone.
  "kho dung",
  "kho su dung",
  "khong biet dung",
  "chua biet dung",
  "chua biet cach dung",
  "khong biet cach dung",
  "chua bao gio dung",
  "khong biet gi ve",
  "day ong",
  "day ba",
  "day bo",
  "day me",
  "khong ra ngoai",
  "qua giup",
  "den giup",
  "toi giup",
  "doan vien nao",
  "khong biet su dung",
  "khong biet xai",
  "khong biet bam",
  "khong biet thao tac",
  "khong biet cong nghe",
  "khong biet chu",
  "khong biet doc",
  "khong ranh",
  "khong thao",
  "mu chu",
  "mu cong nghe",
  "khong tu lam",
  "mot minh khong",
];

/**
 * Age, health and "cannot do it myself": a reason for a person only when the resident speaks of themselves or their
 * family ("tôi già rồi", "mẹ tôi nằm một chỗ"). Said of people in general ("4 thói quen giúp người già ngủ ngon",
 * "người khuyết tật làm căn cước thế nào") it is the topic of the question, not a request.
 */
const SELF_CONDITION_PHRASES: readonly string[] = [
  "gia roi",
  "nguoi gia",
  "tuoi cao",
  "lon tuoi",
  "gia yeu",
  "gia ca",
  "mat kem",
  "mat mo",
  "khong nhin ro",
  "tay run",
  "cu gia",
  "ong gia",
  "ba gia",
  "khong di lai",
  "kho di lai",
  "di lai kho",
  "khong the di",
  "khong di duoc",
  "nam mot cho",
  "khuyet tat",
  "bai liet",
  "khong the tu",
  "khong tu",
];

/**
 * Pronouns and kinship words a resident uses for themselves or their family (not "cô", which folds to "có"; not
 * "nhà", which is mostly a place: "cấp thẻ tại nhà cho người già yếu" asks about a service, not for a person).
 */
const SELF_WORDS: ReadonlySet<string> = new Set([
  "toi",
  "tui",
  "minh",
  "em",
  "ong",
  "ba",
  "bac",
  "chu",
  "me",
  "bo",
  "ma",
  "cha",
  "chau",
  "con",
  "anh",
  "chi",
]);

/** Words after "hộ" that make it a noun (household, passport, civil status, business), not "on my behalf". */
const HO_COMPOUND_NEXT: ReadonlySet<string> = new Set(["khau", "chieu", "gia", "tich", "kinh", "ngheo", "can"]);

/**
 * Words that fold onto a word of the phrases above but, typed with their diacritics, are something else: "đèn"
 * (a lamp) and "đen" fold to "den" ("đến": "đèn nhà tối" is not "đến nhà"), "tối" (dark, evening) to "toi" ("tôi").
 * Typed with their marks they are set apart before folding; typed without, they stay ambiguous, as they are.
 */
const DISTINCT_WHEN_ACCENTED = /(?<![\p{L}\p{M}])(đèn|đen|tối)(?![\p{L}\p{M}])/giu;

/** "(đăng ký / tham gia) làm, trở thành, tham gia tình nguyện viên": the resident offers to help. Folded. */
const BECOMING_A_VOLUNTEER = / (lam|tro thanh|tham gia) tinh nguyen( vien)?(?= )/g;

/**
 * Declining a person: «không cần đoàn viên đến nữa», «các cháu không phải đến nữa», «khỏi đến nhé». Folded. The
 * resident is withdrawing a request, not making one.
 */
const DECLINING_A_PERSON = / (khong can|khong phai|khoi)( [a-z]+){0,4} (den|ho tro|giup)( [a-z]+){0,2}(?= )/g;

/** True when the message says the resident needs a person to help, not (only) an answer. */
export function detectWantsPerson(text: string): boolean {
  // An age alone is not enough: "tôi 60 tuổi có phải đổi thẻ căn cước không" asks about the card, not for a person.
  const tokens = canonicalTokens(text.normalize("NFC").replace(DISTINCT_WHEN_ACCENTED, " accentedword "));
  for (let i = 0; i < tokens.length; i += 1) {
    // "hộ" is "for me" in "cài hộ", "làm hộ", but the household in "hộ khẩu", "hộ chiếu", "hộ gia đình".
    if (tokens[i] === "ho" && HO_COMPOUND_NEXT.has(tokens[i + 1] ?? "")) tokens[i] = "ho_";
  }
  // Becoming a volunteer ("em muốn làm tình nguyện viên") or declining one is not asking for one.
  const joined = ` ${tokens.join(" ")} `.replace(BECOMING_A_VOLUNTEER, " ").replace(DECLINING_A_PERSON, " ");
  if (PERSON_PHRASES.some((phrase) => joined.includes(` ${phrase} `))) return true;
  return (
    tokens.some((t) => SELF_WORDS.has(t)) && SELF_CONDITION_PHRASES.some((phrase) => joined.includes(` ${phrase} `))
  );
}
