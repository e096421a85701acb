import type { DemoMiniAppUser } from "./demo-users.ts";
import { escapeHtml } from "./escape-html.ts";

const ROLE_BADGES: Record<DemoMiniAppUser["role"], string> = {
  admin: "Quản trị",
  unit_lead: "Bí thư",
  member: "Đoàn viên",
  new_user: "Mới",
};

/** The stand-in for "open the mini-app inside Zalo": pick who you are, get a user token back in the URL hash. */
export function renderSignInPage(users: readonly DemoMiniAppUser[], redirect: string | null, oaName: string): string {
  const list = redirect
    ? users
        .map((user) => {
          const href = `/signin/choose?${new URLSearchParams({ userId: user.id, redirect })}`;
          return `<a class="user" href="${escapeHtml(href)}">
  <img src="/_emulator/media/avatar/${escapeHtml(user.id)}.svg" alt="">
  <span class="who"><b>${escapeHtml(user.name)}</b><small>${escapeHtml(user.description)}</small><code>${escapeHtml(user.id)}</code></span>
  <span class="badge badge-${user.role}">${ROLE_BADGES[user.role]}</span></a>`;
        })
        .join("\n")
    : `<p class="problem">Thiếu tham số <code>redirect</code> (địa chỉ http(s) của mini-app).</p>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Đăng nhập bằng Zalo (giả lập)</title><link rel="icon" href="data:,">
<style>
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f0f2f5;color:#081c36}
.card{max-width:460px;margin:32px auto;background:#fff;border-radius:14px;box-shadow:0 2px 12px rgba(0,0,0,.08);overflow:hidden}
header{background:#0068ff;color:#fff;padding:18px 20px}header h1{margin:0;font-size:19px}header p{margin:4px 0 0;opacity:.85;font-size:14px}
main{padding:16px;display:flex;flex-direction:column;gap:10px}
a.user{display:flex;align-items:center;gap:14px;padding:14px;border:1px solid #e1e6ec;border-radius:12px;text-decoration:none;color:inherit;min-height:72px}
a.user:hover,a.user:focus{border-color:#0068ff;background:#f2f7ff;outline:none}
a.user img{width:48px;height:48px;border-radius:50%}
.who{display:flex;flex-direction:column;flex:1;gap:2px}.who b{font-size:16px}.who small{color:#556;font-size:13px}.who code{color:#99a;font-size:11px}
.badge{font-size:12px;padding:3px 8px;border-radius:10px;background:#e5efff;color:#0068ff;white-space:nowrap}
.badge-admin{background:#fde8e8;color:#c0392b}.badge-new_user{background:#eef0f3;color:#556}
.problem{color:#c0392b}.note{font-size:12px;color:#7589a3;padding:0 16px 16px;margin:0}
</style></head><body><div class="card"><header><h1>Đăng nhập bằng Zalo</h1><p>Chọn tài khoản để mở mini-app ${escapeHtml(oaName)}</p></header>
<main>${list}</main><p class="note">Trang giả lập dùng khi phát triển, không phải Zalo thật.</p></div></body></html>`;
}
