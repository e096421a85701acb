import { signedLinkQuerySchema } from "@xks/shared/api/common";
import {
  type QrFormat,
  type QrKind,
  qrCodeSchema,
  qrFileParamsSchema,
  qrLinkSchema,
  qrParamsSchema,
} from "@xks/shared/api/qr-codes";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DownloadLinkSigner } from "../../auth/download-link-signer.ts";
import { memberOf } from "../../auth/request-auth.ts";
import { authorizeQrDownload, posterSubjectFor, QR_POSTER_ROLES } from "../../qr/authorize-qr-download.ts";
import { type QrTarget, qrTargetOf } from "../../qr/qr-links.ts";
import { renderQrPng, renderQrSvg } from "../../qr/render-qr-poster.ts";
import { attachmentDisposition } from "../attachment-disposition.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/** Drawing a PNG costs tens of milliseconds of CPU: fewer a minute than the API's default. */
const QR_FILES_PER_MINUTE = 60;

/** The name a poster is saved under: its title, as people will look for it among their files. */
function posterFileName(title: string, format: QrFormat): string {
  return `Mã QR - ${title}.${format}`;
}

/**
 * Printable QR codes of quizzes, content items and registration days (any kind in `QR_SOURCES`), for unit leads and
 * admins; a registration day's only for those who see the day (`mayPrintPosterOf`), checked when the link is issued
 * and again when it is opened. The preview is drawn through the bearer routes; downloads go through a signed link, as
 * exports do, because Zalo's webview may not save a blob and `downloadFile` cannot send a bearer token.
 */
export const qrRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const leadOrAdmin = guards.requireRole(...QR_POSTER_ROLES);
  const links = new DownloadLinkSigner(app.config.SESSION_SECRET);
  const filesRateLimit = { ...apiRateLimit, max: QR_FILES_PER_MINUTE };

  /** The poster the signed-in lead or admin asks for; another unit's registration day is answered 404. */
  async function targetFor(request: FastifyRequest, kind: QrKind, id: string): Promise<QrTarget> {
    return qrTargetOf(await posterSubjectFor(app.prisma, memberOf(request), kind, id), app.config);
  }

  async function sendPoster(reply: FastifyReply, target: QrTarget, format: QrFormat) {
    const poster = { url: target.url, title: target.title, caption: target.caption };
    reply
      .header("content-disposition", attachmentDisposition(posterFileName(target.title, format)))
      .header("cache-control", "private, no-store");
    if (format === "svg") return reply.type("image/svg+xml; charset=utf-8").send(renderQrSvg(poster));
    return reply.type("image/png").send(await renderQrPng(poster));
  }

  route.get(
    "/api/qr/:kind/:id",
    {
      schema: {
        tags: ["qr"],
        summary: "What a printable QR code holds: the link, who it is for, the keyword and caption printed under it",
        security: BEARER,
        params: qrParamsSchema,
        response: { 200: qrCodeSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      const { kind, id } = request.params;
      const target = await targetFor(request, kind, id);
      return {
        kind,
        id,
        ...target,
        files: { png: `/api/qr/${kind}/${id}/png`, svg: `/api/qr/${kind}/${id}/svg` },
      };
    },
  );

  route.get(
    "/api/qr/:kind/:id/:format",
    {
      schema: {
        tags: ["qr"],
        summary: "The printable QR code as PNG or SVG, with the title and caption under it (the on-screen preview)",
        description: "Needs the bearer token; to save the file, sign a link with POST …/link and open that.",
        security: BEARER,
        params: qrFileParamsSchema,
        response: { 200: z.unknown().describe("image/png or image/svg+xml"), ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: filesRateLimit },
    },
    async (request, reply) => {
      const { kind, id, format } = request.params;
      return sendPoster(reply, await targetFor(request, kind, id), format);
    },
  );

  route.post(
    "/api/qr/:kind/:id/:format/link",
    {
      schema: {
        tags: ["qr"],
        summary: "A short-lived signed link to download the poster file (works without a header, in Zalo's webview)",
        security: BEARER,
        params: qrFileParamsSchema,
        response: { 200: qrLinkSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: filesRateLimit },
    },
    async (request, reply) => {
      const { kind, id, format } = request.params;
      const target = await targetFor(request, kind, id);
      const link = links.sign({ kind: "qr", qrKind: kind, id, format }, memberOf(request).id);
      reply.header("cache-control", "no-store");
      return {
        url: link.url,
        expiresAt: link.expiresAt.toISOString(),
        fileName: posterFileName(target.title, format),
      };
    },
  );

  route.get(
    "/api/qr/:kind/:id/:format/file",
    {
      schema: {
        tags: ["qr"],
        summary: "The poster file, through the signed link from POST …/link (no Authorization header)",
        description: "403 QR_LINK_INVALID (altered, or signed for another file), QR_LINK_EXPIRED, QR_FORBIDDEN.",
        params: qrFileParamsSchema,
        querystring: signedLinkQuerySchema,
        produces: ["image/png", "image/svg+xml"],
        response: { 200: z.unknown().describe("image/png or image/svg+xml"), ...errorResponses(400, 403, 404) },
      },
      config: { rateLimit: filesRateLimit },
    },
    async (request, reply) => {
      const { kind, id, format } = request.params;
      const subject = await authorizeQrDownload(
        app.prisma,
        links,
        { kind: "qr", qrKind: kind, id, format },
        request.query,
      );
      return sendPoster(reply, qrTargetOf(subject, app.config), format);
    },
  );
};
