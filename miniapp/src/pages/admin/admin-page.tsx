import { useNavigate } from "zmp-ui";
import { Screen } from "../../components/screen.tsx";
import { useSession } from "../../session/session.tsx";

/** The admin hub: unit leads manage their unit; organisation admins also units, content and broadcasts. */
export function AdminPage() {
  const navigate = useNavigate();
  const { member } = useSession();
  const isAdmin = member?.role === "ORG_ADMIN";
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
      </ul>
    </Screen>
  );
}
