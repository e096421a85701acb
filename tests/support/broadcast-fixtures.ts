import type { PrismaClient } from "../../bot/src/db.ts";
import type { RunningEmulator } from "./zalo-emulator.ts";

/** Polls until `check` answers true (or throws after `timeoutMs`). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, label = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${label}`);
}

export interface SeededResident {
  oaUserId: string;
  id: string;
}

export type ResidentShape = "reachable" | "unfollowed" | "opted-out" | "outside-window" | "blocked-at-zalo";

/**
 * Residents known to the product (PostgreSQL) and to Zalo (the emulator). `blocked-at-zalo` looks reachable to the
 * product but Zalo refuses it (not a follower any more): the product only learns it from the send's error.
 */
export async function seedResidents(
  prisma: PrismaClient,
  emu: RunningEmulator,
  options: { count: number; unitId: string; shape?: ResidentShape; now?: Date },
): Promise<SeededResident[]> {
  const now = options.now ?? new Date();
  const shape = options.shape ?? "reachable";
  const rows = [];
  for (let i = 0; i < options.count; i++) {
    const resident = emu.emulator.state.createResident(`Cư dân ${shape} ${i}`);
    resident.isFollower = shape !== "unfollowed" && shape !== "blocked-at-zalo";
    resident.lastInteractionAt = shape === "outside-window" ? now.getTime() - 8 * 86_400_000 : now.getTime();
    rows.push({
      oaUserId: resident.userId,
      unitId: options.unitId,
      followState: shape === "unfollowed" ? ("UNFOLLOWED" as const) : ("FOLLOWING" as const),
      remindersOptOut: shape === "opted-out",
      lastInteractionAt: shape === "outside-window" ? new Date(now.getTime() - 8 * 86_400_000) : now,
    });
  }
  await prisma.resident.createMany({ data: rows });
  return prisma.resident.findMany({
    where: { oaUserId: { in: rows.map((r) => r.oaUserId) } },
    select: { id: true, oaUserId: true },
  });
}

/** How many OA messages each user received at the emulator. */
export function sentCounts(emu: RunningEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of emu.emulator.state.sent) counts.set(s.userId, (counts.get(s.userId) ?? 0) + 1);
  return counts;
}
