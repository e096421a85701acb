import { z } from "zod";
import { idSchema, signedLinkSchema } from "./common.ts";

/**
 * Printable QR codes. Residents' codes open the OA (the keyword is printed under the code for them to send);
 * members' codes open the mini-app page. The kinds are the server's `QR_SOURCES` (`bot/src/qr/qr-sources.ts`); a
 * new kind is added there and here.
 *
 * - `GET /api/qr/{kind}/{id}`: what the code holds; `GET …/png` and `…/svg` (bearer) draw it, for the preview.
 * - Downloads, as for exports: `POST /api/qr/{kind}/{id}/{format}/link` (bearer) signs a link valid for
 *   `QR_LINK_TTL_MINUTES` minutes; a plain `GET` of it (no Authorization header: it works inside Zalo's webview and
 *   with `downloadFile`) serves the file as an attachment named after the title. An expired link, or one altered or
 *   signed for another kind, id or format, gets `403` with `QR_LINK_EXPIRED` or `QR_LINK_INVALID`.
 */
export const QR_KINDS = ["quiz", "content", "event"] as const;
export type QrKind = (typeof QR_KINDS)[number];
export const QR_FORMATS = ["png", "svg"] as const;
export type QrFormat = (typeof QR_FORMATS)[number];

/** A poster's download link is valid this long after it was signed; the mini-app opens it at once. */
export const QR_LINK_TTL_MINUTES = 5;

export const qrParamsSchema = z.object({
  kind: z.enum(QR_KINDS, { error: "Loại mã QR không hợp lệ." }),
  id: idSchema,
});
export const qrFileParamsSchema = qrParamsSchema.extend({
  format: z.enum(QR_FORMATS, { error: "Định dạng phải là png hoặc svg." }),
});

export const qrCodeSchema = z.object({
  kind: z.enum(QR_KINDS),
  id: idSchema,
  title: z.string(),
  audience: z.enum(["resident", "member"]),
  /** What the code holds. */
  url: z.string(),
  keyword: z.string().nullable(),
  caption: z.string(),
  /** Paths on the API that need the Authorization header (the on-screen preview); downloads go through `…/link`. */
  files: z.object({ png: z.string(), svg: z.string() }),
});
export type QrCodeInfo = z.infer<typeof qrCodeSchema>;

/** A signed download link for one poster file, and the name the file is saved under. */
export const qrLinkSchema = signedLinkSchema.extend({ fileName: z.string() });
export type QrLink = z.infer<typeof qrLinkSchema>;
