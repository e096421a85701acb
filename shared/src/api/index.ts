/** The mini-app API contract: one import for the mini-app (`@xks/shared/api/index`). */
export * from "./assistance-logs.ts";
export * from "./auth.ts";
export * from "./common.ts";
export * from "./content.ts";
export * from "./dashboards.ts";
export * from "./events.ts";
export * from "./exports.ts";
export * from "./help-requests.ts";
export * from "./help-response-times.ts";
export * from "./knowledge.ts";
export {
  type ApproveMemberBody,
  approveMemberBodySchema,
  type ListMembersQuery,
  listMembersQuerySchema,
  type MemberList,
  memberIdParamsSchema,
  memberListSchema,
  type RegisterMemberBody,
  registerMemberBodySchema,
} from "./members.ts";
export * from "./oa-link.ts";
export * from "./takeovers.ts";
export * from "./units.ts";
export * from "./weekly-report.ts";
