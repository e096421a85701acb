import { z } from "zod";
import { isoDateTimeSchema, memberRoleSchema, memberStatusSchema, unitRefSchema } from "./common.ts";

/**
 * Sign-in. The mini-app gets a Zalo user access token (zmp-sdk `getAccessToken`, or the emulator's sign-in page in
 * a browser) and trades it for a short-lived session token: `POST /api/auth/zalo`. Every other route takes
 * `Authorization: Bearer <token>`. When the session expires (401 UNAUTHENTICATED) the mini-app signs in again.
 */

export const zaloSignInBodySchema = z.object({
  // Zalo's tokens are visible ASCII, and the token travels in an HTTP header to Zalo: anything else (a space, a
  // control character, a letter with a diacritic) cannot be sent there and is refused here, not as Zalo being down.
  accessToken: z
    .string()
    .trim()
    .min(1, "Thiếu mã truy cập Zalo.")
    .max(4096)
    .regex(/^[\x21-\x7e]+$/, "Mã truy cập Zalo không hợp lệ."),
});
export type ZaloSignInBody = z.infer<typeof zaloSignInBodySchema>;

/** The member record as the mini-app sees it. */
export const memberSchema = z.object({
  id: z.string(),
  zaloId: z.string(),
  name: z.string(),
  /** "84…" when the member shared it at registration. */
  phone: z.string().nullable(),
  role: memberRoleSchema,
  status: memberStatusSchema,
  unit: unitRefSchema.nullable(),
  createdAt: isoDateTimeSchema,
  approvedAt: isoDateTimeSchema.nullable(),
});
export type Member = z.infer<typeof memberSchema>;

export const zaloUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  pictureUrl: z.string().nullable(),
});
export type ZaloUser = z.infer<typeof zaloUserSchema>;

export const zaloSignInResponseSchema = z.object({
  token: z.string(),
  expiresAt: isoDateTimeSchema,
  /** null: not registered yet → show the registration form. */
  member: memberSchema.nullable(),
  zaloUser: zaloUserSchema,
});
export type ZaloSignInResponse = z.infer<typeof zaloSignInResponseSchema>;

/** `GET /api/me`: who the session belongs to, with the member record read fresh (approval shows at once). */
export const meResponseSchema = z.object({
  zaloUser: z.object({ id: z.string(), name: z.string() }),
  member: memberSchema.nullable(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
