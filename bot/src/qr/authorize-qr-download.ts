import type { SignedLinkQuery } from "@xks/shared/api/common";
import type { QrKind } from "@xks/shared/api/qr-codes";
import type { DownloadLinkSigner, DownloadSubject } from "../auth/download-link-signer.ts";
import type { ScopedMember } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { canWorkAtEvent } from "../events/event-access.ts";
import type { MemberRole } from "../generated/prisma/client.ts";
import { QR_SOURCES, type QrSubject } from "./qr-sources.ts";

/** Who may print QR posters: the bearer routes' guard and the signed links' check both read this. */
export const QR_POSTER_ROLES = ["UNIT_LEAD", "ORG_ADMIN"] as const satisfies readonly MemberRole[];

/**
 * Whether the member may print this subject's poster. The organisation's quizzes and content items: any lead, as
 * every lead reads them. A registration day: only someone who sees it on the events page (its units are theirs, below
 * or above theirs; admins all), the rule `getEvent` applies, so a lead cannot print another unit's day.
 */
export async function mayPrintPosterOf(
  prisma: PrismaClient,
  member: ScopedMember,
  subject: QrSubject,
): Promise<boolean> {
  if (subject.forUnitIds === null) return true;
  return canWorkAtEvent(prisma, member, subject.forUnitIds);
}

/**
 * The subject of a poster the member asks for through the bearer routes. One they may not print is answered as
 * missing, as the events routes answer another unit's registration day: its existence is not theirs to learn.
 */
export async function posterSubjectFor(
  prisma: PrismaClient,
  member: ScopedMember,
  kind: QrKind,
  id: string,
): Promise<QrSubject> {
  const subject = await QR_SOURCES[kind](prisma, id);
  if (!subject || !(await mayPrintPosterOf(prisma, member, subject))) {
    throw new NotFoundError("Không tìm thấy nội dung của mã QR này.", "QR_SUBJECT_NOT_FOUND");
  }
  return subject;
}

/**
 * A signed poster link may be used when its signature holds for this very file (kind, id, format), it has not
 * expired, and the member it was issued to may still print this poster now (active, a unit lead or admin, and the
 * registration day still for units in their reach): a member removed, demoted or moved after asking for the link
 * gets nothing with it. Returns what the poster is of.
 */
export async function authorizeQrDownload(
  prisma: PrismaClient,
  links: DownloadLinkSigner,
  subject: Extract<DownloadSubject, { kind: "qr" }>,
  query: SignedLinkQuery,
  now = new Date(),
): Promise<QrSubject> {
  const { memberId } = links.verify(subject, query, now);
  const member = await prisma.member.findUnique({
    where: { id: memberId },
    select: { status: true, role: true, unitId: true },
  });
  const forbidden = () => new ForbiddenError("Bạn không còn quyền tải mã QR này.", "QR_FORBIDDEN");
  if (!member || member.status !== "ACTIVE" || !(QR_POSTER_ROLES as readonly MemberRole[]).includes(member.role)) {
    throw forbidden();
  }
  const poster = await QR_SOURCES[subject.qrKind](prisma, subject.id);
  if (!poster) throw new NotFoundError("Không tìm thấy nội dung của mã QR này.", "QR_SUBJECT_NOT_FOUND");
  if (!(await mayPrintPosterOf(prisma, member, poster))) throw forbidden();
  return poster;
}
