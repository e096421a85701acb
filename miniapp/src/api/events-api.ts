import type {
  CheckInResponse,
  CreateEventBody,
  EventList,
  EventRegistrationList,
  RegistrationEvent,
  UpdateEventBody,
} from "@xks/shared/api/events";
import { apiRequest } from "./api-client.ts";

const path = (id: string) => `/api/events/${encodeURIComponent(id)}`;

/** Registration days (types only, like `api.ts`). Bulk logging goes through the log outbox with `eventId`. */
export const eventsApi = {
  list: (when: "upcoming" | "past" | "all" = "upcoming") => apiRequest<EventList>("/api/events", { query: { when } }),
  get: (id: string) => apiRequest<RegistrationEvent>(path(id)),
  create: (body: CreateEventBody) => apiRequest<RegistrationEvent>("/api/events", { method: "POST", body }),
  update: (id: string, body: UpdateEventBody) => apiRequest<RegistrationEvent>(path(id), { method: "PATCH", body }),
  cancel: (id: string) => apiRequest<RegistrationEvent>(`${path(id)}/cancel`, { method: "POST", body: {} }),
  announce: (id: string) => apiRequest<RegistrationEvent>(`${path(id)}/announce`, { method: "POST", body: {} }),
  registrations: (id: string, q: string) =>
    apiRequest<EventRegistrationList>(`${path(id)}/registrations`, { query: { q } }),
  checkIn: (id: string, registrationId: string) =>
    apiRequest<CheckInResponse>(`${path(id)}/registrations/${encodeURIComponent(registrationId)}/check-in`, {
      method: "POST",
      body: {},
    }),
};
