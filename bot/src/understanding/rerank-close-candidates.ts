import type { UnderstandingIndex } from "./build-understanding-index.ts";

/**
 * Second stage among close candidates. The first stage scores each place against the whole index, so two siblings
 * ("how long until the card is ready" and "track the card") that share most of a message's words score alike. Here
 * only the places within `window` of the best one are compared, and a message word that one of them has and the
 * others lack counts again, in proportion to its weight: the words that tell siblings apart decide, not the words
 * they share.
 */
export interface ScoredTarget {
  target: number;
  score: number;
}

export interface RerankOptions {
  /** Places scoring within this of the best one take part. */
  window: number;
  /** How much the distinctive words' share of the message adds to a place's score. */
  weight: number;
  /** The same for words that only the answers of some close places have. */
  answerWeight: number;
  /** Multiplies the weight of an amount's terms (`isAmountTerm`): siblings differ in what they ask, not in how much. */
  amountWeight?: number;
  /** Per kind of answer the message asks for, how much a close place asked that way by its phrasings gains. */
  intentWeight?: number;
  /** Kinds of answer the message asks for (`intentsOf`). */
  messageIntents?: ReadonlySet<string>;
}

export function rerankCloseCandidates(
  index: UnderstandingIndex,
  messageTerms: readonly string[],
  ranked: readonly ScoredTarget[],
  options: RerankOptions,
): ScoredTarget[] {
  const [best] = ranked;
  if (!best || options.weight === 0) return [...ranked];
  const close = ranked.filter((r) => r.score >= best.score - options.window);
  if (close.length < 2) return [...ranked];
  const closeSet = new Set(close.map((r) => r.target));
  let messageWeight = 0;
  const bonus = new Map<number, number>();
  // A word all close places have (or none has) tells them nothing apart; one that some have counts for those.
  const credit = (holders: readonly number[], amount: number) => {
    const close = holders.filter((t) => closeSet.has(t));
    if (close.length === 0 || close.length === closeSet.size) return;
    for (const t of close) bonus.set(t, (bonus.get(t) ?? 0) + amount / close.length);
  };
  const answerShare = options.answerWeight / options.weight;
  for (const term of messageTerms) {
    const idf = index.idf.get(term) ?? (term.includes(" ") ? 0 : index.unknownWordWeight);
    const weight = isAmountTerm(term) ? (options.amountWeight ?? 1) * idf : idf;
    messageWeight += weight;
    credit(index.targetPostings.get(term) ?? [], weight);
    if (answerShare > 0) credit(index.answerPostings.get(term) ?? [], answerShare * weight);
  }
  if (messageWeight === 0) return [...ranked];
  const intentBonus = new Map<number, number>();
  if (options.intentWeight && options.messageIntents) {
    // Only entries are asked in a particular way: a guide or a step is named by keywords and answers any "how",
    // so it counts as asked every way the message asks (it neither gains on nor loses to the entries).
    const isEntry = (t: number) => index.targets[t]?.candidate.kind === "entry";
    for (const kind of options.messageIntents) {
      const shares = (index.targetIntents.get(kind) ?? []).filter(([t]) => closeSet.has(t) && isEntry(t));
      const max = Math.max(0, ...shares.map(([, s]) => s));
      if (max === 0) continue;
      for (const [t, share] of shares) intentBonus.set(t, (intentBonus.get(t) ?? 0) + share / max);
      for (const r of close) if (!isEntry(r.target)) intentBonus.set(r.target, (intentBonus.get(r.target) ?? 0) + 1);
    }
    // Only the difference between close places counts: a kind they all ask for lifts none of them.
    const floor = Math.min(...close.map((r) => intentBonus.get(r.target) ?? 0));
    for (const [t, b] of intentBonus) intentBonus.set(t, b - floor);
  }
  return ranked
    .map((r) =>
      closeSet.has(r.target)
        ? {
            target: r.target,
            score:
              r.score +
              (options.weight * (bonus.get(r.target) ?? 0)) / messageWeight +
              (options.intentWeight ?? 0) * (intentBonus.get(r.target) ?? 0),
          }
        : r,
    )
    .sort((a, b) => b.score - a.score);
}

/** Units a resident counts money in, canonical: "10 triệu", "5.000 đồng", "500k" (→ "500 nghin"), "2 tỷ". */
const AMOUNT_UNITS: ReadonlySet<string> = new Set(["trieu", "dong", "nghin", "ty"]);

/**
 * A number or a unit of money, or a pair with one: the sum a story mentions ("mất 10 triệu", "chuyển 23.000 đồng")
 * is rare in the index, so its IDF is high, yet it seldom tells two siblings apart.
 */
export function isAmountTerm(term: string): boolean {
  return term.split(" ").some((word) => /^\d/.test(word) || AMOUNT_UNITS.has(word));
}
