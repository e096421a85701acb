import { useEffect, useState } from "react";
import { Button } from "zmp-ui";
import { describeError } from "../api/api-client.ts";
import { ClockIcon } from "../components/icons.tsx";
import { Card, ErrorText, Screen } from "../components/screen.tsx";
import { openOAChat } from "../platform/zalo-platform.ts";
import { useSession } from "../session/session.tsx";

/** Checks for approval this often while the screen is open. */
const APPROVAL_POLL_MS = 15_000;

/** Registered, waiting for a unit lead or admin (or removed). */
export function PendingPage() {
  const { member, refresh, signOut } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const removed = member?.status === "REMOVED";

  useEffect(() => {
    if (removed) return;
    const timer = window.setInterval(() => void refresh().catch(() => undefined), APPROVAL_POLL_MS);
    return () => window.clearInterval(timer);
  }, [refresh, removed]);

  return (
    <Screen title={removed ? "Tài khoản đã bị gỡ" : "Chờ duyệt"} withNav={false} testId="pending-page">
      <Card>
        <div className="pending-icon">
          <ClockIcon />
        </div>
        {removed ? (
          <p className="lead">
            Tài khoản của bạn không còn trong danh sách đoàn viên của đơn vị. Nếu có nhầm lẫn, vui lòng liên hệ bí thư
            chi đoàn.
          </p>
        ) : (
          <>
            <h2 className="card-title">Đăng ký của bạn đang chờ duyệt</h2>
            <p className="lead">
              <b>{member?.name}</b>, đơn vị <b>{member?.unit?.name ?? "—"}</b>. Bí thư chi đoàn hoặc Ban Thường vụ sẽ
              duyệt trong thời gian sớm nhất. Màn hình này tự cập nhật khi bạn được duyệt.
            </p>
          </>
        )}
      </Card>
      <ErrorText>{error}</ErrorText>
      {removed ? null : (
        <Button
          fullWidth
          size="large"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await refresh();
            } catch (err) {
              setError(describeError(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          Kiểm tra lại
        </Button>
      )}
      <Button fullWidth variant="secondary" className="mt" onClick={() => void openOAChat()}>
        Nhắn tin cho Zalo OA của Đoàn
      </Button>
      <Button fullWidth variant="tertiary" className="mt" onClick={signOut}>
        Đăng xuất
      </Button>
    </Screen>
  );
}
