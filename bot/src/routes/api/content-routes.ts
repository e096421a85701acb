import type {} from "@fastify/multipart";
import { okSchema } from "@xks/shared/api/common";
import {
  contentIdParamsSchema,
  contentItemSchema,
  contentListSchema,
  createContentBodySchema,
  IMAGE_UPLOAD_MAX_BYTES,
  listContentQuerySchema,
  savedContentItemSchema,
  updateContentBodySchema,
  uploadedImageSchema,
} from "@xks/shared/api/content";
import { detectSensitiveKinds } from "@xks/shared/privacy/detect-sensitive-kinds";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { memberOf } from "../../auth/request-auth.ts";
import { InvalidInputError } from "../../errors.ts";
import {
  createContent,
  deleteContent,
  getContent,
  imagePath,
  listContent,
  readImage,
  storeImage,
  toContentDto,
  updateContent,
} from "../../services/content-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/** Images never change once stored (a new upload gets a new id): browsers and Zalo may cache them for a year. */
const IMAGE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * Content is written by admins and read by residents: an ID number, OTP or password in it is a mistake the admin
 * must see, not one to fix behind their back (a guide may quote a sample number on purpose). Saved as written, with
 * the kinds the privacy guard saw.
 */
function withPrivacyWarnings(item: Parameters<typeof toContentDto>[0]) {
  return { ...toContentDto(item), privacyWarnings: detectSensitiveKinds(`${item.title}\n${item.body}`) };
}

export const contentRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const admin = guards.requireRole("ORG_ADMIN");
  const isAdmin = (request: { auth?: { member: { role: string; status: string } | null } | null }) =>
    request.auth?.member?.role === "ORG_ADMIN" && request.auth.member.status === "ACTIVE";

  route.get(
    "/api/content",
    {
      schema: {
        tags: ["content"],
        summary: "Guides, infographics, QR codes and notices: pinned first, search ignores diacritics",
        security: BEARER,
        querystring: listContentQuerySchema,
        response: { 200: contentListSchema, ...errorResponses(400, 401) },
      },
      onRequest: guards.requireSession,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      const items = await listContent(app.prisma, {
        q: request.query.q,
        kind: request.query.kind,
        includeUnpublished: request.query.includeUnpublished && isAdmin(request),
      });
      return { items: items.map(toContentDto) };
    },
  );

  route.get(
    "/api/content/:id",
    {
      schema: {
        tags: ["content"],
        summary: "One content item",
        security: BEARER,
        params: contentIdParamsSchema,
        response: { 200: contentItemSchema, ...errorResponses(400, 401, 404) },
      },
      onRequest: guards.requireSession,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => toContentDto(await getContent(app.prisma, request.params.id, isAdmin(request))),
  );

  route.post(
    "/api/content",
    {
      schema: {
        tags: ["content"],
        summary: "Publish a content item",
        security: BEARER,
        body: createContentBodySchema,
        response: { 201: savedContentItemSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request, reply) =>
      reply.status(201).send(withPrivacyWarnings(await createContent(app.prisma, memberOf(request), request.body))),
  );

  route.patch(
    "/api/content/:id",
    {
      schema: {
        tags: ["content"],
        summary: "Edit a content item",
        security: BEARER,
        params: contentIdParamsSchema,
        body: updateContentBodySchema,
        response: { 200: savedContentItemSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) =>
      withPrivacyWarnings(await updateContent(app.prisma, memberOf(request), request.params.id, request.body)),
  );

  route.delete(
    "/api/content/:id",
    {
      schema: {
        tags: ["content"],
        summary: "Delete a content item",
        security: BEARER,
        params: contentIdParamsSchema,
        response: { 200: okSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      await deleteContent(app.prisma, memberOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  route.post(
    "/api/uploads/images",
    {
      schema: {
        tags: ["content"],
        summary: "Upload an image (multipart field `file`, JPEG or PNG, at most 1 MB)",
        consumes: ["multipart/form-data"],
        security: BEARER,
        response: { 201: uploadedImageSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new InvalidInputError("Vui lòng gửi ảnh dạng multipart/form-data (trường file).", "IMAGE_REQUIRED");
      }
      const file = await request.file({ limits: { fileSize: IMAGE_UPLOAD_MAX_BYTES, files: 1 } });
      if (!file) throw new InvalidInputError("Chưa có ảnh nào được gửi lên.", "IMAGE_REQUIRED");
      let bytes: Buffer;
      try {
        bytes = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") {
          throw new InvalidInputError("Ảnh lớn hơn 1 MB, vui lòng chọn ảnh nhỏ hơn.", "IMAGE_TOO_LARGE");
        }
        throw error;
      }
      const image = await storeImage(app.prisma, memberOf(request), bytes);
      return reply.status(201).send({ ...image, url: imagePath(image.id) });
    },
  );

  route.get(
    "/api/images/:id",
    {
      schema: {
        tags: ["content"],
        summary: "An uploaded image (public: an <img> cannot send a token, and broadcasts link to it)",
        params: z.object({ id: z.string().min(1).max(64) }),
        response: {
          200: z.unknown().describe("The image bytes (image/jpeg or image/png)"),
          ...errorResponses(400, 404),
        },
      },
      config: { rateLimit: { ...apiRateLimit, max: 1_000 } },
    },
    async (request, reply) => {
      const image = await readImage(app.prisma, request.params.id);
      return reply
        .header("cache-control", IMAGE_CACHE_CONTROL)
        .header("x-content-type-options", "nosniff")
        .type(image.mime)
        .send(Buffer.from(image.bytes));
    },
  );
};
