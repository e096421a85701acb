import { useState } from "react";
import { useNavigate } from "zmp-ui";
import { apiRequest, apiUrl, describeError } from "../../api/api-client.ts";
import { Screen } from "../../components/screen.tsx";
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
    ...(isAdmin
      ? [
          { to: "/admin/units", title: "Đơn vị và chỉ tiêu", text: "Nhập danh sách đơn vị từ CSV, đặt chỉ tiêu tuần." },
          { to: "/admin/content", title: "Nội dung", text: "Hướng dẫn, infographic, mã QR, thông báo." },
          { to: "/admin/broadcast", title: "Gửi thông báo qua OA", text: "Soạn và gửi tới người dân quan tâm OA." },
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
    </Screen>
  );
}
