import type { QrSubject } from "./qr-sources.ts";

export interface QrLinkConfig {
  ZALO_OA_ID: string;
  ZALO_MINIAPP_ID?: string | undefined;
}

export interface QrTarget {
  title: string;
  audience: "resident" | "member";
  /** What the code holds. */
  url: string;
  /** What a resident sends to the OA, printed under the code; null for members' codes. */
  keyword: string | null;
  /** The line printed under the title. */
  caption: string;
}

/**
 * The link a code holds.
 *
 * Residents: `https://zalo.me/<OA id>` opens the OA's profile and its chat in Zalo. A web link that also prefills the
 * message is not documented (only the mini-app SDK's `openChat({type: "oa", id, message})` prefills), so the code
 * opens the OA and the keyword is printed under it for the resident to send: it works whatever Zalo does with extra
 * parameters. Members: `https://zalo.me/s/<mini-app id>/?to=<page>` is the documented way into a mini-app from
 * outside; the mini-app opens the page named by `to`.
 */
export function qrTargetOf(subject: QrSubject, config: QrLinkConfig): QrTarget {
  const oa = `https://zalo.me/${config.ZALO_OA_ID}`;
  if (subject.opens.kind === "oa-chat") {
    const { keyword } = subject.opens;
    return {
      title: subject.title,
      audience: "resident",
      url: oa,
      keyword,
      caption: `Quét mã, rồi nhắn «${keyword}» cho Đoàn Thanh niên`,
    };
  }
  const url = config.ZALO_MINIAPP_ID
    ? `https://zalo.me/s/${config.ZALO_MINIAPP_ID}/?to=${encodeURIComponent(subject.opens.path)}`
    : oa;
  return { title: subject.title, audience: "member", url, keyword: null, caption: "Quét mã để mở trong mini-app" };
}
