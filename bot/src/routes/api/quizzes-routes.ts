import { exportJobSchema } from "@xks/shared/api/exports";
import {
  importQuizBodySchema,
  type Quiz,
  quizIdParamsSchema,
  quizInputSchema,
  quizLeaderboardSchema,
  quizListSchema,
  quizSchema,
  requestQuizExportBodySchema,
  savedQuizSchema,
} from "@xks/shared/api/quizzes";
import { detectSensitiveKinds } from "@xks/shared/privacy/detect-sensitive-kinds";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { DownloadLinkSigner } from "../../auth/download-link-signer.ts";
import { memberOf } from "../../auth/request-auth.ts";
import { buildQuizLeaderboard } from "../../quizzes/quiz-leaderboard.ts";
import { requestQuizLeaderboardExport } from "../../quizzes/quiz-leaderboard-export.ts";
import { createQuiz, getQuiz, importQuiz, listQuizzes, updateQuiz } from "../../quizzes/quizzes-service.ts";
import { toExportDto } from "../../services/exports-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/** Requesting a leaderboard file queues work for the worker, as any report. */
const EXPORT_REQUESTS_PER_MINUTE = 20;

/**
 * A quiz is written by an admin and read by residents on the OA: an ID number, OTP or password in its texts is a
 * mistake for the admin to see, saved as written (as for content).
 */
function withPrivacyWarnings(quiz: Quiz) {
  const texts = [quiz.title, quiz.intro, ...quiz.questions.flatMap((q) => [q.text, ...q.choices, q.explanation ?? ""])];
  return { ...quiz, privacyWarnings: detectSensitiveKinds(texts.join("\n")) };
}

/**
 * Quizzes on the OA: organisation admins write them; unit leads and admins read them, their leaderboard (counts and
 * averages per commune, never a resident) and its export.
 */
export const quizzesRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const admin = guards.requireRole("ORG_ADMIN");
  const leadOrAdmin = guards.requireRole("UNIT_LEAD", "ORG_ADMIN");
  const links = new DownloadLinkSigner(app.config.SESSION_SECRET);

  route.get(
    "/api/quizzes",
    {
      schema: {
        tags: ["quizzes"],
        summary: "Quizzes, newest first, with how many residents started and finished each",
        security: BEARER,
        response: { 200: quizListSchema, ...errorResponses(401, 403) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async () => ({ items: await listQuizzes(app.prisma, app.now()) }),
  );

  route.post(
    "/api/quizzes",
    {
      schema: {
        tags: ["quizzes"],
        summary: "Create a quiz (2–4 choices a question; a keyword no command or guide uses)",
        description: "400 INVALID_INPUT (form), QUIZ_KEYWORD_RESERVED, QUIZ_UNIT_UNKNOWN; 409 QUIZ_KEYWORD_TAKEN.",
        security: BEARER,
        body: quizInputSchema,
        response: { 201: savedQuizSchema, ...errorResponses(400, 401, 403, 409) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(withPrivacyWarnings(await createQuiz(app.prisma, memberOf(request), request.body, app.now()))),
  );

  route.post(
    "/api/quizzes/import",
    {
      schema: {
        tags: ["quizzes"],
        summary: "Create a quiz with its questions from CSV (all-or-nothing)",
        description:
          "Columns `cau_hoi,a,b,c,d,dap_an,giai_thich`, one row a question. Any bad row: 400 QUIZ_CSV_INVALID with " +
          "`details: [{line, code, message}]` and nothing created.",
        security: BEARER,
        body: importQuizBodySchema,
        response: { 201: savedQuizSchema, ...errorResponses(400, 401, 403, 409) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(withPrivacyWarnings(await importQuiz(app.prisma, memberOf(request), request.body, app.now()))),
  );

  route.get(
    "/api/quizzes/:id",
    {
      schema: {
        tags: ["quizzes"],
        summary: "One quiz with its questions and answers",
        security: BEARER,
        params: quizIdParamsSchema,
        response: { 200: quizSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => getQuiz(app.prisma, request.params.id, app.now()),
  );

  route.put(
    "/api/quizzes/:id",
    {
      schema: {
        tags: ["quizzes"],
        summary: "Replace a quiz; its questions are fixed once a resident started it (409 QUIZ_HAS_ATTEMPTS)",
        security: BEARER,
        params: quizIdParamsSchema,
        body: quizInputSchema,
        response: { 200: savedQuizSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) =>
      withPrivacyWarnings(await updateQuiz(app.prisma, memberOf(request), request.params.id, request.body, app.now())),
  );

  route.get(
    "/api/quizzes/:id/leaderboard",
    {
      schema: {
        tags: ["quizzes"],
        summary: "Participants and average score per commune (merged units under their successor); no resident named",
        security: BEARER,
        params: quizIdParamsSchema,
        response: { 200: quizLeaderboardSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => buildQuizLeaderboard(app.prisma, request.params.id),
  );

  route.post(
    "/api/quizzes/:id/exports",
    {
      schema: {
        tags: ["quizzes", "exports"],
        summary: "Export the leaderboard (XLSX or CSV) through the export worker; poll GET /api/exports/{id}",
        security: BEARER,
        params: quizIdParamsSchema,
        body: requestQuizExportBodySchema,
        response: { 202: exportJobSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: { ...apiRateLimit, max: EXPORT_REQUESTS_PER_MINUTE } },
    },
    async (request, reply) => {
      const row = await requestQuizLeaderboardExport(
        { prisma: app.prisma, queues: app.queues },
        memberOf(request),
        request.params.id,
        request.body.format,
      );
      return reply.code(202).send(toExportDto(row, links));
    },
  );
};
