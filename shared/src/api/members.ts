import { z } from "zod";
import { memberSchema } from "./auth.ts";
import { idSchema, memberStatusSchema, unitCodeSchema } from "./common.ts";

export { type Member, memberSchema } from "./auth.ts";

/** `POST /api/members/register` → 201 with the PENDING member (or ACTIVE for an organisation admin). */
export const registerMemberBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Vui lòng nhập họ và tên (ít nhất 2 ký tự).")
    .max(100, "Họ và tên dài quá 100 ký tự.")
    .transform((name) => name.replace(/\s+/g, " ")),
  unitCode: unitCodeSchema,
  /** zmp-sdk `getPhoneNumber()` token: single-use, about 2 minutes; decoded by the server at Zalo Graph. */
  phoneToken: z.string().trim().min(1).max(4096).optional(),
  /**
   * A Zalo user access token taken (zmp-sdk `getAccessToken()`) at the moment of `getPhoneNumber()`: the phone
   * token is decoded with it rather than with the sign-in token, which may be hours old.
   */
  accessToken: z.string().trim().min(1).max(4096).optional(),
});
export type RegisterMemberBody = z.input<typeof registerMemberBodySchema>;

/** `POST /api/members/:id/approve` (the body may be omitted). Only an organisation admin may make someone a unit lead. */
export const approveMemberBodySchema = z.object({ role: z.enum(["MEMBER", "UNIT_LEAD"]).optional() }).nullish();
export type ApproveMemberBody = z.input<typeof approveMemberBodySchema>;

/** `GET /api/members?status=&unitCode=` (a unit lead sees only their unit). */
export const listMembersQuerySchema = z.object({
  status: memberStatusSchema.optional(),
  unitCode: unitCodeSchema.optional(),
});
export type ListMembersQuery = z.input<typeof listMembersQuerySchema>;

export const memberListSchema = z.object({ items: z.array(memberSchema) });
export type MemberList = z.infer<typeof memberListSchema>;

export const memberIdParamsSchema = z.object({ id: idSchema });
