import type { OutboundButton, OutboundMessage } from "../channel/messages.ts";
import { announcementButtons } from "../events/event-messages.ts";
import { ZALO_TEXT_MAX_CHARS } from "../zalo/convert-to-zalo-message.ts";

export const NOTICE_LINK_BUTTON_TITLE = "Xem chi tiết";

export interface NoticeContent {
  title: string;
  text: string;
  imageUrl: string | null;
  linkUrl: string | null;
  /** The registration day this notice announces: it carries the "Đăng ký tham gia" and "Nhắc tôi" buttons. */
  eventCode?: number | null;
}

/**
 * The neutral message a broadcast sends. The title heads the text when both fit in one Zalo text (2,000
 * characters): a notice must stay one text message, so that a delivery is one send (plus the image, if any)
 * and a repeat after a crash is at most that.
 */
export function composeNoticeMessage(notice: NoticeContent): OutboundMessage {
  const titled = `${notice.title}\n\n${notice.text}`;
  const text = [...titled].length <= ZALO_TEXT_MAX_CHARS ? titled : notice.text;
  const buttons: OutboundButton[] = [
    ...(notice.eventCode ? (announcementButtons(notice.eventCode) ?? []) : []),
    ...(notice.linkUrl ? [{ kind: "link" as const, title: NOTICE_LINK_BUTTON_TITLE, url: notice.linkUrl }] : []),
  ];
  return {
    text,
    ...(notice.imageUrl ? { imageUrl: notice.imageUrl } : {}),
    ...(buttons.length > 0 ? { buttons } : {}),
  };
}
