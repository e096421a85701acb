import { findChecklist } from "@xks/shared/checklists/index";
import type { OutboundMessage } from "../channel/messages.ts";
import { toLocal } from "../time/local-time.ts";

/** The engine resumes the resident's checklist on this text (the chatbot's "tiếp tục" command). */
export const RESUME_PAYLOAD = "tiep tuc";

/** The gentle nudge for an unfinished checklist, with a "Tiếp tục" button and a word on how to stop it. */
export function checklistReminderMessage(checklistId: string, number: number): OutboundMessage {
  const title = findChecklist(checklistId)?.title ?? "hướng dẫn";
  const opening =
    number === 1
      ? `Bạn đang làm dở “${title}”. Khi nào tiện, bấm “Tiếp tục” để làm tiếp từ bước đang dừng nhé.`
      : `Công đoàn nhắc lần cuối: “${title}” của bạn vẫn đang dở. Bấm “Tiếp tục” khi bạn sẵn sàng.`;
  return {
    text: `${opening}\n\nNếu không muốn nhận nhắc nhở, nhắn “dừng nhắc”.`,
    buttons: [{ kind: "reply", title: "Tiếp tục", payload: RESUME_PAYLOAD }],
  };
}

/** The day-before reminder of a notice's event, with the time on the residents' clock. */
export function noticeReminderMessage(title: string, eventAt: Date, timeZone: string): OutboundMessage {
  const t = toLocal(eventAt, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const when = `${pad(t.hour)}:${pad(t.minute)} ngày ${pad(t.day)}/${pad(t.month)}/${t.year}`;
  return {
    text: `Nhắc lịch: “${title}” diễn ra lúc ${when}. Hẹn gặp bạn!\n\nNếu không muốn nhận nhắc nhở, nhắn “dừng nhắc”.`,
  };
}
