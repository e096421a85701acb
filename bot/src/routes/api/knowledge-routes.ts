import {
  addUnansweredAsPhrasingBodySchema,
  createEntryFromUnansweredBodySchema,
  createKnowledgeEntryBodySchema,
  dismissUnansweredBodySchema,
  knowledgeEntryChangeSchema,
  knowledgeEntryDetailSchema,
  knowledgeEntryIdParamsSchema,
  knowledgeEntryListSchema,
  listKnowledgeEntriesQuerySchema,
  listUnansweredQuerySchema,
  phrasingBodySchema,
  unansweredPageSchema,
  unansweredResolutionSchema,
  updateKnowledgeEntryBodySchema,
} from "@xks/shared/api/knowledge";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import {
  addKnowledgePhrasing,
  createKnowledgeEntry,
  getKnowledgeEntry,
  loadKnowledgeAdminView,
  removeKnowledgePhrasing,
  searchKnowledge,
  setKnowledgeEntryDisabled,
  toKnowledgeDetailDto,
  toKnowledgeSummaryDto,
  updateKnowledgeEntry,
} from "../../services/knowledge-service.ts";
import {
  addUnansweredAsPhrasing,
  createEntryFromUnanswered,
  dismissUnanswered,
  listUnansweredGroups,
} from "../../services/unanswered-questions-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/**
 * The knowledge base and what the bot did not understand, for organisation admins. Changes are stored edits
 * that win over the shipped files; the bot uses them from the next message on (`loadKnowledgeBase`).
 */
export const knowledgeRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const admin = guards.requireRole("ORG_ADMIN");
  const common = { onRequest: admin, config: { rateLimit: apiRateLimit } };
  const tags = ["knowledge"];
  const change = (result: Awaited<ReturnType<typeof updateKnowledgeEntry>>) => ({
    entry: toKnowledgeDetailDto(result.entry),
    warnings: result.warnings,
  });

  route.get(
    "/api/knowledge/entries",
    {
      schema: {
        tags,
        summary: "Knowledge-base entries as the bot uses them (files merged with stored edits), searchable",
        description: "`q` matches the title, phrasings and answer ignoring case, diacritics and abbreviations.",
        security: BEARER,
        querystring: listKnowledgeEntriesQuerySchema,
        response: { 200: knowledgeEntryListSchema, ...errorResponses(400, 401, 403) },
      },
      ...common,
    },
    async (request) => {
      const { items, total } = searchKnowledge(await loadKnowledgeAdminView(app.prisma), request.query);
      return { items: items.map(toKnowledgeSummaryDto), total };
    },
  );

  route.get(
    "/api/knowledge/entries/:id",
    {
      schema: {
        tags,
        summary: "One entry: answer, the file's and the admins' phrasings, link, sources",
        security: BEARER,
        params: knowledgeEntryIdParamsSchema,
        response: { 200: knowledgeEntryDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) => toKnowledgeDetailDto(await getKnowledgeEntry(app.prisma, request.params.id)),
  );

  route.post(
    "/api/knowledge/entries",
    {
      schema: {
        tags,
        summary: "Write a new entry (id custom.<slug of the title>)",
        security: BEARER,
        body: createKnowledgeEntryBodySchema,
        response: { 201: knowledgeEntryChangeSchema, ...errorResponses(400, 401, 403, 409) },
      },
      ...common,
    },
    async (request, reply) => {
      const result = await app.prisma.$transaction((tx) =>
        createKnowledgeEntry(tx, memberOf(request), { ...request.body, link: request.body.link ?? null }),
      );
      return reply.status(201).send(change(result));
    },
  );

  route.patch(
    "/api/knowledge/entries/:id",
    {
      schema: {
        tags,
        summary: "Edit the title, answer or link (stored, wins over the file; null restores the file's)",
        security: BEARER,
        params: knowledgeEntryIdParamsSchema,
        body: updateKnowledgeEntryBodySchema,
        response: { 200: knowledgeEntryChangeSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) =>
      change(await updateKnowledgeEntry(app.prisma, memberOf(request), request.params.id, request.body)),
  );

  route.post(
    "/api/knowledge/entries/:id/questions",
    {
      schema: {
        tags,
        summary: "Add a phrasing (how residents ask it)",
        security: BEARER,
        params: knowledgeEntryIdParamsSchema,
        body: phrasingBodySchema,
        response: { 200: knowledgeEntryChangeSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) =>
      change(
        await app.prisma.$transaction((tx) =>
          addKnowledgePhrasing(tx, memberOf(request), request.params.id, request.body.text),
        ),
      ),
  );

  route.post(
    "/api/knowledge/entries/:id/questions/remove",
    {
      schema: {
        tags,
        summary: "Remove a phrasing an admin added (the file's stay)",
        security: BEARER,
        params: knowledgeEntryIdParamsSchema,
        body: phrasingBodySchema,
        response: { 200: knowledgeEntryChangeSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) =>
      change(await removeKnowledgePhrasing(app.prisma, memberOf(request), request.params.id, request.body.text)),
  );

  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    route.post(
      `/api/knowledge/entries/:id/${verb}`,
      {
        schema: {
          tags,
          summary: disabled ? "Stop the bot answering with this entry" : "Let the bot answer with this entry again",
          security: BEARER,
          params: knowledgeEntryIdParamsSchema,
          response: { 200: knowledgeEntryChangeSchema, ...errorResponses(400, 401, 403, 404) },
        },
        ...common,
      },
      async (request) =>
        change(await setKnowledgeEntryDisabled(app.prisma, memberOf(request), request.params.id, disabled)),
    );
  }

  route.get(
    "/api/knowledge/unanswered",
    {
      schema: {
        tags,
        summary: "Questions the bot could not answer, grouped by their folded text, newest or most asked first",
        description: "Masked by the privacy guard and never linked to who asked; kept 90 days.",
        security: BEARER,
        querystring: listUnansweredQuerySchema,
        response: { 200: unansweredPageSchema, ...errorResponses(400, 401, 403) },
      },
      ...common,
    },
    async (request) => listUnansweredGroups(app.prisma, request.query),
  );

  route.post(
    "/api/knowledge/unanswered/add-phrasing",
    {
      schema: {
        tags,
        summary: "Add a group's question as a phrasing of an entry; the group leaves the list",
        security: BEARER,
        body: addUnansweredAsPhrasingBodySchema,
        response: { 200: unansweredResolutionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) => addUnansweredAsPhrasing(app.prisma, memberOf(request), request.body),
  );

  route.post(
    "/api/knowledge/unanswered/create-entry",
    {
      schema: {
        tags,
        summary: "Write a new entry answering a group's question; the group leaves the list",
        security: BEARER,
        body: createEntryFromUnansweredBodySchema,
        response: { 201: unansweredResolutionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request, reply) =>
      reply.status(201).send(await createEntryFromUnanswered(app.prisma, memberOf(request), request.body)),
  );

  route.post(
    "/api/knowledge/unanswered/dismiss",
    {
      schema: {
        tags,
        summary: "Dismiss a group (greetings, noise): it leaves the list until asked again",
        security: BEARER,
        body: dismissUnansweredBodySchema,
        response: { 200: unansweredResolutionSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) => dismissUnanswered(app.prisma, memberOf(request), request.body.normalized),
  );
};
