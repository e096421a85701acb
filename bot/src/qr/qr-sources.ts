import type { QrKind } from "@xks/shared/api/qr-codes";
import type { PrismaClient } from "../db.ts";
import { eventPayload } from "../events/event-payloads.ts";

/**
 * What a printable QR code is about: its title (printed under the code) and what scanning it opens. Residents' codes
 * open the OA chat for the keyword the bot answers; members' codes open a page of the mini-app.
 */
export interface QrSubject {
  title: string;
  opens: { kind: "oa-chat"; keyword: string } | { kind: "miniapp"; path: string };
  /**
   * The units it is for, when leads may print it only for their own (a registration day); null when it is the whole
   * organisation's, as quizzes and content items are: every lead reads and shares those.
   */
  forUnitIds: readonly string[] | null;
}

/** Finds one thing of a kind by id; null when there is none. Adding a kind of QR code is one of these. */
export type QrSource = (db: PrismaClient, id: string) => Promise<QrSubject | null>;

const quizSource: QrSource = async (db, id) => {
  const quiz = await db.quiz.findUnique({ where: { id }, select: { title: true, keyword: true } });
  return quiz ? { title: quiz.title, opens: { kind: "oa-chat", keyword: quiz.keyword }, forUnitIds: null } : null;
};

const contentSource: QrSource = async (db, id) => {
  const item = await db.contentItem.findUnique({ where: { id }, select: { title: true } });
  return item ? { title: item.title, opens: { kind: "miniapp", path: `/content/${id}` }, forUnitIds: null } : null;
};

/** A registration day: scanning opens the OA, and the words under the code sign the resident up ("… buổi 12"). */
const eventSource: QrSource = async (db, id) => {
  const event = await db.registrationEvent.findUnique({
    where: { id },
    select: { title: true, code: true, units: { select: { unitId: true } } },
  });
  return event
    ? {
        title: event.title,
        opens: { kind: "oa-chat", keyword: eventPayload("register", event.code) },
        forUnitIds: event.units.map((u) => u.unitId),
      }
    : null;
};

/** Every kind of thing that has a printable QR code, by the name used in `/api/qr/:kind/:id`. */
export const QR_SOURCES: Record<QrKind, QrSource> = {
  quiz: quizSource,
  content: contentSource,
  event: eventSource,
};
