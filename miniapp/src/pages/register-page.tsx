import { useState } from "react";
import { Button, Input } from "zmp-ui";
import { api } from "../api/api.ts";
import { describeError } from "../api/api-client.ts";
import { Field } from "../components/form-controls.tsx";
import { ErrorText, ResourceStatus, Screen } from "../components/screen.tsx";
import { UnitSelect } from "../components/unit-select.tsx";
import { useResource } from "../components/use-resource.ts";
import { getPhoneNumberToken, insideZalo } from "../platform/zalo-platform.ts";
import { useSession } from "../session/session.tsx";

const PHONE_PURPOSE =
  "Bí thư chi đoàn dùng số điện thoại để liên hệ, phân công bạn hỗ trợ người dân. Không bắt buộc, bạn có thể bỏ qua.";

/** A new user: name, unit from the organisation tree, optional phone. Then they wait for approval. */
export function RegisterPage() {
  const { zaloUser, setMember, signOut } = useSession();
  const units = useResource(() => api.units(), []);
  const [name, setName] = useState(zaloUser?.name ?? "");
  const [unitCode, setUnitCode] = useState("");
  const [sharePhone, setSharePhone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    if (name.trim().length < 2) return setError("Vui lòng nhập họ và tên (ít nhất 2 ký tự).");
    if (!unitCode) return setError("Vui lòng chọn đơn vị của bạn.");
    setBusy(true);
    try {
      const phone = sharePhone ? await getPhoneNumberToken(PHONE_PURPOSE) : null;
      const member = await api.register({
        name: name.trim(),
        unitCode,
        ...(phone ? { phoneToken: phone.token, ...(phone.accessToken ? { accessToken: phone.accessToken } : {}) } : {}),
      });
      setMember(member);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Đăng ký đoàn viên" withNav={false} testId="register-page">
      <p className="lead">Lần đầu dùng ứng dụng? Cho chúng tôi biết bạn là ai và thuộc đơn vị nào.</p>
      <Field label="Họ và tên">
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Ví dụ: Nguyễn Văn An" name="name" />
      </Field>
      <Field label="Đơn vị (chi đoàn, cơ sở đoàn)" hint="Gõ vài chữ để tìm nhanh, có dấu hoặc không dấu.">
        <UnitSelect
          units={units.data?.items ?? []}
          value={unitCode}
          onChange={setUnitCode}
          name="unit"
          selectLabel="Chọn đơn vị"
          searchLabel="Tìm đơn vị"
          placeholder="Tìm đơn vị, ví dụ: hoang dao"
          emptyOption="— Chọn đơn vị —"
        />
        <ResourceStatus resource={units} />
      </Field>
      <label className="check-row">
        <input type="checkbox" checked={sharePhone} onChange={(e) => setSharePhone(e.target.checked)} />
        <span>
          <b>Chia sẻ số điện thoại Zalo</b>
          <small>{PHONE_PURPOSE}</small>
          {!insideZalo && sharePhone ? <small>(Chỉ dùng được khi mở trong Zalo.)</small> : null}
        </span>
      </label>
      <ErrorText>{error}</ErrorText>
      <Button fullWidth size="large" loading={busy} onClick={submit}>
        Gửi đăng ký
      </Button>
      <Button fullWidth variant="tertiary" onClick={signOut} className="mt">
        Đăng xuất
      </Button>
    </Screen>
  );
}
