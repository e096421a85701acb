// The privacy guard on the worst inputs it may see, against `String.prototype.normalize("NFC")` on the same text
// (the least any guard must do). Reports ratios, so the figures compare across machines. The guard is linear: the
// ratio stays flat as the adversarial input grows, and input beyond the 4,000-character cap costs nothing more.

import { REDACTION_CORPUS } from "../shared/src/privacy/redact-sensitive.corpus.ts";
import { REDACTION_INPUT_MAX_CHARS, redactSensitive } from "../shared/src/privacy/redact-sensitive.ts";

const ROUNDS = 200;

function timePerCallUs(work: () => unknown, rounds = ROUNDS): number {
  for (let i = 0; i < 20; i++) work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) work();
  return Number(process.hrtime.bigint() - start) / 1_000 / rounds;
}

const repeat = (piece: string, chars: number) => piece.repeat(Math.ceil(chars / piece.length)).slice(0, chars);
const inputs: Record<string, string> = {
  "digit groups '1 '": repeat("1 ", REDACTION_INPUT_MAX_CHARS),
  "dotted digits '1.'": repeat("1.", REDACTION_INPUT_MAX_CHARS),
  "password words 'mk: '": repeat("mk: ", REDACTION_INPUT_MAX_CHARS),
  "code phrases 'mã của em là '": repeat("mã của em là ", REDACTION_INPUT_MAX_CHARS),
  "one 4,000-digit run": repeat("0123456789", REDACTION_INPUT_MAX_CHARS),
  "combining marks": repeat("a\u0301\u0303\u0323", REDACTION_INPUT_MAX_CHARS),
  "mixed Vietnamese with IDs": repeat(
    "cccd 0381 2345 6789 0912 345 678, otp 482913, mk: Hoa@1990; ",
    REDACTION_INPUT_MAX_CHARS,
  ),
};

console.log(`input ${REDACTION_INPUT_MAX_CHARS} chars, ${ROUNDS} rounds each; ratio = guard / normalize("NFC")`);
for (const [name, input] of Object.entries(inputs)) {
  const baseline = timePerCallUs(() => input.normalize("NFC"));
  const guard = timePerCallUs(() => redactSensitive(input));
  console.log(
    `${name.padEnd(30)} guard ${guard.toFixed(0).padStart(6)} µs  nfc ${baseline.toFixed(1).padStart(6)} µs  ratio ${(guard / baseline).toFixed(0)}×`,
  );
}

// Linearity: the same adversarial piece at 1,000 and 4,000 characters; beyond the cap the cut bounds the work.
const piece = "1 ";
const small = timePerCallUs(() => redactSensitive(repeat(piece, 1_000)));
const full = timePerCallUs(() => redactSensitive(repeat(piece, 4_000)));
const huge = timePerCallUs(() => redactSensitive(repeat(piece, 1_000_000)), 50);
console.log(`'1 ' × 4,000 chars vs × 1,000: ${(full / small).toFixed(2)}× the time for 4× the text (linear ≈ 4)`);
console.log(`'1 ' × 1,000,000 chars vs × 4,000: ${(huge / full).toFixed(2)}× (the cut; includes building the input)`);

const corpus = timePerCallUs(() => {
  for (const entry of REDACTION_CORPUS) redactSensitive(entry.input);
}, 100);
console.log(
  `the ${REDACTION_CORPUS.length}-input corpus: ${(corpus / REDACTION_CORPUS.length).toFixed(1)} µs per realistic message`,
);
