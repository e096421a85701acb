import { createHash } from "node:crypto";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import type { LabelledMessage } from "./labelled-message.ts";

/** Changing the seed reshuffles the whole set: never change it once the held-out figure has been reported. */
export const EVAL_SPLIT_SEED = "xks-understanding-eval-v1";
/** About 55% of the originals go to tuning, 45% are held out. */
export const EVAL_TUNING_SHARE = 0.55;

/**
 * The split of an original message, decided once and for all by a seeded hash of its canonical text: a uniform,
 * reproducible "random" draw per original that does not depend on the order or the number of messages, so adding
 * messages never moves an existing one to the other side. A variant takes the split of its original (`variantOf`).
 */
export function assignSplit(originalText: string): LabelledMessage["split"] {
  const digest = createHash("sha256")
    .update(`${EVAL_SPLIT_SEED}:${canonicalText(originalText)}`)
    .digest();
  const draw = digest.readUInt32BE(0) / 2 ** 32;
  return draw < EVAL_TUNING_SHARE ? "tuning" : "heldout";
}
