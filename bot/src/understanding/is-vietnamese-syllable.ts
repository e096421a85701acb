/**
 * Whether a folded token (no diacritics, `đ` → `d`) is spelled like one Vietnamese syllable: an onset consonant
 * (or none) and a rhyme of the language. "trang", "nghieng" and "khuya" are; "khaur", "chuyn" and "vneid" are not.
 * Folding merges rhymes (ă, â, a → a), so the test is permissive: it says a word *could* be a real syllable, which
 * is what the typo corrector needs to leave a word it does not know alone.
 */
const ONSET = "(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?";

/** Rhymes, folded: the nucleus and its coda. "uo" stands for uô and ươ, "ua" for ua and ưa, "u" for u and ư. */
const RHYMES: readonly string[] = [
  // Open or ending in a glide.
  "a ai ao au ay e eo eu i ia iu ieu o oi u ua ui uu uoi uou y yeu oa oai oao oay oe oeo uy uya uyu ue uay",
  // Ending in a consonant.
  "ac ach am an ang anh ap at ec ech em en eng enh ep et ich im in inh ip it",
  "iec iem ien ieng iep iet yem yen yet oc om on ong op ot ooc oong uc um un ung up ut",
  "uoc uom uon uong uop uot oac oach oam oan oang oanh oap oat oen oet uech uen uenh uet uych uynh uyt uyen uyet",
].flatMap((line) => line.split(" "));

const SYLLABLE = new RegExp(`^${ONSET}(?:${[...RHYMES].sort((a, b) => b.length - a.length).join("|")})$`);

export function isVietnameseSyllable(token: string): boolean {
  return SYLLABLE.test(token);
}
