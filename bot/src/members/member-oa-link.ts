import { createHash, randomInt } from "node:crypto";
import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";
import type { PrismaClient } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * A member's mini-app id (`Member.zaloId`, app-scoped, from Graph `/me`) and their OA follower id (`sender.id` of
 * webhooks, what `message/cs` takes) are different ids (note §1.4, §6). Two ways join them, and either suffices:
 * - a one-time code: the mini-app shows "LIENKET ABCDEF" and opens the OA chat with it; the webhook receives that text
 *   from the member's OA account, which proves both accounts are in one person's hands. Works whatever Zalo's ids are.
 * - `user_id_by_app`: follow and message events and the OA user detail carry the user's app-scoped id, *claimed* to
 *   equal the mini-app id (UNCONFIRMED). When it equals a member's `zaloId`, the link is made without a code. If the
 *   claim is false the ids never match and nothing happens. A member who unlinked is not linked again this way.
 * `getUserInfo().idByOA` in the mini-app is not used: it comes from the phone, and the server cannot verify it.
 */

/** Letters only: the privacy guard masks lone numbers as OTPs, and a letter code never reads as one. */
const LINK_CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY";
export const LINK_CODE_LENGTH = 6;
/** Long enough to switch to Zalo's chat and send; short enough that a code seen over a shoulder is soon useless. */
export const LINK_CODE_TTL_MS = 15 * 60 * 1000;
export const LINK_KEYWORD = "LIENKET";

export function linkCodeMessage(code: string): string {
  return `${LINK_KEYWORD} ${code}`;
}

function hashLinkCode(code: string): string {
  return createHash("sha256").update(code.toUpperCase(), "utf8").digest("hex");
}

/** Reads "LIENKET ABCDEF" as typed or pasted: any case, with or without diacritics ("liên kết"), spaces. */
export function parseLinkCodeText(text: string): string | null {
  const folded = foldVietnamese(text).toUpperCase().replace(/\s+/g, " ").trim();
  const match = /^LIEN ?KET:? ?([A-Z]{6})$/.exec(folded);
  return match?.[1] ?? null;
}

export interface LinkCode {
  code: string;
  message: string;
  expiresAt: Date;
}

/** A fresh code for the member (the previous one stops working). Only its hash is stored. */
export async function createLinkCode(db: Db, memberId: string, now: Date): Promise<LinkCode> {
  for (let attempt = 0; ; attempt++) {
    const code = Array.from(
      { length: LINK_CODE_LENGTH },
      () => LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)],
    )
      .join("")
      .toUpperCase();
    const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
    try {
      await db.member.update({
        where: { id: memberId },
        data: { oaLinkCodeHash: hashLinkCode(code), oaLinkCodeExpiresAt: expiresAt },
      });
      return { code, message: linkCodeMessage(code), expiresAt };
    } catch (error) {
      // The hash is unique: another member holds this very code (1 in 85 million). Draw again.
      if (attempt < 3 && (error as { code?: string }).code === "P2002") continue;
      throw error;
    }
  }
}

export type LinkByCodeResult =
  | { outcome: "linked"; member: { id: string; name: string; unitName: string | null } }
  | { outcome: "unknown-code" };

/**
 * The OA user `oaUserId` sent a code: the member holding it (unexpired) is linked to that OA account, and the code
 * is spent. An OA account linked to another member before moves to this one (one OA account, one member).
 */
export async function linkMemberByCode(db: Db, oaUserId: string, code: string, now: Date): Promise<LinkByCodeResult> {
  const member = await db.member.findUnique({
    where: { oaLinkCodeHash: hashLinkCode(code) },
    select: { id: true, name: true, oaLinkCodeExpiresAt: true, unit: { select: { name: true } } },
  });
  if (!member || !member.oaLinkCodeExpiresAt || member.oaLinkCodeExpiresAt <= now) return { outcome: "unknown-code" };
  await attachOaAccount(db, member.id, oaUserId, now, {
    oaLinkCodeHash: null,
    oaLinkCodeExpiresAt: null,
    oaAutoLinkOffAt: null,
  });
  return { outcome: "linked", member: { id: member.id, name: member.name, unitName: member.unit?.name ?? null } };
}

/**
 * Zalo said the OA user `oaUserId` has the app-scoped id `appUserId` (an event's `user_id_by_app`, or the user
 * detail's): if a member signed in to the mini-app with that id and is not linked yet, link them. Returns the
 * member linked, or null.
 */
export async function linkMemberByAppUserId(
  db: Db,
  oaUserId: string,
  appUserId: string,
  now: Date,
): Promise<{ id: string } | null> {
  const member = await db.member.findUnique({
    where: { zaloId: appUserId },
    select: { id: true, oaUserId: true, oaAutoLinkOffAt: true },
  });
  if (!member || member.oaAutoLinkOffAt || member.oaUserId === oaUserId) return null;
  // A member linked to another OA account keeps it: a code link is the stronger proof, and this one may be stale.
  if (member.oaUserId) return null;
  const taken = await db.member.findUnique({ where: { oaUserId }, select: { id: true } });
  if (taken) return null;
  await attachOaAccount(db, member.id, oaUserId, now, {});
  return { id: member.id };
}

async function attachOaAccount(
  db: Db,
  memberId: string,
  oaUserId: string,
  now: Date,
  extra: Prisma.MemberUpdateInput,
): Promise<void> {
  await db.member.updateMany({
    where: { oaUserId, id: { not: memberId } },
    data: { oaUserId: null, oaLinkedAt: null },
  });
  await db.member.update({ where: { id: memberId }, data: { oaUserId, oaLinkedAt: now, ...extra } });
}

/** The member turns OA messages off: unlinked, any pending code spent, and no automatic relink by id. */
export async function unlinkMember(db: Db, memberId: string, now: Date): Promise<void> {
  await db.member.update({
    where: { id: memberId },
    data: { oaUserId: null, oaLinkedAt: null, oaLinkCodeHash: null, oaLinkCodeExpiresAt: null, oaAutoLinkOffAt: now },
  });
}

/** Which member, if any, an OA account is linked to. */
export function memberLinkedTo(db: Db, oaUserId: string) {
  return db.member.findUnique({ where: { oaUserId }, select: { id: true, name: true } });
}
