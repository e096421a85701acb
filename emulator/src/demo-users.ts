/**
 * The demo people the emulator knows from start-up. Their ids are stable on purpose: the product's seed and
 * `ADMIN_ZALO_IDS` name them. Two id spaces, as on Zalo (note §1.4, §5):
 * - mini-app ids (`8…`) — what Graph `/me` returns for a signed-in mini-app user (app-scoped);
 * - OA-scoped ids (`7…`) — what webhooks carry as `sender.id` / `follower.id` and what `message/cs` takes.
 * A resident's `userIdByApp` equals the mini-app id of the same person, which is what Zalo's `user_id_by_app`
 * is claimed to be (UNCONFIRMED, note §6.7) — it lets the product link a chat to a mini-app account.
 */

export const DEMO_ADMIN_ID = "8000000000000000001";
export const DEMO_UNIT_LEAD_ID = "8000000000000000002";
export const DEMO_MEMBER_ID = "8000000000000000003";
export const DEMO_MEMBER_2_ID = "8000000000000000004";
export const DEMO_NEW_USER_ID = "8000000000000000005";

export const DEMO_RESIDENT_ADMIN_ID = "7000000000000000001";
export const DEMO_RESIDENT_UNIT_LEAD_ID = "7000000000000000002";
export const DEMO_RESIDENT_MEMBER_ID = "7000000000000000003";
/** Follows the OA but last interacted 10 days ago: OA sends to them answer -230 until they write again. */
export const DEMO_RESIDENT_SILENT_ID = "7000000000000000004";
/** Has never followed the OA: sends answer -213 until they tap "Quan tâm". */
export const DEMO_RESIDENT_NEW_ID = "7000000000000000005";
/** Follows the OA but has no mini-app account. */
export const DEMO_RESIDENT_GUEST_ID = "7000000000000000006";

export type DemoRole = "admin" | "unit_lead" | "member" | "new_user";

export interface DemoMiniAppUser {
  readonly id: string;
  readonly name: string;
  /** Phone in Zalo's `84…` form, as `/me/info` returns it. */
  readonly phone: string;
  readonly role: DemoRole;
  /** Shown under the name on the sign-in page. */
  readonly description: string;
}

export const DEMO_MINIAPP_USERS: readonly DemoMiniAppUser[] = [
  {
    id: DEMO_ADMIN_ID,
    name: "Lê Thị Quản Trị",
    phone: "84912000001",
    role: "admin",
    description: "Quản trị viên (có trong ADMIN_ZALO_IDS)",
  },
  {
    id: DEMO_UNIT_LEAD_ID,
    name: "Trần Văn Bí Thư",
    phone: "84912000002",
    role: "unit_lead",
    description: "Bí thư chi đoàn",
  },
  {
    id: DEMO_MEMBER_ID,
    name: "Nguyễn Thị Hoa",
    phone: "84912000003",
    role: "member",
    description: "Đoàn viên",
  },
  {
    id: DEMO_MEMBER_2_ID,
    name: "Phạm Văn Minh",
    phone: "84912000004",
    role: "member",
    description: "Đoàn viên",
  },
  {
    id: DEMO_NEW_USER_ID,
    name: "Hoàng Gia Bảo",
    phone: "84912000005",
    role: "new_user",
    description: "Người dùng mới — chưa đăng ký",
  },
];

export interface DemoResident {
  readonly userId: string;
  readonly userIdByApp: string;
  readonly displayName: string;
  readonly phone: string;
  readonly isFollower: boolean;
  /** How long before start-up they last interacted; null = never. Drives the 7-day window. */
  readonly lastInteractionAgoMs: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const DEMO_RESIDENTS: readonly DemoResident[] = [
  {
    userId: DEMO_RESIDENT_ADMIN_ID,
    userIdByApp: DEMO_ADMIN_ID,
    displayName: "Lê Thị Quản Trị",
    phone: "84912000001",
    isFollower: true,
    lastInteractionAgoMs: HOUR_MS,
  },
  {
    userId: DEMO_RESIDENT_UNIT_LEAD_ID,
    userIdByApp: DEMO_UNIT_LEAD_ID,
    displayName: "Trần Văn Bí Thư",
    phone: "84912000002",
    isFollower: true,
    lastInteractionAgoMs: DAY_MS,
  },
  {
    userId: DEMO_RESIDENT_MEMBER_ID,
    userIdByApp: DEMO_MEMBER_ID,
    displayName: "Nguyễn Thị Hoa",
    phone: "84912000003",
    isFollower: true,
    lastInteractionAgoMs: 2 * DAY_MS,
  },
  {
    userId: DEMO_RESIDENT_SILENT_ID,
    userIdByApp: DEMO_MEMBER_2_ID,
    displayName: "Phạm Văn Minh",
    phone: "84912000004",
    isFollower: true,
    lastInteractionAgoMs: 10 * DAY_MS,
  },
  {
    userId: DEMO_RESIDENT_NEW_ID,
    userIdByApp: DEMO_NEW_USER_ID,
    displayName: "Hoàng Gia Bảo",
    phone: "84912000005",
    isFollower: false,
    lastInteractionAgoMs: null,
  },
  {
    userId: DEMO_RESIDENT_GUEST_ID,
    userIdByApp: "8000000000000000106",
    displayName: "Đỗ Thị Lan",
    phone: "84912000006",
    isFollower: true,
    lastInteractionAgoMs: 3 * HOUR_MS,
  },
];
