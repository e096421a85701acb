import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CHECKLISTS } from "@xks/shared/checklists/index";
import { KNOWLEDGE_TOPICS, type KnowledgeEntry, type KnowledgeTopic } from "@xks/shared/knowledge/types";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { assignSplit } from "./assign-split.ts";
import type { LabelledMessage } from "./labelled-message.ts";

/**
 * Validates the labelled eval set the understanding module is measured on (tests/understanding-eval/README.md):
 * its shape, its size, where it came from, that the two splits never share a message, and that every label points at
 * something that exists. It reads the held-out file only to check it, never to tune anything.
 */

const MIN_MESSAGES = 300;
const MIN_SOURCED_ORIGINALS = 180;
const MIN_PERSON_MESSAGES = 30;
const MIN_NONE_MESSAGES = 20;
const MIN_HELDOUT_SHARE = 0.4;
/** Each of the six checklist topics needs enough messages for its per-topic accuracy to mean something. */
const MIN_MESSAGES_PER_CHECKLIST_TOPIC = 15;

const topic = z.enum(KNOWLEDGE_TOPICS as unknown as [KnowledgeTopic, ...KnowledgeTopic[]]);
const labelledMessageSchema = z
  .object({
    text: z.string().trim().min(2).max(2_000),
    expect: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("entry"), entryId: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/), topic }).strict(),
      z.object({ kind: z.literal("step"), checklistId: z.string().min(1), stepId: z.string().min(1), topic }).strict(),
      z.object({ kind: z.literal("topic"), topic }).strict(),
      z.object({ kind: z.literal("person") }).strict(),
      z.object({ kind: z.literal("none") }).strict(),
    ]),
    split: z.enum(["tuning", "heldout"]),
    source: z.object({ title: z.string().trim().min(3), url: z.url({ protocol: /^https?$/ }) }).strict(),
    variantOf: z.string().min(2).optional(),
  })
  .strict();

const dataDir = fileURLToPath(new URL("./data/", import.meta.url));

function readSplit(file: "tuning.json" | "heldout.json"): LabelledMessage[] {
  const parsed = z.array(labelledMessageSchema).parse(JSON.parse(readFileSync(`${dataDir}${file}`, "utf8")));
  return parsed as LabelledMessage[];
}

const tuning = readSplit("tuning.json");
const heldout = readSplit("heldout.json");
const all = [...tuning, ...heldout];
const originals = all.filter((m) => m.variantOf === undefined);

const knowledgeBasePath = fileURLToPath(new URL("../../shared/src/knowledge/knowledge-base.ts", import.meta.url));
const hasKnowledgeBase = existsSync(knowledgeBasePath);

/** The knowledge base module's entries, whatever the export is called: the one array of KnowledgeEntry-shaped values. */
async function loadKnowledgeEntries(): Promise<KnowledgeEntry[]> {
  const module: Record<string, unknown> = await import(knowledgeBasePath);
  const candidates = Object.values(module).filter(
    (value): value is KnowledgeEntry[] =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((e) => typeof e === "object" && e !== null && "id" in e && "topic" in e && "questions" in e),
  );
  expect(candidates.length, "knowledge-base.ts should export one array of entries").toBeGreaterThanOrEqual(1);
  return candidates.sort((a, b) => b.length - a.length)[0] as KnowledgeEntry[];
}

describe("understanding eval set", () => {
  it("has the size, the sources and the label kinds the issue asks for", () => {
    expect(all.length).toBeGreaterThanOrEqual(MIN_MESSAGES);
    expect(originals.filter((m) => /^https?:\/\//.test(m.source.url)).length).toBeGreaterThanOrEqual(
      MIN_SOURCED_ORIGINALS,
    );
    expect(all.filter((m) => m.expect.kind === "person").length).toBeGreaterThanOrEqual(MIN_PERSON_MESSAGES);
    expect(all.filter((m) => m.expect.kind === "none").length).toBeGreaterThanOrEqual(MIN_NONE_MESSAGES);
    for (const service of CHECKLISTS.map((c) => c.service)) {
      const count = all.filter((m) => "topic" in m.expect && m.expect.topic === service).length;
      expect(count, service).toBeGreaterThanOrEqual(MIN_MESSAGES_PER_CHECKLIST_TOPIC);
    }
  });

  it("keeps each message in the file of its split, and holds out at least 40%", () => {
    expect(tuning.every((m) => m.split === "tuning")).toBe(true);
    expect(heldout.every((m) => m.split === "heldout")).toBe(true);
    expect(heldout.length / all.length).toBeGreaterThanOrEqual(MIN_HELDOUT_SHARE);
  });

  it("splits per original by the seeded rule, and every variant follows its original", () => {
    const byText = new Map(originals.map((m) => [m.text, m]));
    for (const original of originals) expect(original.split, original.text).toBe(assignSplit(original.text));
    for (const variant of all.filter((m) => m.variantOf !== undefined)) {
      const original = byText.get(variant.variantOf as string);
      expect(original, `original of «${variant.text}»`).toBeDefined();
      expect(variant.split, variant.text).toBe(original?.split);
      expect(variant.source).toEqual(original?.source);
    }
  });

  it("never has the same message twice, so no message is in both splits (compared after canonical folding)", () => {
    const seen = new Map<string, LabelledMessage>();
    const clashes: string[] = [];
    for (const message of all) {
      const key = canonicalText(message.text);
      const earlier = seen.get(key);
      if (earlier) clashes.push(`«${earlier.text}» (${earlier.split}) ≡ «${message.text}» (${message.split})`);
      else seen.set(key, message);
    }
    expect(clashes).toEqual([]);
  });

  it("labels steps that exist, with the topic of their checklist", () => {
    for (const message of all) {
      if (message.expect.kind !== "step") continue;
      const { checklistId, stepId, topic: stepTopic } = message.expect;
      const checklist = CHECKLISTS.find((c) => c.id === checklistId);
      expect(checklist, `${checklistId} for «${message.text}»`).toBeDefined();
      expect(
        checklist?.steps.some((s) => s.id === stepId),
        `${checklistId}/${stepId}`,
      ).toBe(true);
      expect(stepTopic).toBe(checklist?.service);
    }
  });

  it.skipIf(!hasKnowledgeBase)(
    `labels entries that exist in the knowledge base, with their topic${hasKnowledgeBase ? "" : " (skipped: shared/src/knowledge/knowledge-base.ts is absent on this branch)"}`,
    async () => {
      const entries = new Map((await loadKnowledgeEntries()).map((e) => [e.id, e]));
      const missing: string[] = [];
      for (const message of all) {
        if (message.expect.kind !== "entry") continue;
        const entry = entries.get(message.expect.entryId);
        if (!entry) missing.push(`${message.expect.entryId} («${message.text}»)`);
        else expect(message.expect.topic, message.expect.entryId).toBe(entry.topic);
      }
      expect(missing).toEqual([]);
    },
  );
});
