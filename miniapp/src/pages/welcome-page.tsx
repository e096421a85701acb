import { useState } from "react";
import { Button } from "zmp-ui";
import { ErrorText, Screen } from "../components/screen.tsx";
import { useSession } from "../session/session.tsx";

/** Before sign-in: what the app is for, and one button. */
export function WelcomePage({ error }: { error?: string }) {
  const { signIn } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <Screen title="Xung Kích Số" withNav={false} testId="welcome-page">
      <div className="welcome">
        <div className="welcome-badge" aria-hidden="true">
          XKS
        </div>
        <h1 className="welcome-title">Xung Kích Số</h1>
        <p className="lead">
          Ứng dụng của đoàn viên, thanh niên đi từng ngõ, gõ từng nhà giúp người dân chuyển đổi số: ghi nhận hỗ trợ,
          nhận yêu cầu của người dân, đọc tài liệu hướng dẫn.
        </p>
        <ErrorText>{error}</ErrorText>
        <Button
          fullWidth
          size="large"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            await signIn();
            setBusy(false);
          }}
        >
          Đăng nhập bằng Zalo
        </Button>
      </div>
    </Screen>
  );
}
