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
  CreatedBroadcast,
} from "@xks/shared/api/broadcasts";
import type {
  ContentItem,
  ContentKind,
  ContentList,
  CreateContentBody,
  SavedContentItem,
  UpdateContentBody,
  UploadedImage,
} from "@xks/shared/api/content";
import type {
  AlertList,
  MemberDashboard,
  OrganisationDashboardResponse,
  UnitDashboardResponse,
} from "@xks/shared/api/dashboards";
import type { ExportJob, RequestExportBody } from "@xks/shared/api/exports";
import type {
  CancelHelpRequestBody,
  HandOverHelpRequestBody,
  HelpColleagueList,
  HelpRequest,
  HelpRequestCounts,
  HelpRequestDetail,
  HelpRequestList,
  HelpStatus,
} from "@xks/shared/api/help-requests";
import type {
  AddUnansweredAsPhrasingBody,
  CreateEntryFromUnansweredBody,
  CreateKnowledgeEntryBody,
  KnowledgeEntryChange,
  KnowledgeEntryDetail,
  KnowledgeEntryList,
  KnowledgeTopic,
  UnansweredPage,
  UnansweredResolution,
  UnansweredSort,
  UpdateKnowledgeEntryBody,
} from "@xks/shared/api/knowledge";
import type { ApproveMemberBody, Member, MemberList, RegisterMemberBody } from "@xks/shared/api/members";
import type { OaLinkCode, OaLinkStatus } from "@xks/shared/api/oa-link";
import type { QrCodeInfo, QrFormat, QrKind, QrLink } from "@xks/shared/api/qr-codes";
import type { ImportQuizBody, Quiz, QuizInput, QuizLeaderboard, QuizSummary } from "@xks/shared/api/quizzes";
import type { TakeoverList } from "@xks/shared/api/takeovers";
import type {
  ImportUnitsResponse,
  MergeUnitBody,
  MergeUnitResponse,
  Unit,
  UnitList,
  UpdateUnitBody,
} from "@xks/shared/api/units";
import type { RequestWeeklyReportBody } from "@xks/shared/api/weekly-report";
import { apiRequest, apiUrl } from "./api-client.ts";

/**
 * Every call the mini-app makes, typed with the shared contract (`@xks/shared/api/*`). Types only: the zod
 * schemas stay on the server so the mini-app's initial JavaScript stays small.
 */
export const api = {
  quizzes: () => apiRequest<{ items: QuizSummary[] }>("/api/quizzes"),
  quiz: (id: string) => apiRequest<Quiz>(`/api/quizzes/${encodeURIComponent(id)}`),
  createQuiz: (body: QuizInput) => apiRequest<Quiz>("/api/quizzes", { method: "POST", body }),
  updateQuiz: (id: string, body: QuizInput) =>
    apiRequest<Quiz>(`/api/quizzes/${encodeURIComponent(id)}`, { method: "PUT", body }),
  importQuiz: (body: ImportQuizBody) => apiRequest<Quiz>("/api/quizzes/import", { method: "POST", body }),
  quizLeaderboard: (id: string) => apiRequest<QuizLeaderboard>(`/api/quizzes/${encodeURIComponent(id)}/leaderboard`),
  requestQuizExport: (id: string, format: "xlsx" | "csv") =>
    apiRequest<ExportJob>(`/api/quizzes/${encodeURIComponent(id)}/exports`, { method: "POST", body: { format } }),
  qrCode: (kind: QrKind, id: string) => apiRequest<QrCodeInfo>(`/api/qr/${kind}/${encodeURIComponent(id)}`),
  /** A download link for one poster file, signed for a few minutes: open it with `openDownload` at once. */
  qrLink: (kind: QrKind, id: string, format: QrFormat) =>
    apiRequest<QrLink>(`/api/qr/${kind}/${encodeURIComponent(id)}/${format}/link`, { method: "POST" }),
  signIn: (accessToken: string) =>
    apiRequest<ZaloSignInResponse>("/api/auth/zalo", { method: "POST", body: { accessToken }, anonymous: true }),
  me: () => apiRequest<MeResponse>("/api/me"),

  /** Active units (what forms offer); `all` (organisation admins) adds merged and retired ones. */
  units: (include: "active" | "all" = "active") =>
    apiRequest<UnitList>(include === "all" ? "/api/units?include=all" : "/api/units", { anonymous: false }),
  importUnits: (csv: string) => apiRequest<ImportUnitsResponse>("/api/units/import", { method: "POST", body: { csv } }),
  updateUnit: (code: string, body: UpdateUnitBody) =>
    apiRequest<Unit>(`/api/units/${encodeURIComponent(code)}`, { method: "PATCH", body }),
  mergeUnit: (code: string, body: MergeUnitBody) =>
    apiRequest<MergeUnitResponse>(`/api/units/${encodeURIComponent(code)}/merge`, { method: "POST", body }),

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

  requestExport: (body: RequestExportBody) => apiRequest<ExportJob>("/api/exports", { method: "POST", body }),
  requestWeeklyReport: (body: RequestWeeklyReportBody) =>
    apiRequest<ExportJob>("/api/exports/weekly-report", { method: "POST", body }),
  exportStatus: (id: string) => apiRequest<ExportJob>(`/api/exports/${encodeURIComponent(id)}`),

  helpRequests: (status?: HelpStatus, mine = false) =>
    apiRequest<HelpRequestList>("/api/help-requests", { query: { status, ...(mine ? { mine: "true" } : {}) } }),
  helpRequest: (id: string) => apiRequest<HelpRequestDetail>(`/api/help-requests/${encodeURIComponent(id)}`),
  helpCounts: () => apiRequest<HelpRequestCounts>("/api/help-requests/counts"),
  helpColleagues: (id: string) =>
    apiRequest<HelpColleagueList>(`/api/help-requests/${encodeURIComponent(id)}/colleagues`),
  releaseHelp: (id: string) =>
    apiRequest<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}/release`, { method: "POST", body: {} }),
  handOverHelp: (id: string, body: HandOverHelpRequestBody) =>
    apiRequest<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}/hand-over`, { method: "POST", body }),
  cancelHelp: (id: string, body: CancelHelpRequestBody) =>
    apiRequest<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}/cancel`, { method: "POST", body }),
  oaLink: () => apiRequest<OaLinkStatus>("/api/me/oa-link"),
  createOaLinkCode: () => apiRequest<OaLinkCode>("/api/me/oa-link", { method: "POST", body: {} }),
  unlinkOa: () => apiRequest<OaLinkStatus>("/api/me/oa-link", { method: "DELETE" }),
  claimHelp: (id: string) =>
    apiRequest<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}/claim`, { method: "POST", body: {} }),
  completeHelp: (id: string) =>
    apiRequest<HelpRequest>(`/api/help-requests/${encodeURIComponent(id)}/complete`, { method: "POST", body: {} }),

  content: (query: { q?: string; kind?: ContentKind; includeUnpublished?: boolean } = {}) =>
    apiRequest<ContentList>("/api/content", { query }),
  contentItem: (id: string) => apiRequest<ContentItem>(`/api/content/${encodeURIComponent(id)}`),
  createContent: (body: CreateContentBody) => apiRequest<SavedContentItem>("/api/content", { method: "POST", body }),
  updateContent: (id: string, body: UpdateContentBody) =>
    apiRequest<SavedContentItem>(`/api/content/${encodeURIComponent(id)}`, { method: "PATCH", body }),
  uploadImage: (file: File) => {
    const form = new FormData();
    form.append("file", file);
    return apiRequest<UploadedImage>("/api/uploads/images", { method: "POST", body: form });
  },

  myDashboard: () => apiRequest<MemberDashboard>("/api/dashboard/me"),
  /** One page of the unit's members comes with it (first 50 by default); pass the offset for more. */
  unitDashboard: (code: string, query: { membersOffset?: number; membersLimit?: number } = {}) =>
    apiRequest<UnitDashboardResponse>(`/api/dashboard/unit/${encodeURIComponent(code)}`, { query }),
  /** One page of the unit ranking comes with it (first 50 by default); pass offset/search for more. */
  organisationDashboard: (query: { unitsOffset?: number; unitsLimit?: number; unitsSearch?: string } = {}) =>
    apiRequest<OrganisationDashboardResponse>("/api/dashboard/organisation", { query }),
  alerts: () => apiRequest<AlertList>("/api/alerts", { query: { resolved: "false" } }),
  resolveAlert: (id: string) =>
    apiRequest<unknown>(`/api/alerts/${encodeURIComponent(id)}/resolve`, { method: "POST", body: {} }),

  previewBroadcast: (audience: BroadcastAudience) =>
    apiRequest<BroadcastPreview>("/api/broadcasts/preview", { method: "POST", body: { audience } }),
  createBroadcast: (body: CreateBroadcastBody) =>
    apiRequest<CreatedBroadcast>("/api/broadcasts", { method: "POST", body }),
  broadcasts: (limit = 20) => apiRequest<BroadcastList>("/api/broadcasts", { query: { limit } }),
  broadcast: (id: string) => apiRequest<Broadcast>(`/api/broadcasts/${encodeURIComponent(id)}`),
  cancelBroadcast: (id: string) =>
    apiRequest<Broadcast>(`/api/broadcasts/${encodeURIComponent(id)}/cancel`, { method: "POST", body: {} }),

  knowledgeEntries: (query: { q?: string; topic?: KnowledgeTopic; includeDisabled?: boolean; limit?: number } = {}) =>
    apiRequest<KnowledgeEntryList>("/api/knowledge/entries", { query }),
  knowledgeEntry: (id: string) => apiRequest<KnowledgeEntryDetail>(`/api/knowledge/entries/${encodeURIComponent(id)}`),
  createKnowledgeEntry: (body: CreateKnowledgeEntryBody) =>
    apiRequest<KnowledgeEntryChange>("/api/knowledge/entries", { method: "POST", body }),
  updateKnowledgeEntry: (id: string, body: UpdateKnowledgeEntryBody) =>
    apiRequest<KnowledgeEntryChange>(`/api/knowledge/entries/${encodeURIComponent(id)}`, { method: "PATCH", body }),
  addKnowledgePhrasing: (id: string, text: string) =>
    apiRequest<KnowledgeEntryChange>(`/api/knowledge/entries/${encodeURIComponent(id)}/questions`, {
      method: "POST",
      body: { text },
    }),
  removeKnowledgePhrasing: (id: string, text: string) =>
    apiRequest<KnowledgeEntryChange>(`/api/knowledge/entries/${encodeURIComponent(id)}/questions/remove`, {
      method: "POST",
      body: { text },
    }),
  setKnowledgeEntryDisabled: (id: string, disabled: boolean) =>
    apiRequest<KnowledgeEntryChange>(
      `/api/knowledge/entries/${encodeURIComponent(id)}/${disabled ? "disable" : "enable"}`,
      { method: "POST", body: {} },
    ),
  unanswered: (query: { sort: UnansweredSort; page: number; pageSize?: number }) =>
    apiRequest<UnansweredPage>("/api/knowledge/unanswered", { query }),
  addUnansweredAsPhrasing: (body: AddUnansweredAsPhrasingBody) =>
    apiRequest<UnansweredResolution>("/api/knowledge/unanswered/add-phrasing", { method: "POST", body }),
  createEntryFromUnanswered: (body: CreateEntryFromUnansweredBody) =>
    apiRequest<UnansweredResolution>("/api/knowledge/unanswered/create-entry", { method: "POST", body }),
  takeovers: () => apiRequest<TakeoverList>("/api/takeovers"),
  giveBackToAssistant: (residentId: string) =>
    apiRequest<{ ok: true }>(`/api/takeovers/${encodeURIComponent(residentId)}/give-back`, { method: "POST" }),
  dismissUnanswered: (normalized: string) =>
    apiRequest<UnansweredResolution>("/api/knowledge/unanswered/dismiss", { method: "POST", body: { normalized } }),
};

/** Absolute URL of an API path that an `<img>` can load (public images). */
export function publicApiUrl(path: string): string {
  return /^https?:/.test(path) ? path : apiUrl(path);
}
