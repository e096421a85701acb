import {
  checkInResponseSchema,
  createEventBodySchema,
  eventIdParamsSchema,
  eventListSchema,
  eventRegistrationListSchema,
  eventSchema,
  listEventsQuerySchema,
  type RegistrationEvent,
  registrationParamsSchema,
  savedEventSchema,
  searchRegistrationsQuerySchema,
  updateEventBodySchema,
} from "@xks/shared/api/events";
import { detectSensitiveKinds } from "@xks/shared/privacy/detect-sensitive-kinds";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import { checkInRegistration, searchRegistrations } from "../../events/check-in-service.ts";
import {
  announceEvent,
  cancelEvent,
  createEvent,
  type EventDeps,
  getEvent,
  listEvents,
  updateEvent,
} from "../../events/events-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/**
 * An event's texts are written by a lead or an admin and read by residents in its announcement: an ID number, OTP or
 * password in them is a mistake for the writer to see, not one to fix behind their back (as for content).
 */
function withPrivacyWarnings(event: RegistrationEvent) {
  const texts = [event.title, event.bring, event.place, event.organisedWith];
  return { ...event, privacyWarnings: detectSensitiveKinds(texts.join("\n")) };
}

/**
 * Registration days: unit leads and admins create, edit, announce and cancel them for units in their scope; every
 * active member of those units sees them, checks residents in and logs the help given (`POST /api/assistance-logs`
 * with `eventId`).
 */
export const eventsRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const lead = guards.requireRole("UNIT_LEAD", "ORG_ADMIN");
  const member = guards.requireActiveMember;
  const deps: EventDeps = {
    prisma: app.prisma,
    queues: app.queues,
    now: () => app.now(),
    timeZone: app.config.TZ_NAME,
  };
  const config = { rateLimit: apiRateLimit };
  const tags = ["events"];

  route.get(
    "/api/events",
    {
      schema: {
        tags,
        summary: "Registration days of the member's units (upcoming by default), with their counts",
        security: BEARER,
        querystring: listEventsQuerySchema,
        response: { 200: eventListSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: member,
      config,
    },
    async (request) => listEvents(deps, memberOf(request), request.query),
  );

  route.post(
    "/api/events",
    {
      schema: {
        tags,
        summary: "Create a registration day for units in the caller's scope, announced at once unless announce=false",
        description:
          "400 EVENT_IN_PAST, EVENT_ENDS_BEFORE_START, EVENT_TOO_LONG, UNIT_NOT_FOUND, UNIT_INACTIVE; 403 EVENT_UNIT_OUT_OF_SCOPE.",
        security: BEARER,
        body: createEventBodySchema,
        response: { 201: savedEventSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: lead,
      config,
    },
    async (request, reply) =>
      reply.status(201).send(withPrivacyWarnings(await createEvent(deps, memberOf(request), request.body))),
  );

  route.get(
    "/api/events/:id",
    {
      schema: {
        tags,
        summary: "One registration day: registered, checked in, level-2 activations logged",
        security: BEARER,
        params: eventIdParamsSchema,
        response: { 200: eventSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: member,
      config,
    },
    async (request) => getEvent(deps, memberOf(request), request.params.id),
  );

  route.patch(
    "/api/events/:id",
    {
      schema: {
        tags,
        summary: "Edit a registration day (the same rules as creating it)",
        security: BEARER,
        params: eventIdParamsSchema,
        body: updateEventBodySchema,
        response: { 200: savedEventSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: lead,
      config,
    },
    async (request) => withPrivacyWarnings(await updateEvent(deps, memberOf(request), request.params.id, request.body)),
  );

  route.post(
    "/api/events/:id/cancel",
    {
      schema: {
        tags,
        summary: "Cancel a registration day: its announcement stops, its reminders are cancelled",
        security: BEARER,
        params: eventIdParamsSchema,
        response: { 200: eventSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: lead,
      config,
    },
    async (request) => cancelEvent(deps, memberOf(request), request.params.id),
  );

  route.post(
    "/api/events/:id/announce",
    {
      schema: {
        tags,
        summary: "Announce a registration day created with announce=false (once)",
        security: BEARER,
        params: eventIdParamsSchema,
        response: { 200: eventSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: lead,
      config,
    },
    async (request) => announceEvent(deps, memberOf(request), request.params.id),
  );

  route.get(
    "/api/events/:id/registrations",
    {
      schema: {
        tags,
        summary: "Residents signed up, found by sign-up number or part of the display name",
        security: BEARER,
        params: eventIdParamsSchema,
        querystring: searchRegistrationsQuerySchema,
        response: { 200: eventRegistrationListSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: member,
      config,
    },
    async (request) => searchRegistrations(app.prisma, memberOf(request), request.params.id, request.query.q),
  );

  route.post(
    "/api/events/:id/registrations/:registrationId/check-in",
    {
      schema: {
        tags,
        summary: "Check a resident in at the event (idempotent: checkedInNow false when already checked in)",
        security: BEARER,
        params: registrationParamsSchema,
        response: { 200: checkInResponseSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: member,
      config,
    },
    async (request) =>
      checkInRegistration(app.prisma, memberOf(request), request.params.id, request.params.registrationId, app.now()),
  );
};
