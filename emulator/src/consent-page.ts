import { escapeHtml } from "./escape-html.ts";

export interface ConsentPageInput {
  readonly oaName: string;
  readonly appId: string;
  /** Where "Cho phép" goes; null when the request is invalid and only `problem` is shown. */
  readonly allowUrl: string | null;
  readonly problem: string | null;
}

/** Zalo's OA permission screen, reduced to what an OA admin needs to click through in development. */
export function renderConsentPage(input: ConsentPageInput): string {
  const body = input.problem
    ? `<p class="problem">${escapeHtml(input.problem)}</p>`
    : `<p>Ứng dụng <b>${escapeHtml(input.appId)}</b> yêu cầu quyền quản lý Official Account <b>${escapeHtml(input.oaName)}</b>:</p>
  <ul><li>Gửi tin nhắn tư vấn tới người quan tâm</li><li>Nhận sự kiện tin nhắn và người dùng</li><li>Xem thông tin người quan tâm</li></ul>
  <a class="allow" href="${escapeHtml(input.allowUrl ?? "#")}">Cho phép</a>
  <a class="deny" href="javascript:history.back()">Từ chối</a>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Cấp quyền cho ứng dụng — Zalo (giả lập)</title><link rel="icon" href="data:,">
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f0f2f5;color:#081c36}
.card{max-width:420px;margin:48px auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);overflow:hidden}
header{background:#0068ff;color:#fff;padding:16px 20px;font-weight:600;font-size:18px}
main{padding:20px}ul{padding-left:20px;line-height:1.7}
a.allow,a.deny{display:block;text-align:center;padding:12px;border-radius:8px;text-decoration:none;font-weight:600;margin-top:12px}
a.allow{background:#0068ff;color:#fff}a.deny{background:#eef0f3;color:#081c36}
.problem{color:#c0392b}.note{font-size:12px;color:#7589a3;margin-top:16px}
</style></head><body><div class="card"><header>Zalo — Cấp quyền cho ứng dụng</header><main>
${body}
<p class="note">Trang giả lập của Xung Kích Số, không phải Zalo thật.</p></main></div></body></html>`;
}
