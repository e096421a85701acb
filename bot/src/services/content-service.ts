import type {
  ContentItem as ContentItemDto,
  createContentBodySchema,
  updateContentBodySchema,
} from "@xks/shared/api/content";
import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";
import type { z } from "zod";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import type { ContentItem, ContentKind } from "../generated/prisma/client.ts";
import { writeAuditLog } from "./audit-log.ts";

type CreateBody = z.output<typeof createContentBodySchema>;
type UpdateBody = z.output<typeof updateContentBodySchema>;

export function imagePath(imageId: string): string {
  return `/api/images/${imageId}`;
}

export function toContentDto(item: ContentItem): ContentItemDto {
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    body: item.body,
    imageId: item.imageId,
    imageUrl: item.imageId ? imagePath(item.imageId) : null,
    qrTarget: item.qrTarget,
    pinned: item.pinned,
    published: item.published,
    eventAt: item.eventAt?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

/** How many items the feed holds at most; the union publishes tens, not thousands. */
const CONTENT_FEED_LIMIT = 500;

/**
 * Pinned first, then newest. Search folds diacritics on both sides, in memory: the published content is small,
 * and PostgreSQL's `unaccent` would need an extension the hosting may not allow.
 */
export async function listContent(
  prisma: PrismaClient,
  query: { q?: string | undefined; kind?: ContentKind | undefined; includeUnpublished: boolean },
): Promise<ContentItem[]> {
  const items = await prisma.contentItem.findMany({
    where: { ...(query.includeUnpublished ? {} : { published: true }), ...(query.kind ? { kind: query.kind } : {}) },
    orderBy: [{ pinned: "desc" }, { createdAt: "desc" }],
    take: CONTENT_FEED_LIMIT,
  });
  const words = foldVietnamese(query.q ?? "")
    .split(" ")
    .filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((item) => {
    const haystack = foldVietnamese(`${item.title} ${item.body}`);
    return words.every((word) => haystack.includes(word));
  });
}

export async function getContent(prisma: PrismaClient, id: string, canSeeUnpublished: boolean): Promise<ContentItem> {
  const item = await prisma.contentItem.findUnique({ where: { id } });
  if (!item || (!item.published && !canSeeUnpublished)) {
    throw new NotFoundError("Không tìm thấy nội dung này.", "CONTENT_NOT_FOUND");
  }
  return item;
}

async function checkImage(prisma: PrismaClient, imageId: string | null | undefined): Promise<void> {
  if (!imageId) return;
  const image = await prisma.storedImage.findUnique({ where: { id: imageId }, select: { id: true } });
  if (!image) throw new InvalidInputError("Ảnh chưa được tải lên hoặc đã bị xóa.", "IMAGE_NOT_FOUND");
}

export async function createContent(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  body: CreateBody,
): Promise<ContentItem> {
  await checkImage(prisma, body.imageId);
  return prisma.$transaction(async (tx) => {
    const item = await tx.contentItem.create({
      data: {
        kind: body.kind,
        title: body.title,
        body: body.body,
        imageId: body.imageId ?? null,
        qrTarget: body.qrTarget ?? null,
        pinned: body.pinned,
        published: body.published,
        eventAt: body.eventAt ? new Date(body.eventAt) : null,
        createdById: actor.id,
      },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "content.create",
      targetType: "ContentItem",
      targetId: item.id,
      details: { kind: item.kind, title: item.title },
    });
    return item;
  });
}

export async function updateContent(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
  body: UpdateBody,
): Promise<ContentItem> {
  const current = await getContent(prisma, id, true);
  await checkImage(prisma, body.imageId);
  const kind = body.kind ?? current.kind;
  const qrTarget = body.qrTarget === undefined ? current.qrTarget : body.qrTarget;
  const imageId = body.imageId === undefined ? current.imageId : body.imageId;
  if (kind === "QR" && !qrTarget) throw new InvalidInputError("Mã QR cần có đường dẫn đích.", "QR_TARGET_REQUIRED");
  if (kind === "INFOGRAPHIC" && !imageId) throw new InvalidInputError("Infographic cần có ảnh.", "IMAGE_REQUIRED");
  return prisma.$transaction(async (tx) => {
    const item = await tx.contentItem.update({
      where: { id },
      data: {
        kind,
        qrTarget,
        imageId,
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.body !== undefined ? { body: body.body } : {}),
        ...(body.pinned !== undefined ? { pinned: body.pinned } : {}),
        ...(body.published !== undefined ? { published: body.published } : {}),
        ...(body.eventAt !== undefined ? { eventAt: body.eventAt ? new Date(body.eventAt) : null } : {}),
      },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "content.update",
      targetType: "ContentItem",
      targetId: id,
      details: { fields: Object.keys(body).filter((k) => body[k as keyof UpdateBody] !== undefined) },
    });
    return item;
  });
}

export async function deleteContent(prisma: PrismaClient, actor: MemberWithUnit, id: string): Promise<void> {
  const current = await getContent(prisma, id, true);
  await prisma.$transaction(async (tx) => {
    await tx.contentItem.delete({ where: { id } });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "content.delete",
      targetType: "ContentItem",
      targetId: id,
      details: { kind: current.kind, title: current.title },
    });
  });
}

/** What the bytes are, from their first bytes: the browser's declared type is not trusted. */
export function sniffImageMime(bytes: Uint8Array): "image/jpeg" | "image/png" | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return "image/png";
  return null;
}

export async function storeImage(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  bytes: Buffer,
): Promise<{ id: string; mime: "image/jpeg" | "image/png"; bytes: number }> {
  const mime = sniffImageMime(bytes);
  if (!mime) throw new InvalidInputError("Chỉ nhận ảnh JPG hoặc PNG.", "UNSUPPORTED_IMAGE");
  return prisma.$transaction(async (tx) => {
    const image = await tx.storedImage.create({ data: { mime, bytes: new Uint8Array(bytes) }, select: { id: true } });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "image.upload",
      targetType: "StoredImage",
      targetId: image.id,
      details: { mime, bytes: bytes.length },
    });
    return { id: image.id, mime, bytes: bytes.length };
  });
}

export async function readImage(prisma: PrismaClient, id: string): Promise<{ mime: string; bytes: Uint8Array }> {
  const image = await prisma.storedImage.findUnique({ where: { id }, select: { mime: true, bytes: true } });
  if (!image) throw new NotFoundError("Không tìm thấy ảnh.", "IMAGE_NOT_FOUND");
  return image;
}
