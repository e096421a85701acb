import type {
  AssistanceLog,
  AssistanceLogFilter,
  AssistanceLogPage,
  CreateAssistanceLogBody,
  UpdateAssistanceLogBody,
} from "@xks/shared/api/assistance-logs";
import type { MeResponse, ZaloSignInResponse } from "@xks/shared/api/auth";
import type {
  Broadcast,
  BroadcastAudience,
  BroadcastList,
  BroadcastPreview,
  CreateBroadcastBody,
} from "@xks/shared/api/broadcasts";
import type {
  ContentItem,
  ContentKind,
  ContentList,
  CreateContentBody,
  UpdateContentBody,
  UploadedImage,
} from "@xks/shared/api/content";
import type { AlertList, MemberDashboard, OrganisationDashboard, UnitDashboard } from "@xks/shared/api/dashboards";
import type { HelpRequest, HelpRequestList, HelpStatus } from "@xks/shared/api/help-requests";
import type { ApproveMemberBody, Member, MemberList, RegisterMemberBody } from "@xks/shared/api/members";
import type { ImportUnitsResponse, UnitList, UpdateUnitBody } from "@xks/shared/api/units";
import { apiRequest, apiUrl } from "./api-client.ts";

/**
 * Every call the mini-app makes, typed with the shared contract (`@xks/shared/api/*`). Types only: the zod
 * schemas stay on the server so the mini-app's initial JavaScript stays small.
 */
export const api = {
  signIn: (accessToken: string) =>
    apiRequest<ZaloSignInResponse>("/api/auth/zalo", { method: "POST", body: { accessToken }, anonymous: true }),
  me: () => apiRequest<MeResponse>("/api/me"),

  units: () => apiRequest<UnitList>("/api/units", { anonymous: false }),
  importUnits: (csv: string) => apiRequest<ImportUnitsResponse>("/api/units/import", { method: "POST", body: { csv } }),
  updateUnit: (code: string, body: UpdateUnitBody) =>
    apiRequest<unknown>(`/api/units/${encodeURIComponent(code)}`, { method: "PATCH", body }),

  register: (body: RegisterMemberBody) => apiRequest<Member>("/api/members/register", { method: "POST", body }),
  members: (query: { status?: Member["status"]; unitCode?: string } = {}) =>
    apiRequest<MemberList>("/api/members", { query }),
  approveMember: (id: string, body: ApproveMemberBody = {}) =>
    apiRequest<Member>(`/api/members/${encodeURIComponent(id)}/approve`, { method: "POST", body }),
  removeMember: (id: string) =>
    apiRequest<Member>(`/api/members/${encodeURIComponent(id)}/remove`, { method: "POST", body: {} }),

  createLog: (body: CreateAssistanceLogBody) =>
    apiRequest<AssistanceLog>("/api/assistance-logs", { method: "POST", body }),
  updateLog: (id: string, body: UpdateAssistanceLogBody) =>
    apiRequest<AssistanceLog>(`/api/assistance-logs/${encodeURIComponent(id)}`, { method: "PATCH", body }),
  logs: (query: AssistanceLogFilter & { cursor?: string; limit?: number }) =>
    apiRequest<AssistanceLogPage>("/api/assistance-logs", { query }),

  helpRequests: (status?: HelpStatus) => apiRequest<HelpRequestList>("/api/help-requests", { query: { status } }),
  claimHelp: (id: string) =>
    apiRequest<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}/claim`, { method: "POST", body: {} }),
  completeHelp: (id: string) =>
    apiRequest<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}/complete`, { method: "POST", body: {} }),

  content: (query: { q?: string; kind?: ContentKind; includeUnpublished?: boolean } = {}) =>
    apiRequest<ContentList>("/api/content", { query }),
  contentItem: (id: string) => apiRequest<ContentItem>(`/api/content/${encodeURIComponent(id)}`),
  createContent: (body: CreateContentBody) => apiRequest<ContentItem>("/api/content", { method: "POST", body }),
  updateContent: (id: string, body: UpdateContentBody) =>
    apiRequest<ContentItem>(`/api/content/${encodeURIComponent(id)}`, { method: "PATCH", body }),
  uploadImage: (file: File) => {
    const form = new FormData();
    form.append("file", file);
    return apiRequest<UploadedImage>("/api/uploads/images", { method: "POST", body: form });
  },

  myDashboard: () => apiRequest<MemberDashboard>("/api/dashboard/me"),
  unitDashboard: (code: string) => apiRequest<UnitDashboard>(`/api/dashboard/unit/${encodeURIComponent(code)}`),
  organisationDashboard: () => apiRequest<OrganisationDashboard>("/api/dashboard/organisation"),
  alerts: () => apiRequest<AlertList>("/api/alerts", { query: { resolved: "false" } }),
  resolveAlert: (id: string) =>
    apiRequest<unknown>(`/api/alerts/${encodeURIComponent(id)}/resolve`, { method: "POST", body: {} }),

  previewBroadcast: (audience: BroadcastAudience) =>
    apiRequest<BroadcastPreview>("/api/broadcasts/preview", { method: "POST", body: { audience } }),
  createBroadcast: (body: CreateBroadcastBody) =>
    apiRequest<{ id: string }>("/api/broadcasts", { method: "POST", body }),
  broadcasts: (limit = 20) => apiRequest<BroadcastList>("/api/broadcasts", { query: { limit } }),
  broadcast: (id: string) => apiRequest<Broadcast>(`/api/broadcasts/${encodeURIComponent(id)}`),
  cancelBroadcast: (id: string) =>
    apiRequest<Broadcast>(`/api/broadcasts/${encodeURIComponent(id)}/cancel`, { method: "POST", body: {} }),
};

/** Absolute URL of an API path that an `<img>` can load (public images). */
export function publicApiUrl(path: string): string {
  return /^https?:/.test(path) ? path : apiUrl(path);
}
