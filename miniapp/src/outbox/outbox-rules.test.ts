import type { CreateAssistanceLogBody } from "@xks/shared/api/assistance-logs";
import { describe, expect, it } from "vitest";
import {
  decideAfterFailure,
  entriesDue,
  type OutboxEntry,
  parseStoredOutbox,
  withEntryAdded,
  withEntryCorrected,
  withEntrySent,
  withFailureRecorded,
} from "./outbox-rules.ts";

const HOA = "8000000000000000003";
const MINH = "8000000000000000004";

function body(clientId: string, hamlet = "Thôn Đông"): CreateAssistanceLogBody {
  return {
    clientId,
    happenedAt: "2026-11-28T08:30:00+07:00",
    services: ["VNEID"],
    people: 1,
    minutes: 30,
    hamlet,
    outcome: "DONE",
  };
}

function entry(clientId: string, changes: Partial<OutboxEntry> = {}): OutboxEntry {
  return { body: body(clientId), ownerZaloId: HOA, queuedAt: "2026-11-28T01:30:00.000Z", attempts: 0, ...changes };
}

const ids = (entries: readonly OutboxEntry[]) => entries.map((e) => e.body.clientId);

describe("what a sync sends", () => {
  it("sends the owner's entries oldest first, never another member's on the same phone", () => {
    const entries = [entry("a"), entry("m", { ownerZaloId: MINH }), entry("b")];
    expect(ids(entriesDue(entries, HOA))).toEqual(["a", "b"]);
    expect(ids(entriesDue(entries, MINH))).toEqual(["m"]);
  });

  it("skips entries the server refused: they wait for the member to fix them", () => {
    expect(ids(entriesDue([entry("a", { rejection: "Thiếu thôn" }), entry("b")], HOA))).toEqual(["b"]);
  });

  it("sends each clientId once even if the stored list holds it twice", () => {
    expect(ids(entriesDue([entry("a"), entry("b"), entry("a")], HOA))).toEqual(["a", "b"]);
  });
});

describe("what a save keeps", () => {
  it("adds a new entry at the end", () => {
    expect(ids(withEntryAdded([entry("a")], entry("b")))).toEqual(["a", "b"]);
  });

  it("keeps the first of two saves with one clientId (a double tap on Lưu)", () => {
    const first = entry("a");
    const again = { ...entry("a"), body: body("a", "Thôn Tây") };
    const kept = withEntryAdded([first], again);
    expect(kept).toEqual([first]);
  });

  it("forgets every copy of an entry the server confirmed", () => {
    expect(ids(withEntrySent([entry("a"), entry("b"), entry("a")], "a"))).toEqual(["b"]);
  });

  it("takes a corrected entry back into the queue under the same clientId", () => {
    const refused = entry("a", { rejection: "Thiếu thôn", attempts: 1 });
    const [corrected] = withEntryCorrected([refused], "a", { ...body("other-id"), hamlet: "Thôn Bắc" });
    expect(corrected).toMatchObject({ attempts: 1, body: { clientId: "a", hamlet: "Thôn Bắc" } });
    expect(corrected).not.toHaveProperty("rejection");
    expect(ids(entriesDue(corrected ? [corrected] : [], HOA))).toEqual(["a"]);
  });
});

describe("what a failed send does", () => {
  it("no network: stop the run, keep the entry as it is for the next one", () => {
    const decision = decideAfterFailure({ kind: "network" });
    expect(decision).toEqual({ kind: "stop", stoppedBy: "offline" });
    const [kept] = withFailureRecorded([entry("a")], "a", decision);
    expect(kept).toMatchObject({ attempts: 1 });
    expect(kept).not.toHaveProperty("rejection");
  });

  it("session expired (401): stop, every entry would get the same answer", () => {
    expect(decideAfterFailure({ kind: "http", status: 401, message: "Hết phiên" })).toEqual({
      kind: "stop",
      stoppedBy: "unauthenticated",
    });
  });

  it.each([400, 403, 404, 409, 422])("refused (%i): keep it visible with the reason, go on to the next", (status) => {
    const decision = decideAfterFailure({ kind: "http", status, message: "Yêu cầu hỗ trợ không còn." });
    expect(decision).toEqual({ kind: "refuse", rejection: "Yêu cầu hỗ trợ không còn." });
    const entries = withFailureRecorded([entry("a"), entry("b")], "a", decision);
    expect(entries[0]).toMatchObject({ attempts: 1, rejection: "Yêu cầu hỗ trợ không còn." });
    expect(ids(entriesDue(entries, HOA))).toEqual(["b"]);
  });

  it.each([408, 425, 429, 500, 502, 503])("not now (%i): stop and retry later, never marked refused", (status) => {
    expect(decideAfterFailure({ kind: "http", status, message: "Hệ thống đang bận" })).toEqual({
      kind: "stop",
      stoppedBy: "server",
    });
  });

  it("anything else thrown: treated like a busy server, the entry is kept", () => {
    expect(decideAfterFailure({ kind: "unexpected" })).toEqual({ kind: "stop", stoppedBy: "server" });
  });
});

describe("reading the phone's storage", () => {
  it("reads what was written", () => {
    const entries = [entry("a"), entry("b", { rejection: "Thiếu thôn" })];
    expect(parseStoredOutbox(JSON.stringify(entries))).toEqual(entries);
  });

  it.each([null, "", "not json", "{}", '"text"', "42"])("treats %j as an empty outbox", (raw) => {
    expect(parseStoredOutbox(raw)).toEqual([]);
  });

  it("drops malformed items and keeps the rest", () => {
    const raw = JSON.stringify([null, { body: {} }, entry("a"), { ownerZaloId: HOA, attempts: 0 }]);
    expect(ids(parseStoredOutbox(raw))).toEqual(["a"]);
  });
});
