import multipart from "@fastify/multipart";
import { IMAGE_UPLOAD_MAX_BYTES } from "@xks/shared/api/content";
import type { FastifyPluginAsync } from "fastify";
import type { AuthGuards } from "../../auth/request-auth.ts";
import type { SessionTokens } from "../../auth/session-token.ts";
import type { ApiContext } from "./api-context.ts";
import { assistanceLogsRoutes } from "./assistance-logs-routes.ts";
import { authRoutes } from "./auth-routes.ts";
import { broadcastRoutes } from "./broadcasts.ts";
import { contentRoutes } from "./content-routes.ts";
import { dashboardRoutes } from "./dashboard-routes.ts";
import { eventsRoutes } from "./events-routes.ts";
import { exportsRoutes } from "./exports-routes.ts";
import { helpRequestsRoutes } from "./help-requests-routes.ts";
import { knowledgeRoutes } from "./knowledge-routes.ts";
import { membersRoutes } from "./members-routes.ts";
import { oaLinkRoutes } from "./oa-link-routes.ts";
import { qrRoutes } from "./qr-routes.ts";
import { quizzesRoutes } from "./quizzes-routes.ts";
import { takeoversRoutes } from "./takeovers-routes.ts";
import { unitsRoutes } from "./units-routes.ts";
import { weeklyReportRoutes } from "./weekly-report-routes.ts";

/**
 * The mini-app API under `/api`. Each route validates with the shared zod schemas (`@xks/shared/api/*`), states
 * who may call it with one preHandler, and hands over to a service; HTTP status codes are chosen only here and in
 * the app's error handler.
 */
export interface ApiRoutesOptions {
  tokens: SessionTokens;
  /** Built once in `buildApp`, which also hands the admin guard to the OA-connect routes. */
  guards: AuthGuards;
}

export const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (app, { tokens, guards }) => {
  const context: ApiContext = {
    tokens,
    guards,
    graph: { graphUrl: app.config.ZALO_GRAPH_URL, appSecret: app.config.ZALO_APP_SECRET },
  };
  app.decorateRequest("auth", undefined);
  await app.register(multipart, { limits: { fileSize: IMAGE_UPLOAD_MAX_BYTES, files: 1, fields: 5, parts: 6 } });

  await app.register(authRoutes, context);
  await app.register(membersRoutes, context);
  await app.register(unitsRoutes, context);
  await app.register(assistanceLogsRoutes, context);
  await app.register(helpRequestsRoutes, context);
  await app.register(oaLinkRoutes, context);
  await app.register(contentRoutes, context);
  await app.register(dashboardRoutes, context);
  await app.register(exportsRoutes, context);
  await app.register(weeklyReportRoutes, context);
  await app.register(broadcastRoutes, context);
  await app.register(knowledgeRoutes, context);
  await app.register(takeoversRoutes, context);
  await app.register(eventsRoutes, context);
  await app.register(quizzesRoutes, context);
  await app.register(qrRoutes, context);
};
