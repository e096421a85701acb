/**
 * Vietnamese mobile numbers, as residents type them or Zalo shares them: "0912 345 678", "0912.345.678",
 * "+84 912 345 678", "84912345678" (Zalo's own form, note §1.5). A mobile number is 0 + a carrier prefix + 7 digits
 * (10 digits). Landlines (02x) and short codes are not mobile numbers: a volunteer calls before coming, and only a
 * mobile number is sure to belong to the resident's phone.
 */

/**
 * The two digits after the leading 0 that carriers use for mobile numbers since the 2018 renumbering:
 * Viettel 32–39, 86, 96–98; VinaPhone 81–85, 88, 91, 94; MobiFone 70, 76–79, 89, 90, 93; Vietnamobile 52, 56, 58,
 * 92; Gmobile 59, 99; iTel 87; Reddi 55. (MIC decision 798/QĐ-BTTTT, 2018, and carriers' later allocations.)
 */
const MOBILE_PREFIXES = new Set([
  ..."32 33 34 35 36 37 38 39".split(" "),
  ..."52 55 56 58 59".split(" "),
  ..."70 76 77 78 79".split(" "),
  ..."81 82 83 84 85 86 87 88 89".split(" "),
  ..."90 91 92 93 94 96 97 98 99".split(" "),
]);

/** Characters people put between the groups of a phone number. */
const SEPARATORS = /[\s.\-()/]/g;

export type MobileParse =
  /** A valid mobile number, in the national form "0912345678". */
  | { kind: "mobile"; phone: string }
  /** Digits that look like a phone number but are not a Vietnamese mobile number. */
  | { kind: "invalid" }
  /** No phone-like digits at all. */
  | { kind: "none" };

/** Reads one phone number (the whole value, separators allowed). */
export function parseVietnameseMobile(value: string): MobileParse {
  const compact = value.normalize("NFKC").replace(SEPARATORS, "");
  if (compact === "") return { kind: "none" };
  if (!/^\+?\d+$/.test(compact)) return /\d/.test(compact) ? { kind: "invalid" } : { kind: "none" };
  const digits = compact.replace(/^\+/, "");
  let national: string | null = null;
  if (digits.length === 10 && digits.startsWith("0")) national = digits;
  else if (digits.length === 11 && digits.startsWith("84")) national = `0${digits.slice(2)}`;
  else if (digits.length === 12 && digits.startsWith("840")) national = digits.slice(2);
  if (!national || !MOBILE_PREFIXES.has(national.slice(1, 3))) return { kind: "invalid" };
  return { kind: "mobile", phone: national };
}

/**
 * Finds a phone number inside a typed message ("sdt của tôi là 0912 345 678 nhé"): the digits with their separators
 * are read as one number. A message with digits that are not a mobile number is `invalid`, so the resident hears
 * why; a message without digits is `none`.
 */
export function findVietnameseMobile(text: string): MobileParse {
  const normal = text.normalize("NFKC");
  const runs = normal.match(/\+?\d[\d\s.\-()/]*\d|\d/g) ?? [];
  let sawDigits = false;
  for (const run of runs) {
    sawDigits = true;
    const parsed = parseVietnameseMobile(run);
    if (parsed.kind === "mobile") return parsed;
  }
  return sawDigits ? { kind: "invalid" } : { kind: "none" };
}

/** "0912 345 678" → "0912 xxx 678": enough for the resident to recognise it, not enough to be a copy of it. */
export function maskPhone(phone: string): string {
  return phone.length === 10 ? `${phone.slice(0, 4)} xxx ${phone.slice(7)}` : "xxx";
}
