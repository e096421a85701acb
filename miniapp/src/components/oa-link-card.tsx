import type { OaLinkCode } from "@xks/shared/api/oa-link";
import { useEffect, useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../api/api.ts";
import { openOAChat } from "../platform/zalo-platform.ts";
import { useSession } from "../session/session.tsx";
import { formatDateTime } from "./format.ts";
import { Card, ErrorText } from "./screen.tsx";
import { useAction } from "./use-action.ts";
import { useResource } from "./use-resource.ts";

/**
 * "Nhận thông báo qua OA": links the member's Zalo chat with the OA so that new requests of their unit arrive where
 * they already are. One tap draws a one-time code and opens the OA chat with "LIENKET <code>" typed in; sending it
 * links the account (the server answers in the chat). Until then, and if Zalo does not pass the message along, the
 * code stays on screen to type by hand.
 */
export function OaLinkCard() {
  const { member } = useSession();
  const status = useResource(() => api.oaLink(), []);
  const [code, setCode] = useState<OaLinkCode | null>(null);
  const { busy, error, act } = useAction(() => void status.reload());
  const linked = status.data?.linked ?? false;
  // Back from the OA chat (the mini-app was in the background): the link may have just been made.
  const { reload } = status;
  useEffect(() => {
    const again = () => {
      if (document.visibilityState === "visible") void reload();
    };
    document.addEventListener("visibilitychange", again);
    window.addEventListener("focus", again);
    return () => {
      document.removeEventListener("visibilitychange", again);
      window.removeEventListener("focus", again);
    };
  }, [reload]);

  const start = () =>
    act(async () => {
      const fresh = await api.createOaLinkCode();
      setCode(fresh);
      await openOAChat(fresh.message, member?.zaloId).catch(() => undefined);
    }, "Đã mở khung chat OA. Bạn bấm Gửi để hoàn tất liên kết.");

  // Past Zalo's window the OA cannot message the member: say so, instead of notices silently stopping.
  const open = status.data?.oaMessagesOpen ? status.data.oaMessagesUntil : null;
  // Notices written in the quiet hours wait for their end (queue-member-notices.ts): say when, so none is missed.
  const quiet = status.data?.quietHours ?? null;
  const quietHint = quiet ? (
    <p className="muted" data-testid="oa-link-quiet-hours">
      Tin báo trong khoảng {quiet.start}–{quiet.end} được gửi lúc {quiet.end}; yêu cầu mới vẫn hiện ngay trong mini-app.
    </p>
  ) : null;
  const codeHint = code ? (
    <p className="muted oa-link-code" data-testid="oa-link-code">
      Nếu khung chat chưa có sẵn tin nhắn, bạn gửi cho OA: <b>{code.message}</b> (dùng được đến{" "}
      {formatDateTime(code.expiresAt)}). Xong, bấm{" "}
      <button type="button" className="link-button" onClick={() => void status.reload()}>
        kiểm tra lại
      </button>
      .
    </p>
  ) : null;

  return (
    <Card title="Thông báo qua OA" className="oa-link-card">
      <div data-testid="oa-link-card" data-linked={String(linked)}>
        {linked ? (
          <>
            <p>
              Đã liên kết{status.data?.linkedAt ? ` từ ${formatDateTime(status.data.linkedAt)}` : ""}. Khi có người dân
              ở đơn vị nhờ hỗ trợ, OA sẽ nhắn cho bạn trong Zalo.
            </p>
            {quietHint}
            {open ? (
              <p className="muted" data-testid="oa-link-window">
                Zalo chỉ cho OA nhắn cho bạn trong 48 giờ kể từ tin cuối bạn gửi OA: OA nhắn được đến{" "}
                <b>{formatDateTime(open)}</b>. Bấm “Gia hạn” rồi gửi tin trong khung chat OA để nhận tiếp.
              </p>
            ) : (
              <p className="warning-text" data-testid="oa-link-window">
                OA đang không nhắn được cho bạn: đã quá 48 giờ bạn chưa nhắn OA (quy định của Zalo). Yêu cầu mới vẫn
                hiện trong mini-app. Bấm “Gia hạn” rồi gửi tin trong khung chat OA để nhận lại.
              </p>
            )}
            <div className="row-actions">
              <Button size="small" loading={busy} onClick={() => void start()}>
                Gia hạn
              </Button>
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() => act(() => api.unlinkOa(), "Đã tắt thông báo qua OA.")}
              >
                Tắt thông báo qua OA
              </button>
            </div>
            {codeHint}
          </>
        ) : (
          <>
            <p>Nhận tin nhắn trong Zalo khi có người dân ở đơn vị nhờ hỗ trợ, không cần mở mini-app để xem.</p>
            {quietHint}
            <Button fullWidth loading={busy} onClick={() => void start()}>
              Nhận thông báo qua OA
            </Button>
            {codeHint}
          </>
        )}
        <ErrorText>{error ?? (status.error && !status.data ? status.error : null)}</ErrorText>
      </div>
    </Card>
  );
}
