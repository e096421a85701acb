import type { KnowledgeTopic } from "@xks/shared/knowledge/types";
import { REDACTION_MASKS } from "@xks/shared/privacy/redact-sensitive";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import { recogniseCommand, wordsBeyondStepReply } from "../conversation/recognise-command.ts";
import type { IndexTarget, UnderstandingIndex } from "./build-understanding-index.ts";
import type { Candidate, ContentCandidate, Understanding } from "./candidate.ts";
import { correctTypo } from "./correct-typo.ts";
import { scamSignalKinds } from "./detect-scam-signals.ts";
import { detectWantsPerson } from "./detect-wants-person.ts";
import { intentsOf, meaningfulTokens, termsOf } from "./extract-terms.ts";
import { isShortQuestion } from "./is-short-question.ts";
import { rerankCloseCandidates, type ScoredTarget } from "./rerank-close-candidates.ts";

export interface UnderstandOptions {
  /** The checklist step waiting for an answer, if any: its checklist's places win a close call. */
  activeStep?: { checklistId: string; stepId: string } | null;
  /** The knowledge-base entry answered just before: its topic wins a close call for a short follow-up question. */
  previousAnswer?: { entryId: string } | null;
}

/**
 * How much of the confidence comes from the share of the *message* a phrasing explains, against the share of the
 * *phrasing* the message covers, as a weighted geometric mean. 0.4 leans on the phrasing side: with residents'
 * long questions indexed, a message that covers most of one phrasing is the better sign (4-fold CV on the tuning
 * split: 0.3–0.4 → 77.8%, 0.5 → 75.9%, 0.6 → 74.8%). The phrasing side keeps "vneid" alone from landing on
 * "quên mật khẩu vneid".
 */
const MESSAGE_COVERAGE_EXPONENT = 0.4;
/**
 * Part of the confidence given by the target as a whole (all its phrasings together) explaining the message: a
 * resident's words are often spread over two phrasings of the same entry. 0.6 beat 0.25, 0.4, 0.5 and 0.75 on the
 * 320-message tuning split; on 438 messages (with the close-call margin at 0.01), 3/4/5-fold CV: 0.4 → 362/361/362,
 * 0.45 → 365/365/365, 0.5 → 368/367/367, 0.55 → 368/366/365, 0.6 → 366/363/361, 0.7 → 365/357/355 right; off-topic
 * declined 21/21/20 of 23 at 0.5, 18/20/19 at 0.6.
 */
const WHOLE_TARGET_SHARE = 0.5;
/**
 * A target explains a word of the message only where one of its phrasings has it together with at least this many
 * of the message's words (fewer when the message has fewer known words), or where the message holds a phrasing
 * whole (a one-word keyword such as "vneid"). One shared word ("bao", "mai", "hôm") in
 * each of several phrasings explains nothing: that is how "giá vàng hôm nay bao nhiêu" reached "Bao lâu thì có
 * thẻ" («bao lâu», «mấy hôm») at 0.54 (4-fold CV on the tuning split: off-topic rejected 4/12 → 7/12, accuracy alike).
 */
const MIN_ANCHORING_WORDS = 2;
/**
 * Confidence reflects how much of the message's informative content (the IDF weight of its words, an unknown word
 * counting as a typical one) the target explains, as anchored above: below this share it falls in proportion. A
 * resident's long question brings words no entry has, so the full share is well under 1 (4-fold CV on the tuning
 * split: 0.3 → 81.2%, 0.35 → 81.6%, 0.4 → 81.2%, 0.45 → 79.7%; off-topic rejected 7/12 at each).
 */
const FULLY_EXPLAINED_SHARE = 0.35;
/** An unanchored word (one phrasing shares only it) still counts this much of its weight as explained. 0, 0.1, 0.25, 0.5 scored alike in CV; 0.25 keeps "vneid" among the candidates of "quên mk vneid". */
const UNANCHORED_SHARE = 0.25;
/** Messages shorter than this (in meaningful words) are scored on their best phrasing alone. */
const MIN_WORDS_FOR_WHOLE_TARGET = 3;
/**
 * Weight of the target's second-best phrasing: an entry that two of its phrasings support beats one that a single
 * phrasing matches as well, which breaks most ties between entries that share a phrasing's words (0.1; 0.3 scored one message more but let repeated step keywords outvote a guide).
 */
const SECOND_PHRASING_SHARE = 0.1;
/**
 * A whole checklist or a step is the less specific answer: a resident who writes "bị lừa qua mạng phải làm gì" wants
 * the entry that answers it, not the start of the guide, when both match about as well. "vneid" alone still opens the
 * guide: no entry matches one word that well. (0.95/0.9 and 0.9/0.85 scored alike on the tuning split; these lower
 * ones also let an entry win over a step keyword it repeats word for word.)
 */
const KIND_PRIOR: Readonly<Record<ContentCandidate["kind"], number>> = { entry: 1, step: 0.9, checklist: 0.9 };
/**
 * The second stage (`rerank-close-candidates.ts`): places within `window` of the best one are re-scored on the words
 * that tell them apart, each such word adding `weight` times its share of the message, and a word only the *answers*
 * of some of them have adding `answerWeight` times it: the answer of "CCCD cũ còn dùng được không" says "còn giá trị",
 * its sibling's says "đủ 25, 40, 60 tuổi". 4-fold CV on the tuning split (311 messages): answers left out → 263,
 * answerWeight 0.1 → 264, 0.2 → 267, 0.3 → 266 right; with 0.2, window 0.05 → 264, 0.07 → 267, 0.08 → 268,
 * 0.1 → 260 (off-topic 18 → 14 of 23: the message's own words then pull in places of other topics).
 * An amount's terms (numbers, "triệu", "đồng", "nghìn", "tỷ") count `amountWeight` of their weight there. 3/4/5 folds
 * on 595 messages: 1 → 530/530/526 (off-topic 19/20/20); 0.75 → 528/529/526; 0.5 and 0.25 → 531/531/526; 0 →
 * 530/531/525 (19/20/19); numbers only at 0.5 → 530/531/526. Dropping them from matching altogether instead:
 * 528/526/525 (18/19/19). A small gain, kept because an amount says how much, not which sibling.
 */
const CLOSE_CANDIDATES_RERANK = { window: 0.07, weight: 0.5, answerWeight: 0.2, amountWeight: 0.5 } as const;
/** A close call between two places goes to the checklist the resident is in. */
const ACTIVE_CHECKLIST_BONUS = 0.04;
/**
 * An entry of the same topic as that checklist, not linked to one of its steps, wins a close call too: inside the
 * VNeID guide "cái này có mất tiền không" asks what VNeID costs, not what a volunteer costs. Applied only inside a
 * step (the eval's messages come without one, so it cannot move the figures).
 */
const ACTIVE_TOPIC_BONUS = 0.04;
/**
 * The answered entry's topic, for a short follow-up question outside a step. Larger than inside a step: there the
 * resident may ask anything, here the question leaves its subject out. On 26 follow-ups written for this (answered
 * entry, question, the places that answer it), the top place was right for 11 with no bonus, 12 at 0.1, 13 at 0.2 and
 * 14 at 0.3, none lost; 0.3 also turned a wrong answer into a confidently wrong one (0.98), so 0.2. It cannot reach a
 * place the message shares no word with: "mất bao lâu" after a VNeID answer still reaches how long a new card takes.
 */
const FOLLOW_UP_TOPIC_BONUS = 0.2;
/**
 * Part of a place's score that depends on how well its *topic* as a whole explains the message: a naive Bayes model
 * over the phrasings of every entry of each topic. A story ("họ chặn liên lạc…", "bảo tôi chuyển tiền để xác minh")
 * spreads its evidence over many entries of one topic, none of which matches it alone; one shared word ("căn cước",
 * "zalo") then pulls in an entry of another topic. The place keeps (1 − share) of its score plus share × its topic's
 * posterior relative to the best topic's (4-fold CV on the tuning split, 291 messages: 0 → 251, 0.1 → 253,
 * 0.2 → 253, 0.3 → 254, 0.4 → 252, 0.5 → 253 right; off-topic rejected 17 → 18 of 23).
 */
const TOPIC_PRIOR_SHARE = 0.3;
/** Additive smoothing of the topic model's term counts (0.1 → 253, 0.5 → 254, 1 → 253, 2 → 251 right in CV). */
const TOPIC_SMOOTHING = 0.5;
/**
 * The topic model's log-likelihoods are multiplied by this before they become posteriors: naive Bayes counts every
 * term of a long message as independent evidence and would be far too sure (0.1 → 253, 0.3 → 254, 0.5 → 253, 1 → 252
 * right in CV).
 */
const TOPIC_TEMPERATURE = 0.3;
/**
 * The close-call rerank also weighs the kind of answer the message asks for ("phải làm gì", "ở đâu", "bao lâu",
 * "bao nhiêu", "là gì", "có phải / được không"; `intentsOf`), learned from each place's phrasings: a close place
 * gains this much per kind the message asks, in proportion to its share of phrasings asked that way (relative to the
 * close place asked that way most), less what the least such place gains, so a kind they all share lifts none. The
 * words are stop words for matching (keeping them as terms lost in CV). CV on the tuning split, 320 messages,
 * 3/4/5 folds: off → 275/277/273 right; 0.05, 0.08 and 0.12 → 278/279/275; off-topic declined alike. A bare "không"
 * as a yes/no mark gave 277/279/276 but declined one off-topic message fewer at 4 folds.
 */
const INTENT_WEIGHT = 0.08;
/**
 * A message with a scam's marks (`detect-scam-signals.ts`: a link, a prize, a threat with a deadline, a bank's formal
 * register, "có phải lừa không") puts the places of ONLINE_SAFETY ahead by this share, indexed by how many kinds of
 * mark it has: a forwarded "Tài khoản sẽ bị khóa trong 24h… truy cập link …" asks whether to believe it, not how to
 * update biometrics, though its words are the biometrics entry's. 3/4/5-fold CV on the tuning split (438 messages):
 * off → 377/379/377; 0.1 for any number of kinds → 379/381/378; 0.1 / 0.25 / 0.5 → 380/382/379; 0.1 / 0.5 / 0.8
 * alike; off-topic declined 20 of 23 in each. On 561 messages (with the agreed-topic lift): off → 492/490/486,
 * 0.1 / 0.5 / 0.8 → 494/491/487, 0.1 / 0.8 / 1 → 493/491/486. The last is kept: with the richer biometrics entry,
 * 0.5 left the forwarded text above in a tie with it, and two kinds (a link and a deadline) are what the police's
 * warnings describe, when the scam entry should win over the service it imitates.
 */
const SCAM_SIGNAL_BOOST: readonly number[] = [0, 0.1, 0.8, 1];
/** How many candidates are returned: the policy looks at two, the eval and logs at a few more. */
const MAX_CANDIDATES = 5;
/** A part shorter than this many meaningful words is not scored alone ("Cảm ơn.", "Dạ."). */
const MIN_PART_WORDS = 2;
/**
 * A sentence of a long message is scored with this much of its target's score on the whole message mixed in: the
 * clause "không thể lấy lại mật khẩu" of a question about VssID must not answer for VNeID on its own (4-fold CV on the
 * tuning split: 0 → 83.8%, 0.15 → 84.1%, 0.3 → 83.8%, 0.5 → 83.0%; off-topic rejected 15 → 17 of 23).
 */
const WHOLE_MESSAGE_SHARE_OF_PART = 0.15;
/** Messages longer than this are cut before scoring: no resident question needs more, and it bounds the time. */
const MAX_SCORED_CHARS = 1_500;

/** Turns a resident's text into ranked candidates with a confidence in 0..1. Pure and fast: no I/O. */
export function understand(index: UnderstandingIndex, typed: string, options: UnderstandOptions = {}): Understanding {
  const text = withoutMasks(typed);
  const wantsPerson = detectWantsPerson(text);
  const command = recogniseCommand(text);
  const context = contextOf(index, text, options);
  const ranked = readWithTheAnswer(index, text, options, context, rankPlaces(index, text, context));
  const beyond = wordsBeyondStepReply(text);
  const contentBeyondStepReply =
    beyond === null ? (ranked[0]?.confidence ?? 0) : (rankPlaces(index, beyond, context)[0]?.confidence ?? 0);

  const candidates: Candidate[] = [
    ...(command ? [{ kind: "command" as const, command, confidence: 1 }] : []),
    ...leadToTheGuide(index, text, liftAgreedTopic(text.slice(0, MAX_SCORED_CHARS), ranked)).slice(0, MAX_CANDIDATES),
  ];
  return {
    candidates: candidates.length > 0 ? candidates : [{ kind: "none", confidence: 1 }],
    wantsPerson,
    contentBeyondStepReply,
  };
}

/** "Không biết bắt đầu từ đâu", "bắt đầu thế nào": the resident asks for the way in, not for one answer. Folded. */
const WHERE_TO_START = /\b(?:ma )?(?:khong biet )?(?:phai )?bat dau (?:tu dau|the nao|nhu the nao|ra sao|lam sao)\b/g;
/** Words that make a message a question about its topic, not the topic's name ("định danh là gì"). Folded. */
const QUESTION_MARKS: ReadonlySet<string> = new Set(["gi", "nao", "dau", "sao", "khong", "ko", "chua", "bao", "ai"]);

/** The guide's lead over the place it replaces: clear of the policy's close-call margins, so nothing is asked. */
const START_LEAD = 0.05;

/**
 * A message that names a guide's topic and asks nothing more leads to that guide from its beginning, ahead of the
 * best place by START_LEAD: "muốn bán hàng online" is «bán hàng trực tuyến» word for word, yet got shipping at 0.93
 * (for "giao hàng bán online"; the guide 0.87). So does one that asks where to start with it: "em muốn bán hàng
 * online mà không biết bắt đầu từ đâu" got what to do when a customer returns goods, "bà muốn làm cái định danh
 * điện tử mà không biết bắt đầu từ đâu" «nộp hồ sơ hay định danh là gì?». Where to start with one task ("muốn nộp
 * hồ sơ lên xã qua mạng thì bắt đầu từ đâu") keeps its answer. CV grid unchanged.
 */
function leadToTheGuide(index: UnderstandingIndex, text: string, ranked: ContentCandidate[]): ContentCandidate[] {
  const [top] = ranked;
  if (!top || top.kind === "checklist") return ranked;
  const guide = namedGuide(index, canonicalText(text).replace(WHERE_TO_START, " "));
  if (!guide || guide.kind !== "checklist") return ranked;
  const rest = ranked.filter((c) => !(c.kind === "checklist" && c.checklistId === guide.checklistId));
  return [{ ...guide, confidence: Math.min(1, top.confidence + START_LEAD) }, ...rest];
}

/** The guide whose title or keyword has exactly the message's meaningful words, if the message asks nothing else. */
function namedGuide(index: UnderstandingIndex, folded: string): IndexTarget["candidate"] | null {
  if (folded.split(" ").some((word) => QUESTION_MARKS.has(word))) return null;
  const terms = new Set(termsOf(meaningfulTokens(folded)));
  if (terms.size === 0) return null;
  // Only the phrasings that hold one of its words can hold all of them: the index's postings, not every phrasing.
  const [anyTerm] = terms;
  for (const p of index.phrasingPostings.get(anyTerm ?? "") ?? []) {
    const phrasing = index.phrasings[p];
    const target = phrasing ? index.targets[phrasing.target] : undefined;
    if (!phrasing || target?.candidate.kind !== "checklist") continue;
    const own = new Set(phrasing.terms);
    if (own.size === terms.size && [...own].every((t) => terms.has(t))) return target.candidate;
  }
  return null;
}

/**
 * A long message whose best places all belong to one topic (a scam story that touches four scam entries, none of
 * which it matches alone) is about that topic even when no place matches it well: its best place's confidence is
 * raised to AGREED_TOPIC_CONFIDENCE, from AGREED_TOPIC_MIN_CONFIDENCE on, when the AGREED_TOPIC_PLACES best places
 * share its topic and the message has at least AGREED_TOPIC_MIN_WORDS meaningful words. The policy then answers it
 * (just above its threshold, so the question is still recorded for admins) instead of saying it has no answer.
 * 3/4/5-fold CV on the tuning split (438 messages): off → 380/383/380; places 4, from 0.3, 5 words: raised to 0.41 →
 * 382/384/381, 0.45 → 383/385/382, 0.5 alike; 3 places → 382/384/380, 5 places → 382/383/381; from 0.33 → 381/383/380;
 * 3 or 8 words scored as 5. Off-topic declined 20 → 19 of 23. On 561 messages: off → 489/488/484 (off-topic
 * 18/19/19), on → 493/491/486 (17/17/17); from 0.33 or 0.35, or with 5 or 6 places, no better.
 * Each of the agreeing places must score at least AGREED_TOPIC_MIN_SHARE_OF_TOP of the best one. On 595 messages,
 * 3/4/5 folds: any share → 530/528/525 (off-topic 17/17/17); 0.5 → 530/528/524; 0.6 → 529/527/523; 0.7 →
 * 528/528/524 (17/18/18); 0.75–0.85 → 529/529/525 (18/19/19); 0.9 → 528/528/524 (18/19/19). An absolute floor
 * instead: 0.1–0.15 alike, 0.2 → 530/527/524, 0.25 → 529/528/524 (18/18/18). The lift's gain on the scam stories
 * is kept and the off-topic messages it used to answer are declined again.
 */
const AGREED_TOPIC_CONFIDENCE = 0.45;
const AGREED_TOPIC_MIN_CONFIDENCE = 0.3;
const AGREED_TOPIC_PLACES = 4;
const AGREED_TOPIC_MIN_WORDS = 5;
const AGREED_TOPIC_MIN_SHARE_OF_TOP = 0.8;

export function liftAgreedTopic(text: string, ranked: ContentCandidate[]): ContentCandidate[] {
  const [top, ...rest] = ranked;
  if (!top || top.confidence >= AGREED_TOPIC_CONFIDENCE || top.confidence < AGREED_TOPIC_MIN_CONFIDENCE) return ranked;
  if (meaningfulTokens(text).length < AGREED_TOPIC_MIN_WORDS) return ranked;
  const head = ranked.slice(0, AGREED_TOPIC_PLACES);
  if (head.length < AGREED_TOPIC_PLACES || head.some((c) => c.topic !== top.topic)) return ranked;
  // A far-behind place of the same topic is no vote: it shares a word or two of the story, not its subject.
  if (head.some((c) => c.confidence < AGREED_TOPIC_MIN_SHARE_OF_TOP * top.confidence)) return ranked;
  return [{ ...top, confidence: AGREED_TOPIC_CONFIDENCE }, ...rest];
}

/**
 * A short follow-up question whose words alone lead out of the topic of the entry just answered is read again with
 * that entry's title before it, and that reading is kept when it stays in the topic: "mất bao lâu thì có" after the
 * birth-registration answer reached how long a new ID card takes (0.87), "có mất phí không" an ATM card's unlocking;
 * read as «Đăng ký khai sinh … mất bao lâu thì có» they reach the birth-registration answer, which gives the time.
 * A follow-up that stays in the topic alone keeps its own reading ("thế có mất tiền không" after how to reach level 2
 * is what VNeID costs, not level 2 again). On 12 follow-ups written for this: 5 right alone, 7 with it, none lost.
 */
function readWithTheAnswer(
  index: UnderstandingIndex,
  text: string,
  options: UnderstandOptions,
  context: PlaceContext,
  ranked: ContentCandidate[],
): ContentCandidate[] {
  const entryId = options.previousAnswer?.entryId;
  if (entryId === undefined || !isShortQuestion(text)) return ranked;
  const answered = index.targets.find((t) => t.candidate.kind === "entry" && t.candidate.entryId === entryId);
  if (!answered || ranked[0]?.topic === answered.candidate.topic) return ranked;
  const reread = rankPlaces(index, `${answered.candidate.title} ${text}`, context);
  return reread[0]?.topic === answered.candidate.topic ? reread : ranked;
}

/**
 * Where the resident is: the checklist of the step waiting for an answer and that checklist's topic; outside a step,
 * the topic of the entry just answered when the message is a short follow-up question (`is-short-question.ts`).
 */
interface PlaceContext {
  checklistId: string | null;
  topic: KnowledgeTopic | null;
}

function contextOf(index: UnderstandingIndex, text: string, options: UnderstandOptions): PlaceContext {
  const checklistId = options.activeStep?.checklistId ?? null;
  if (checklistId === null) {
    const entryId = options.previousAnswer?.entryId;
    if (entryId === undefined || !isShortQuestion(text)) return { checklistId, topic: null };
    const answered = index.targets.find((t) => t.candidate.kind === "entry" && t.candidate.entryId === entryId);
    return { checklistId, topic: answered?.candidate.topic ?? null };
  }
  const own = index.targets.find((t) => t.candidate.kind === "checklist" && t.candidate.checklistId === checklistId);
  return { checklistId, topic: own?.candidate.topic ?? null };
}

/** The places the text may lead to, best first, with the context's prior applied before the close-call rerank. */
function rankPlaces(index: UnderstandingIndex, text: string, context: PlaceContext): ContentCandidate[] {
  const scores = new Float64Array(index.targets.length);
  // A message without a single letter ("2", "1.", "😀") names no place: a number is a menu or button choice, which
  // the engine reads itself; scoring it would send "2" to whatever says "mức 2".
  if (!/\p{L}/u.test(text)) return [];
  const scored = text.slice(0, MAX_SCORED_CHARS);
  const [whole, ...sentences] = partsOf(scored);
  if (whole) scorePart(index, whole, scores);
  const wholeScores = scores.slice();
  const partScores = new Float64Array(index.targets.length);
  for (const part of sentences) {
    partScores.fill(0);
    scorePart(index, part, partScores);
    for (let t = 0; t < partScores.length; t += 1) {
      const blended =
        (1 - WHOLE_MESSAGE_SHARE_OF_PART) * (partScores[t] ?? 0) + WHOLE_MESSAGE_SHARE_OF_PART * (wholeScores[t] ?? 0);
      if (blended > (scores[t] ?? 0)) scores[t] = blended;
    }
  }

  const topicShare = TOPIC_PRIOR_SHARE > 0 ? topicPosterior(index, scored) : null;
  const scamBoost = SCAM_SIGNAL_BOOST[Math.min(scamSignalKinds(scored), SCAM_SIGNAL_BOOST.length - 1)] ?? 0;
  const firstStage: ScoredTarget[] = [];
  index.targets.forEach((target, i) => {
    const lexical = scores[i] ?? 0;
    if (lexical <= 0) return;
    const share = topicShare?.get(target.candidate.topic) ?? 1;
    const scam = target.candidate.topic === "ONLINE_SAFETY" ? 1 + scamBoost : 1;
    const score = scam * lexical * (1 - TOPIC_PRIOR_SHARE + TOPIC_PRIOR_SHARE * share);
    firstStage.push({ target: i, score: score + contextBonus(target, context) });
  });
  firstStage.sort((a, b) => b.score - a.score);
  const messageTerms = [...new Set(termsOf(meaningfulTokens(scored).map((t) => correctTypo(index, t))))];
  const reranked = rerankCloseCandidates(index, messageTerms, firstStage, {
    ...CLOSE_CANDIDATES_RERANK,
    intentWeight: INTENT_WEIGHT,
    messageIntents: INTENT_WEIGHT > 0 ? intentsOf(scored) : new Set(),
  });
  // The rerank's bonus can lift several places past 1. Capping each at 1 would tie them (and the policy would ask
  // "A hay B?" about a call the rerank had decided); scaling the list down keeps their order and their gaps.
  const scale = Math.max(1, reranked[0]?.score ?? 0);
  return reranked.map(
    ({ target, score }) => ({ ...index.targets[target]?.candidate, confidence: score / scale }) as ContentCandidate,
  );
}

/** Each topic's naive-Bayes posterior given the message's known terms, divided by the best topic's. */
function topicPosterior(index: UnderstandingIndex, text: string): Map<KnowledgeTopic, number> {
  const terms = [...new Set(termsOf(meaningfulTokens(text).map((t) => correctTypo(index, t))))];
  const vocabulary = index.topicTermCounts.size;
  const logs = index.topics.map((_, k) => {
    let sum = 0;
    for (const term of terms) {
      const counts = index.topicTermCounts.get(term);
      if (!counts) continue;
      sum += Math.log(
        ((counts[k] ?? 0) + TOPIC_SMOOTHING) / ((index.topicTotals[k] ?? 0) + TOPIC_SMOOTHING * vocabulary),
      );
    }
    return sum * TOPIC_TEMPERATURE;
  });
  const best = Math.max(...logs);
  return new Map(index.topics.map((topic, k) => [topic, Math.exp((logs[k] ?? best) - best)]));
}

function contextBonus(target: IndexTarget, context: PlaceContext): number {
  if (context.checklistId === null) return target.candidate.topic === context.topic ? FOLLOW_UP_TOPIC_BONUS : 0;
  if (target.checklistId === context.checklistId) return ACTIVE_CHECKLIST_BONUS;
  return target.candidate.topic === context.topic ? ACTIVE_TOPIC_BONUS : 0;
}

/** The privacy guard's masks ("[số định danh đã ẩn]") must not match "định danh". */
function withoutMasks(text: string): string {
  let out = text;
  for (const mask of Object.values(REDACTION_MASKS)) out = out.split(mask).join(" ");
  return out;
}

/**
 * The whole message and, when it has several, each sentence: a long story is scored by its best part, so "Tôi 68
 * tuổi, ở Hoằng Hóa. Hôm qua tôi quên mật khẩu VNeID." finds the password entry without the rest diluting it.
 */
export function partsOf(text: string): string[][] {
  const whole = meaningfulTokens(text);
  const sentences = text
    .split(/[.!?;\n]+|,\s+(?=\S)/u)
    .map((s) => meaningfulTokens(s))
    .filter((tokens) => tokens.length >= MIN_PART_WORDS && tokens.length < whole.length);
  return [whole, ...sentences];
}

/** Scores one part against every target, keeping each target's best score in `scores`. */
function scorePart(index: UnderstandingIndex, rawTokens: readonly string[], scores: Float64Array): void {
  if (rawTokens.length === 0) return;
  const tokens = rawTokens.map((token) => correctTypo(index, token));
  const terms = [...new Set(termsOf(tokens))];
  let messageWeight = 0;
  let wordWeight = 0;
  const known: { term: string; weight: number }[] = [];
  for (const term of terms) {
    const weight = index.idf.get(term);
    const isWord = !term.includes(" ");
    if (weight !== undefined) {
      known.push({ term, weight });
      messageWeight += weight;
      if (isWord) wordWeight += weight;
    } else if (isWord) {
      // An unknown word still says something the index cannot answer; an unknown pair of known words does not.
      messageWeight += index.unknownWordWeight;
      wordWeight += index.unknownWordWeight;
    }
  }
  if (known.length === 0 || messageWeight === 0) return;

  const weightOf = (term: string) => index.idf.get(term) ?? 0;
  const phrasingHits = new Map<number, string[]>();
  for (const { term } of known) {
    for (const p of index.phrasingPostings.get(term) ?? []) {
      const hits = phrasingHits.get(p);
      if (hits) hits.push(term);
      else phrasingHits.set(p, [term]);
    }
  }
  const knownWords = known.filter(({ term }) => !term.includes(" ")).length;
  // Neighbouring words of the message that no phrasing has side by side: a compound the index does not know.
  const unknownPairs = terms
    .filter((term) => term.includes(" ") && !index.idf.has(term))
    .map((pair) => pair.split(" ") as [string, string]);

  const phrasingOverlap = new Map<number, number>();
  /** term → the targets that explain it: one of their phrasings has it together with another word of the message. */
  const anchoredIn = new Map<string, Set<number>>();
  for (const [p, hits] of phrasingHits) {
    const phrasing = index.phrasings[p];
    if (!phrasing) continue;
    const counted = countedHits(hits, phrasing.terms, unknownPairs, weightOf);
    const overlap = counted.reduce((sum, term) => sum + weightOf(term), 0);
    phrasingOverlap.set(p, overlap);
    const words = counted.filter((term) => !term.includes(" ")).length;
    // A keyword the message holds whole ("vneid" in "tôi muốn làm vneid") anchors itself.
    const wholePhrasing = overlap >= phrasing.weight - 1e-9;
    if (words < Math.min(MIN_ANCHORING_WORDS, knownWords) && !wholePhrasing) continue;
    for (const term of counted) {
      const set = anchoredIn.get(term) ?? new Set<number>();
      set.add(phrasing.target);
      anchoredIn.set(term, set);
    }
  }
  const targetOverlap = new Map<number, number>();
  const targetWordOverlap = new Map<number, number>();
  const targetAnyWordOverlap = new Map<number, number>();
  for (const { term, weight } of known) {
    const isWord = !term.includes(" ");
    if (isWord)
      for (const t of index.targetPostings.get(term) ?? [])
        targetAnyWordOverlap.set(t, (targetAnyWordOverlap.get(t) ?? 0) + weight);
    for (const t of anchoredIn.get(term) ?? []) {
      targetOverlap.set(t, (targetOverlap.get(t) ?? 0) + weight);
      if (isWord) targetWordOverlap.set(t, (targetWordOverlap.get(t) ?? 0) + weight);
    }
  }
  // Two words are explained by the whole of any entry that mentions them somewhere: only longer messages say
  // something by being spread over several phrasings.
  const wholeShare = tokens.length >= MIN_WORDS_FOR_WHOLE_TARGET ? WHOLE_TARGET_SHARE : 0;
  const best = new Map<number, [number, number]>();
  for (const [p, overlap] of phrasingOverlap) {
    const phrasing = index.phrasings[p];
    if (!phrasing) continue;
    const messageShare = overlap / messageWeight;
    const phrasingShare = overlap / phrasing.weight;
    const score = messageShare ** MESSAGE_COVERAGE_EXPONENT * phrasingShare ** (1 - MESSAGE_COVERAGE_EXPONENT);
    const top = best.get(phrasing.target) ?? [0, 0];
    if (score > top[0]) best.set(phrasing.target, [score, top[0]]);
    else if (score > top[1]) best.set(phrasing.target, [top[0], score]);
  }
  for (const t of best.keys()) {
    const overlap = targetOverlap.get(t) ?? 0;
    const [first, second] = best.get(t) ?? [0, 0];
    const prior = KIND_PRIOR[index.targets[t]?.candidate.kind ?? "entry"];
    const blended =
      ((1 - wholeShare) * first + wholeShare * (overlap / messageWeight) + SECOND_PHRASING_SHARE * second) /
      (1 + SECOND_PHRASING_SHARE);
    const anchored = targetWordOverlap.get(t) ?? 0;
    const explained =
      (anchored + UNANCHORED_SHARE * Math.max(0, (targetAnyWordOverlap.get(t) ?? 0) - anchored)) / wordWeight;
    const score = prior * blended * Math.min(1, explained / FULLY_EXPLAINED_SHARE);
    if (score > (scores[t] ?? 0)) scores[t] = score;
  }
}

/**
 * The message's words a phrasing counts: all it has, except that of two neighbouring words of the message that the
 * phrasing has apart, in other compounds, only the heavier counts. "thời tiết" is one word of the message that
 * "tiết kiệm thời gian" does not have, not two it has.
 */
function countedHits(
  hits: readonly string[],
  phrasingTerms: readonly string[],
  unknownPairs: ReadonlyArray<readonly [string, string]>,
  weightOf: (term: string) => number,
): string[] {
  if (unknownPairs.length === 0 || hits.length < 2) return [...hits];
  const hitSet = new Set(hits);
  const dropped = new Set<string>();
  for (const [a, b] of unknownPairs) {
    // The same two words side by side the other way round ("hàng bị bom", "bom hàng") are not another compound.
    if (hitSet.has(a) && hitSet.has(b) && !phrasingTerms.includes(`${b} ${a}`))
      dropped.add(weightOf(a) <= weightOf(b) ? a : b);
  }
  return dropped.size === 0 ? [...hits] : hits.filter((term) => !dropped.has(term));
}
