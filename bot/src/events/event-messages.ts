import type { OutboundMessage } from "../channel/messages.ts";
import { toLocal } from "../time/local-time.ts";
import { EVENT_BUTTON_TITLES, eventPayload } from "./event-payloads.ts";

/** What a resident reads about a registration day: short, polite, the time on their own clock. */

export interface EventFacts {
  id: string;
  /** The short number in the buttons' payloads. */
  code: number;
  title: string;
  bring: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  organisedWith: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "07:30–11:00 ngày 14/03/2027" (one day) in the organisation's time zone. */
export function formatEventTime(event: Pick<EventFacts, "startsAt" | "endsAt">, timeZone: string): string {
  const s = toLocal(event.startsAt, timeZone);
  const e = toLocal(event.endsAt, timeZone);
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day;
  const start = `${pad(s.hour)}:${pad(s.minute)}`;
  const day = (t: typeof s) => `ngày ${pad(t.day)}/${pad(t.month)}/${t.year}`;
  return sameDay
    ? `${start}–${pad(e.hour)}:${pad(e.minute)} ${day(s)}`
    : `${start} ${day(s)} đến ${pad(e.hour)}:${pad(e.minute)} ${day(e)}`;
}

/** The lines every event message carries: when, where, with whom, what to bring. */
export function describeEvent(event: EventFacts, timeZone: string): string {
  return [
    `Thời gian: ${formatEventTime(event, timeZone)}`,
    `Địa điểm: ${event.place}`,
    event.organisedWith ? `Phối hợp: ${event.organisedWith}` : null,
    event.bring ? `Mang theo: ${event.bring}` : null,
  ]
    .filter(Boolean)
    .join("\n");
}

/** The announcement's text (the broadcast adds the title above it). */
export function eventAnnouncementText(event: EventFacts, timeZone: string): string {
  return `${describeEvent(event, timeZone)}\n\nBấm “${EVENT_BUTTON_TITLES.register}” để giữ chỗ, hoặc “${EVENT_BUTTON_TITLES.remind}” để được nhắc trước một ngày.`;
}

export function announcementButtons(eventCode: number): OutboundMessage["buttons"] {
  return [
    { kind: "reply", title: EVENT_BUTTON_TITLES.register, payload: eventPayload("register", eventCode) },
    { kind: "reply", title: EVENT_BUTTON_TITLES.remind, payload: eventPayload("remind", eventCode) },
  ];
}

const cancelButton = (eventCode: number) => ({
  kind: "reply" as const,
  title: EVENT_BUTTON_TITLES.cancel,
  payload: eventPayload("cancel", eventCode),
});

export function registeredMessage(event: EventFacts, number: number, timeZone: string): OutboundMessage {
  return {
    text: `Bạn đã đăng ký “${event.title}”. Số của bạn là ${number}: khi đến, bạn đọc số này cho đoàn viên nhé.\n\n${describeEvent(event, timeZone)}\n\nChúng tôi sẽ nhắc bạn trước một ngày và trước hai tiếng. Nếu không đến được, nhắn “hủy đăng ký”.`,
    buttons: [cancelButton(event.code)],
  };
}

export function alreadyRegisteredMessage(event: EventFacts, number: number, timeZone: string): OutboundMessage {
  return {
    text: `Bạn đã đăng ký “${event.title}” rồi, số của bạn là ${number}.\n\n${describeEvent(event, timeZone)}`,
    buttons: [cancelButton(event.code)],
  };
}

export function fullMessage(event: EventFacts, next: EventFacts | null, timeZone: string): OutboundMessage {
  const sorry = `Rất tiếc, “${event.title}” đã đủ chỗ.`;
  if (!next) {
    return {
      text: `${sorry} Hiện chưa có buổi khác cho xã của bạn; khi có, chúng tôi sẽ báo bạn. Bạn cũng có thể nhờ đoàn viên hỗ trợ tại nhà.`,
    };
  }
  return {
    text: `${sorry} Bạn có muốn đăng ký buổi sau không?\n\n“${next.title}”\n${describeEvent(next, timeZone)}`,
    buttons: [
      { kind: "reply", title: EVENT_BUTTON_TITLES.register, payload: eventPayload("register", next.code) },
      { kind: "reply", title: EVENT_BUTTON_TITLES.remind, payload: eventPayload("remind", next.code) },
    ],
  };
}

export function remindOnlyMessage(event: EventFacts, timeZone: string): OutboundMessage {
  return {
    text: `Vâng, chúng tôi sẽ nhắc bạn trước một ngày về “${event.title}” (${formatEventTime(event, timeZone)}). Bạn chưa giữ chỗ: bấm “${EVENT_BUTTON_TITLES.register}” nếu muốn giữ chỗ.`,
    buttons: [{ kind: "reply", title: EVENT_BUTTON_TITLES.register, payload: eventPayload("register", event.code) }],
  };
}

export function cancelledMessage(event: EventFacts): OutboundMessage {
  return {
    text: `Bạn đã hủy đăng ký “${event.title}”. Khi nào muốn tham gia lại, bấm “${EVENT_BUTTON_TITLES.register}” nhé.`,
    buttons: [{ kind: "reply", title: EVENT_BUTTON_TITLES.register, payload: eventPayload("register", event.code) }],
  };
}

export const EVENT_TEXT = {
  noEvent: "Hiện chưa có buổi đăng ký nào cho xã của bạn. Khi có, chúng tôi sẽ báo bạn qua Zalo.",
  noEventNoUnit:
    "Hiện chưa có buổi đăng ký nào được báo cho bạn. Bạn cho mình biết xã/phường của bạn (bấm «Đổi xã»), khi xã có ngày hội, chúng tôi sẽ báo bạn qua Zalo.",
  nothingToCancel: "Bạn chưa đăng ký buổi nào sắp tới nên không có gì để hủy.",
  eventOver: "Buổi này đã kết thúc hoặc đã bị hủy. Cảm ơn bạn đã quan tâm!",
  chooseToRegister: "Có nhiều buổi sắp tới. Bạn muốn đăng ký buổi nào?",
  chooseToCancel: "Bạn đã đăng ký nhiều buổi. Bạn muốn hủy buổi nào?",
} as const;

/** A choice among several events: one button each (titles shortened to fit Zalo's button). */
export function chooseEventMessage(
  lead: string,
  events: readonly EventFacts[],
  action: "register" | "cancel",
  timeZone: string,
): OutboundMessage {
  const lines = events.map((e, i) => `${i + 1}. ${e.title} (${formatEventTime(e, timeZone)})`);
  return {
    text: `${lead}\n\n${lines.join("\n")}`,
    buttons: events.slice(0, 4).map((e, i) => ({
      kind: "reply" as const,
      title: `${i + 1}. ${[...e.title].slice(0, 30).join("")}`,
      payload: eventPayload(action, e.code),
    })),
  };
}

/** The day-before and two-hours-before reminders. */
export function eventReminderMessage(
  event: EventFacts,
  registration: { number: number | null; status: "REGISTERED" | "REMIND_ONLY" },
  which: "day-before" | "two-hours",
  timeZone: string,
): OutboundMessage {
  const lead =
    which === "day-before"
      ? `Nhắc lịch ngày mai: “${event.title}”.`
      : `Còn khoảng hai tiếng nữa là đến “${event.title}”.`;
  const seat =
    registration.status === "REGISTERED" && registration.number !== null
      ? `Số của bạn là ${registration.number}.`
      : `Bạn chưa giữ chỗ: bấm “${EVENT_BUTTON_TITLES.register}” nếu muốn tham gia.`;
  return {
    text: `${lead} ${seat}\n\n${describeEvent(event, timeZone)}\n\nNếu không muốn nhận nhắc nhở, nhắn “dừng nhắc”.`,
    buttons:
      registration.status === "REGISTERED"
        ? [cancelButton(event.code)]
        : [{ kind: "reply", title: EVENT_BUTTON_TITLES.register, payload: eventPayload("register", event.code) }],
  };
}

/** To a resident signed up for a day that was cancelled: no need to come, and we will tell them of the next one. */
export function eventCancelledNotice(event: EventFacts, timeZone: string): OutboundMessage {
  return {
    text: `Xin lỗi bạn: buổi “${event.title}” (${formatEventTime(event, timeZone)}, ${event.place}) đã bị hủy. Bạn không cần đến nữa.\n\nKhi có buổi mới cho xã của bạn, chúng tôi sẽ báo bạn qua Zalo.`,
  };
}

/** To a resident signed up for a day whose time or place changed: the new details, their number, how to cancel. */
export function eventMovedNotice(
  event: EventFacts,
  registration: { number: number | null; status: "REGISTERED" | "REMIND_ONLY" },
  changed: { time: boolean; place: boolean },
  timeZone: string,
): OutboundMessage {
  const what = changed.time && changed.place ? "thời gian và địa điểm" : changed.time ? "thời gian" : "địa điểm";
  const lead = `Buổi “${event.title}” đã đổi ${what}. Mời bạn xem lại:`;
  const registered = registration.status === "REGISTERED" && registration.number !== null;
  const seat = registered
    ? `Bạn vẫn giữ chỗ, số của bạn vẫn là ${registration.number}. Nếu không đến được, bấm “${EVENT_BUTTON_TITLES.cancel}”.`
    : `Chúng tôi vẫn sẽ nhắc bạn trước một ngày. Bấm “${EVENT_BUTTON_TITLES.register}” nếu muốn giữ chỗ.`;
  return {
    text: `${lead}\n\n${describeEvent(event, timeZone)}\n\n${seat}`,
    buttons: registered
      ? [cancelButton(event.code)]
      : [{ kind: "reply", title: EVENT_BUTTON_TITLES.register, payload: eventPayload("register", event.code) }],
  };
}
