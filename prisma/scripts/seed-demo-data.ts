import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "../../bot/src/generated/prisma/client.ts";
import type { ServiceCode } from "../../bot/src/generated/prisma/enums.ts";
import { importUnitsCsv } from "../../bot/src/units/import-units-csv.ts";

/**
 * Demo and reference data: the Hoằng Hóa organisation tree, four demo members, sample content and a few
 * assistance logs for the dashboards. Every row is upserted by a stable key (unit code, Zalo id, fixed content
 * id, assistance clientId), so running it again changes nothing but dates that follow `now`.
 *
 * Not seeded on purpose: Zalo user 8000000000000000005 "Hoàng Gia Bảo" (as the emulator names him), the newcomer who registers in the demo.
 */
export async function seedDemoData(
  prisma: PrismaClient,
  { now = new Date() }: { now?: Date } = {},
): Promise<SeedSummary> {
  const root = await prisma.unit.upsert({
    where: { code: ROOT_UNIT.code },
    create: { ...ROOT_UNIT, parentId: null },
    update: { name: ROOT_UNIT.name, kind: ROOT_UNIT.kind },
  });

  const imported = await importUnitsCsv(prisma, readFileSync(UNITS_CSV_PATH, "utf8"), { parentCode: root.code });
  if (imported.errors.length > 0) {
    const lines = imported.errors.map((error) => `line ${error.line}: ${error.message}`);
    throw new Error(`Seed units CSV is invalid:\n${lines.join("\n")}`);
  }
  // Targets only where none is set yet, so targets an admin has edited survive a re-seed. A commune formed by the
  // 2025 mergers gets the target of the communes merged into it; merged units keep none (theirs moved on).
  const targetless = await prisma.unit.findMany({
    where: { parentId: root.id, kind: { in: ["TOWN", "COMMUNE"] }, targetPeoplePerWeek: 0, mergedIntoId: null },
    select: { id: true, kind: true, _count: { select: { mergedFrom: true } } },
  });
  for (const unit of targetless) {
    const base = DEMO_WEEKLY_TARGETS[unit.kind as keyof typeof DEMO_WEEKLY_TARGETS];
    await prisma.unit.update({
      where: { id: unit.id },
      data: { targetPeoplePerWeek: base * Math.max(1, unit._count.mergedFrom) },
    });
  }

  const unitIds = new Map(
    (await prisma.unit.findMany({ select: { id: true, code: true } })).map((unit) => [unit.code, unit.id]),
  );
  const unitId = (code: string): string => {
    const id = unitIds.get(code);
    if (!id) throw new Error(`Seed unit ${code} is missing`);
    return id;
  };

  const memberIds = new Map<string, string>();
  for (const member of DEMO_MEMBERS) {
    const fields = {
      name: member.name,
      role: member.role,
      status: "ACTIVE" as const,
      unitId: unitId(member.unitCode),
      approvedAt: DEMO_APPROVED_AT,
    };
    const saved = await prisma.member.upsert({
      where: { zaloId: member.zaloId },
      create: { zaloId: member.zaloId, ...fields },
      update: fields,
    });
    memberIds.set(member.zaloId, saved.id);
  }

  for (const item of sampleContent(now)) {
    const { id, ...fields } = item;
    await prisma.contentItem.upsert({ where: { id }, create: item, update: fields });
  }

  for (const log of DEMO_ASSISTANCE_LOGS) {
    const memberId = memberIds.get(log.memberZaloId);
    if (!memberId) throw new Error(`Seed member ${log.memberZaloId} is missing`);
    const fields = {
      memberId,
      unitId: unitId(log.unitCode),
      happenedAt: new Date(startOfDayUtc(now).getTime() - log.daysAgo * DAY_MS + log.hourUtc * HOUR_MS),
      services: log.services,
      people: log.people,
      minutes: log.minutes,
      hamlet: log.hamlet,
      outcome: log.outcome,
      note: log.note ?? null,
    };
    await prisma.assistanceLog.upsert({
      where: { clientId: log.clientId },
      create: { clientId: log.clientId, ...fields },
      update: fields,
    });
  }

  return {
    units: await prisma.unit.count(),
    members: await prisma.member.count(),
    contentItems: await prisma.contentItem.count(),
    assistanceLogs: await prisma.assistanceLog.count(),
  };
}

export interface SeedSummary {
  units: number;
  members: number;
  contentItems: number;
  assistanceLogs: number;
}

/**
 * The 2023 communes of /work/shared/data/units-hoang-hoa.csv plus the 2025 mergers confirmed from Nghị quyết
 * 1686/NQ-UBTVQH15 (`merged_into`; sources in prisma/seed-data/README.md), so the repository needs nothing
 * outside itself.
 */
const UNITS_CSV_PATH = fileURLToPath(new URL("../seed-data/units-hoang-hoa.csv", import.meta.url));

const ROOT_UNIT = { code: "HOANG_HOA", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" } as const;

/** People helped per week: the town is larger than a commune. */
const DEMO_WEEKLY_TARGETS = { TOWN: 40, COMMUNE: 25 } as const;

const DEMO_APPROVED_AT = new Date("2026-11-01T01:00:00Z");

/** The demo's members work in communes of today (since 1 July 2025): Xã Hoằng Hóa and Xã Hoằng Sơn. */
const DEMO_MEMBERS = [
  { zaloId: "8000000000000000001", name: "Lê Thị Quản Trị", role: "ORG_ADMIN", unitCode: "HOANG_HOA" },
  { zaloId: "8000000000000000002", name: "Trần Văn Bí Thư", role: "UNIT_LEAD", unitCode: "HOANG_HOA_2025" },
  { zaloId: "8000000000000000003", name: "Nguyễn Thị Hoa", role: "MEMBER", unitCode: "HOANG_HOA_2025" },
  { zaloId: "8000000000000000004", name: "Phạm Văn Minh", role: "MEMBER", unitCode: "HOANG_SON_2025" },
] as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Vietnam is UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * HOUR_MS;

function startOfDayUtc(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/** 07:30 Vietnam time on the first Sunday after `now`: the demo campaign day is always upcoming. */
function nextCampaignDay(now: Date): Date {
  const vietnamNow = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const daysToSunday = 7 - vietnamNow.getUTCDay();
  const vietnamMidnight = Date.UTC(vietnamNow.getUTCFullYear(), vietnamNow.getUTCMonth(), vietnamNow.getUTCDate());
  return new Date(vietnamMidnight + daysToSunday * DAY_MS + 7.5 * HOUR_MS - VIETNAM_OFFSET_MS);
}

/** Sample content for the demo; the union's admins review and replace it before going live. */
function sampleContent(now: Date) {
  return [
    {
      id: "seed-guide-vneid-level-2",
      kind: "GUIDE",
      pinned: true,
      title: "Hướng dẫn kích hoạt tài khoản định danh điện tử mức 2 (VNeID)",
      body: [
        "Tài khoản mức 2 giúp bạn làm dịch vụ công trực tuyến và dùng giấy tờ tích hợp (thẻ bảo hiểm y tế, giấy phép lái xe, đăng ký xe) ngay trên ứng dụng VNeID.",
        "",
        "Cần chuẩn bị:",
        "- Thẻ căn cước hoặc căn cước công dân gắn chip.",
        "- Số điện thoại (SIM) đăng ký chính chủ, đang dùng được.",
        "",
        "Các bước:",
        "1. Mang thẻ đến Công an xã (hoặc nơi cấp thẻ căn cước) để đăng ký tài khoản định danh điện tử mức 2. Cán bộ sẽ chụp ảnh chân dung và lấy vân tay.",
        "2. Chờ tin nhắn SMS gửi mã kích hoạt về số điện thoại đã đăng ký.",
        "3. Tải ứng dụng VNeID từ CH Play hoặc App Store (chỉ tải từ kho ứng dụng chính thức).",
        "4. Mở VNeID, chọn “Kích hoạt tài khoản định danh điện tử”, nhập số định danh cá nhân (12 số trên thẻ), số điện thoại và mã kích hoạt.",
        "5. Đặt mật khẩu và mã passcode gồm 6 chữ số.",
        "",
        "Lưu ý: không đưa mã kích hoạt, mật khẩu, passcode hay ảnh thẻ căn cước cho bất kỳ ai. Công an không gọi điện yêu cầu cài ứng dụng hay “nâng cấp” VNeID qua đường link.",
      ].join("\n"),
    },
    {
      id: "seed-guide-scam-awareness",
      kind: "GUIDE",
      pinned: false,
      title: "Nhận biết và phòng tránh lừa đảo qua điện thoại, tin nhắn",
      body: [
        "Dấu hiệu lừa đảo thường gặp:",
        "- Người tự xưng công an gọi điện, yêu cầu cài ứng dụng hoặc bấm đường link để “cập nhật”, “nâng cấp” tài khoản VNeID. Công an không làm việc này qua điện thoại.",
        "- Tin nhắn giả danh ngân hàng, điện lực, đơn vị giao hàng báo lỗi tài khoản, nợ tiền điện, đơn hàng, kèm đường link lạ.",
        "- Người lạ báo trúng thưởng, nhờ chuyển tiền gấp hoặc đòi đóng phí để nhận quà.",
        "",
        "Giữ an toàn:",
        "- Không bao giờ cho ai biết mã OTP, mật khẩu, mã passcode; không gửi ảnh chụp thẻ căn cước.",
        "- Không bấm đường link lạ; chỉ cài ứng dụng từ CH Play hoặc App Store.",
        "- Khi nghi ngờ: dừng lại, gọi cho người thân hoặc tổng đài chính thức của đơn vị đó để hỏi lại.",
        "",
        "Nếu đã lỡ làm theo: báo ngay ngân hàng để khóa tài khoản, báo Công an xã nơi gần nhất hoặc phản ánh lên cổng cảnh báo an toàn thông tin quốc gia.",
      ].join("\n"),
    },
    {
      id: "seed-qr-online-contest",
      kind: "QR",
      pinned: false,
      title: "Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội Đoàn",
      body: "Quét mã QR hoặc bấm vào đường dẫn để tham gia cuộc thi. Mời đoàn viên, thanh niên cùng tham gia và chia sẻ cho bạn bè.",
      // A placeholder address (reserved example domain): the union puts the real contest link here.
      qrTarget: "https://example.org/cuoc-thi/tim-hieu-nghi-quyet-dai-hoi-doan",
    },
    {
      id: "seed-notice-campaign-day",
      kind: "NOTICE",
      pinned: false,
      title: "Ngày cao điểm “Đi từng ngõ, gõ từng nhà” hỗ trợ định danh điện tử",
      body: [
        "Từ 7 giờ 30, đoàn viên, thanh niên các cơ sở đoàn có mặt tại nhà văn hóa các thôn để hỗ trợ bà con:",
        "- cài đặt và kích hoạt tài khoản định danh điện tử mức 2;",
        "- dùng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt;",
        "- nhận biết và phòng tránh lừa đảo trên mạng.",
        "Bà con mang theo thẻ căn cước (hoặc căn cước công dân gắn chip) và điện thoại có SIM chính chủ.",
      ].join("\n"),
      eventAt: nextCampaignDay(now),
    },
  ] as const;
}

interface DemoAssistanceLog {
  clientId: string;
  memberZaloId: string;
  unitCode: string;
  daysAgo: number;
  hourUtc: number;
  services: ServiceCode[];
  people: number;
  minutes: number;
  hamlet: string;
  outcome: "DONE" | "FOLLOW_UP" | "REFERRED";
  note?: string;
}

/**
 * Spread over the past week so the weekly dashboards have something to show; recent work, so it is logged under
 * today's communes (logs under a 2023 commune would be history from before the mergers).
 */
const DEMO_ASSISTANCE_LOGS: DemoAssistanceLog[] = [
  {
    clientId: "seed-assist-0001",
    memberZaloId: "8000000000000000002",
    unitCode: "HOANG_HOA_2025",
    daysAgo: 6,
    hourUtc: 1,
    services: ["VNEID"],
    people: 3,
    minutes: 45,
    hamlet: "Thôn 1",
    outcome: "DONE",
  },
  {
    clientId: "seed-assist-0002",
    memberZaloId: "8000000000000000003",
    unitCode: "HOANG_HOA_2025",
    daysAgo: 4,
    hourUtc: 2,
    services: ["VNEID", "ONLINE_SAFETY"],
    people: 2,
    minutes: 40,
    hamlet: "Thôn 2",
    outcome: "DONE",
  },
  {
    clientId: "seed-assist-0003",
    memberZaloId: "8000000000000000003",
    unitCode: "HOANG_HOA_2025",
    daysAgo: 3,
    hourUtc: 9,
    services: ["CASHLESS"],
    people: 1,
    minutes: 30,
    hamlet: "Thôn 2",
    outcome: "FOLLOW_UP",
    note: "Hẹn lần sau hướng dẫn thanh toán tiền điện qua ứng dụng.",
  },
  {
    clientId: "seed-assist-0004",
    memberZaloId: "8000000000000000004",
    unitCode: "HOANG_SON_2025",
    daysAgo: 2,
    hourUtc: 1,
    services: ["VNEID"],
    people: 1,
    minutes: 20,
    hamlet: "Thôn 3",
    outcome: "REFERRED",
    note: "Chưa có thẻ gắn chip: đã hướng dẫn ra Công an xã làm thẻ căn cước.",
  },
  {
    clientId: "seed-assist-0005",
    memberZaloId: "8000000000000000004",
    unitCode: "HOANG_SON_2025",
    daysAgo: 1,
    hourUtc: 8,
    services: ["PUBLIC_SERVICES"],
    people: 2,
    minutes: 50,
    hamlet: "Thôn 4",
    outcome: "DONE",
  },
  {
    clientId: "seed-assist-0006",
    memberZaloId: "8000000000000000002",
    unitCode: "HOANG_HOA_2025",
    daysAgo: 0,
    hourUtc: 2,
    services: ["ECOMMERCE"],
    people: 1,
    minutes: 60,
    hamlet: "Thôn 1",
    outcome: "DONE",
  },
];
