import { useState } from "react";
import { useNavigate } from "zmp-ui";
import { api } from "../../api/api.ts";
import { apiRequest, apiUrl, describeError } from "../../api/api-client.ts";
import { Screen } from "../../components/screen.tsx";
import { useResource } from "../../components/use-resource.ts";
import { openWebPage } from "../../platform/zalo-platform.ts";
import { useSession } from "../../session/session.tsx";

/** Server pages opened with a one-time link the API hands to admins (they cannot carry the bearer token). */
const SERVER_PAGES = [
  {
    key: "queues",
    endpoint: "/api/admin/queues/ticket",
    title: "Hàng đợi gửi tin",
    text: "Xem tin nhắc, thông báo đang gửi và lỗi (dành cho quản trị).",
  },
  {
    key: "oa",
    endpoint: "/api/admin/oa/connect",
    title: "Kết nối Official Account",
    text: "Cấp lại quyền gửi tin cho OA khi Zalo báo hết hạn.",
  },
] as const;

/** The admin hub: unit leads manage their unit; organisation admins also units, content and broadcasts. */
export function AdminPage() {
  const navigate = useNavigate();
  const { member } = useSession();
  const isAdmin = member?.role === "ORG_ADMIN";
  const [opening, setOpening] = useState<string | null>(null);
  // How many groups of questions wait for an admin: worth a look when it grows.
  const waiting = useResource(
    () => (isAdmin ? api.unanswered({ sort: "newest", page: 1, pageSize: 1 }) : Promise.resolve(null)),
    [isAdmin],
  );
  const waitingTotal = waiting.data?.total ?? 0;
  const [error, setError] = useState<string | null>(null);
  const openServerPage = async (page: (typeof SERVER_PAGES)[number]) => {
    setOpening(page.key);
    setError(null);
    try {
      const { url } = await apiRequest<{ url: string }>(page.endpoint, { method: "POST" });
      await openWebPage(url.startsWith("http") ? url : apiUrl(url));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setOpening(null);
    }
  };
  const items = [
    { to: "/admin/members", title: "Duyệt và quản lý đoàn viên", text: "Duyệt người mới đăng ký, gỡ đoàn viên." },
    { to: "/admin/exports", title: "Xuất báo cáo Excel", text: "Các lượt hỗ trợ theo khoảng ngày và đơn vị." },
    {
      to: "/admin/takeovers",
      title: "Cán bộ đang trả lời",
      text: "Người dân được cán bộ trả lời tay trong chat OA (trợ lý tạm im lặng).",
    },
    { to: "/admin/quizzes", title: "Cuộc thi trên OA", text: "Câu hỏi, mã QR để in, bảng xếp hạng theo xã." },
    ...(isAdmin
      ? [
          { to: "/admin/units", title: "Đơn vị và chỉ tiêu", text: "Nhập danh sách đơn vị từ CSV, đặt chỉ tiêu tuần." },
          { to: "/admin/content", title: "Nội dung", text: "Hướng dẫn, infographic, mã QR, thông báo." },
          { to: "/admin/broadcast", title: "Gửi thông báo qua OA", text: "Soạn và gửi tới người dân quan tâm OA." },
          {
            to: "/admin/unanswered",
            title: waitingTotal > 0 ? `Câu hỏi chưa trả lời được (${waitingTotal})` : "Câu hỏi chưa trả lời được",
            text: "Người dân hỏi mà bot chưa hiểu: thêm vào câu trả lời có sẵn hoặc viết mới.",
          },
          { to: "/admin/knowledge", title: "Kho câu trả lời", text: "Sửa câu trả lời của bot, thêm cách hỏi." },
        ]
      : []),
  ];
  return (
    <Screen title="Quản trị" back testId="admin-page">
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.to}>
            <button type="button" className="card menu-card" onClick={() => navigate(item.to)}>
              <b>{item.title}</b>
              <span>{item.text}</span>
            </button>
          </li>
        ))}
        {isAdmin
          ? SERVER_PAGES.map((page) => (
              <li key={page.key}>
                <button
                  type="button"
                  className="card menu-card"
                  disabled={opening !== null}
                  onClick={() => void openServerPage(page)}
                >
                  <b>{opening === page.key ? "Đang mở…" : page.title}</b>
                  <span>{page.text}</span>
                </button>
              </li>
            ))
          : null}
      </ul>
      {error ? <p className="error-text">{error}</p> : null}
      {isAdmin ? <ZaloSettings /> : null}
    </Screen>
  );
}

interface OaSettings {
  redirectUri: string;
  webhookUrl: string;
  connected: boolean;
  accessExpiresAt: string | null;
}

/** What to paste into the Zalo app's settings on developers.zalo.me, as the server is configured. */
function ZaloSettings() {
  const settings = useResource(() => apiRequest<OaSettings>("/api/admin/oa/settings"), []);
  if (!settings.data) return settings.error ? <p className="error-text">{settings.error}</p> : null;
  const { redirectUri, webhookUrl, connected } = settings.data;
  return (
    <section className="card" data-testid="zalo-settings">
      <b>Cài đặt ứng dụng Zalo</b>
      <p className="muted">Dán đúng các địa chỉ này vào trang cài đặt ứng dụng trên developers.zalo.me.</p>
      <p>
        Callback URL (Official Account → Thiết lập chung):
        <br />
        <code className="copyable">{redirectUri}</code>
      </p>
      <p>
        Webhook URL:
        <br />
        <code className="copyable">{webhookUrl}</code>
      </p>
      <p className="muted">{connected ? "OA đã được kết nối." : "OA chưa được kết nối."}</p>
    </section>
  );
}
