import { z } from "zod";
import { CONTENT_KINDS } from "../labels.ts";
import { idSchema, isoDateTimeSchema, privacyWarningsSchema } from "./common.ts";

export { CONTENT_KIND_LABELS, CONTENT_KINDS, type ContentKind } from "../labels.ts";
export const contentKindSchema = z.enum(CONTENT_KINDS);

export const contentItemSchema = z.object({
  id: z.string(),
  kind: contentKindSchema,
  title: z.string(),
  body: z.string(),
  imageId: z.string().nullable(),
  /** Path of the image on this API (`/api/images/:id`), public so an `<img>` can load it without a token. */
  imageUrl: z.string().nullable(),
  /** For QR items: the link the mini-app renders as a QR code. */
  qrTarget: z.string().nullable(),
  pinned: z.boolean(),
  published: z.boolean(),
  eventAt: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type ContentItem = z.infer<typeof contentItemSchema>;

/** The answer to a create or an edit: the item as saved, and what the privacy guard saw in its title and body. */
export const savedContentItemSchema = contentItemSchema.extend({ privacyWarnings: privacyWarningsSchema });
export type SavedContentItem = z.infer<typeof savedContentItemSchema>;

/**
 * `GET /api/content?q=&kind=`: published items, pinned first, then newest. `q` matches title and body ignoring
 * case and diacritics ("dinh danh" finds "Định danh"). Admins may add `includeUnpublished=true`.
 */
export const listContentQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  kind: contentKindSchema.optional(),
  includeUnpublished: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});
export type ListContentQuery = z.input<typeof listContentQuerySchema>;

export const contentListSchema = z.object({ items: z.array(contentItemSchema) });
export type ContentList = z.infer<typeof contentListSchema>;

const httpUrl = z.url({ protocol: /^https?$/, error: "Đường dẫn phải bắt đầu bằng http:// hoặc https://." }).max(2000);

const contentFields = {
  kind: contentKindSchema,
  title: z.string().trim().min(1, "Vui lòng nhập tiêu đề.").max(200, "Tiêu đề dài quá 200 ký tự."),
  body: z.string().max(20_000, "Nội dung dài quá 20.000 ký tự."),
  imageId: idSchema.nullable(),
  qrTarget: httpUrl.nullable(),
  pinned: z.boolean(),
  published: z.boolean(),
  eventAt: isoDateTimeSchema.nullable(),
};

/** `POST /api/content` (admin). A QR item needs `qrTarget`; an infographic needs `imageId` (upload first). */
export const createContentBodySchema = z
  .object({
    kind: contentFields.kind,
    title: contentFields.title,
    body: contentFields.body.default(""),
    imageId: contentFields.imageId.optional(),
    qrTarget: contentFields.qrTarget.optional(),
    pinned: contentFields.pinned.default(false),
    published: contentFields.published.default(true),
    eventAt: contentFields.eventAt.optional(),
  })
  .refine((item) => item.kind !== "QR" || !!item.qrTarget, {
    message: "Mã QR cần có đường dẫn đích.",
    path: ["qrTarget"],
  })
  .refine((item) => item.kind !== "INFOGRAPHIC" || !!item.imageId, {
    message: "Infographic cần có ảnh.",
    path: ["imageId"],
  });
export type CreateContentBody = z.input<typeof createContentBodySchema>;

/** `PATCH /api/content/:id` (admin): any subset of the fields; null clears an optional one. */
export const updateContentBodySchema = z
  .object({
    kind: contentFields.kind.optional(),
    title: contentFields.title.optional(),
    body: contentFields.body.optional(),
    imageId: contentFields.imageId.optional(),
    qrTarget: contentFields.qrTarget.optional(),
    pinned: contentFields.pinned.optional(),
    published: contentFields.published.optional(),
    eventAt: contentFields.eventAt.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), "Không có gì để cập nhật.");
export type UpdateContentBody = z.input<typeof updateContentBodySchema>;

export const contentIdParamsSchema = z.object({ id: idSchema });

/** `POST /api/uploads/images` (admin): multipart field `file`, JPEG or PNG, at most 1 MB. */
export const IMAGE_UPLOAD_MAX_BYTES = 1_048_576;
export const IMAGE_UPLOAD_MIME_TYPES = ["image/jpeg", "image/png"] as const;

export const uploadedImageSchema = z.object({
  id: z.string(),
  url: z.string(),
  mime: z.enum(IMAGE_UPLOAD_MIME_TYPES),
  bytes: z.number().int(),
});
export type UploadedImage = z.infer<typeof uploadedImageSchema>;
