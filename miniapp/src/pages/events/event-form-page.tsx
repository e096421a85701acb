import type { RegistrationEvent, UpdateEventBody } from "@xks/shared/api/events";
import { useEffect, useState } from "react";
import { Button, useNavigate, useParams } from "zmp-ui";
import { api } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { eventsApi } from "../../api/events-api.ts";
import { Field, Stepper } from "../../components/form-controls.tsx";
import { describeInputDay } from "../../components/format.ts";
import { PrivacyNotice } from "../../components/privacy-notice.tsx";
import { Card, ErrorText, ResourceStatus, Screen } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";
import { UnitMultiPicker } from "../../components/unit-multi-picker.tsx";
import { useResource } from "../../components/use-resource.ts";
import { isoToVietnamLocal, vietnamDayTimeToIso } from "../../components/vietnam-time.ts";
import { useSession } from "../../session/session.tsx";

const LEVEL_2_BRING = "Căn cước gắn chip, điện thoại có SIM chính chủ";

/** A day and a time typed on the phone, read as Vietnam time whatever the phone's zone; null when empty or wrong. */
function instant(day: string, time: string): Date | null {
  const iso = vietnamDayTimeToIso(day, time);
  return iso ? new Date(iso) : null;
}

/** An instant as Vietnam's date ("2026-12-12") and time ("07:30"), the inputs' formats, whatever the phone's zone. */
function localDay(iso: string): string {
  return isoToVietnamLocal(iso).slice(0, 10);
}
function localTime(iso: string): string {
  return isoToVietnamLocal(iso).slice(11, 16);
}

/**
 * A lead (or admin) creates a registration day for units in their scope; it is announced at once on the OA to
 * those units' residents unless they untick it. The server checks the rules again and says why it refuses.
 */
export function EventFormPage() {
  return <EventForm existing={null} />;
}

/**
 * A lead edits a registration day they may edit (its units are in their scope). Its units stay: residents may
 * have signed up through them. Changing the time or place tells everyone signed up, on the OA (the server's job).
 */
export function EventEditPage() {
  const { id = "" } = useParams();
  const event = useResource(() => eventsApi.get(id), [id]);
  const e = event.data;
  if (!e) {
    return (
      <Screen title="Sửa buổi đăng ký" back testId="event-edit-page">
        <ResourceStatus resource={event} />
      </Screen>
    );
  }
  if (!e.editable) {
    return (
      <Screen title="Sửa buổi đăng ký" back testId="event-edit-page">
        <ErrorText>{e.status === "CANCELLED" ? "Buổi này đã bị hủy." : "Bạn không có quyền sửa buổi này."}</ErrorText>
      </Screen>
    );
  }
  return <EventForm key={e.id} existing={e} />;
}

function EventForm({ existing }: { existing: RegistrationEvent | null }) {
  const navigate = useNavigate();
  const toast = useToast();
  const { member } = useSession();
  const units = useResource(() => api.units(), []);
  const [title, setTitle] = useState(existing?.title ?? "Ngày hội đăng ký định danh điện tử mức 2");
  const [bring, setBring] = useState(existing?.bring ?? LEVEL_2_BRING);
  const [place, setPlace] = useState(existing?.place ?? "");
  const [day, setDay] = useState(existing ? localDay(existing.startsAt) : "");
  const [start, setStart] = useState(existing ? localTime(existing.startsAt) : "07:30");
  const [end, setEnd] = useState(existing ? localTime(existing.endsAt) : "11:00");
  const [capacity, setCapacity] = useState(existing?.capacity ?? 50);
  const [organisedWith, setOrganisedWith] = useState(existing?.organisedWith ?? "Công an xã");
  const [unitCodes, setUnitCodes] = useState<string[]>(
    existing ? existing.units.map((u) => u.code) : member?.unit?.code ? [member.unit.code] : [],
  );
  const [announce, setAnnounce] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A refusal is about what was typed: it goes once the lead changes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fields are the trigger, not read inside
  useEffect(() => setError(null), [day, start, end, place, unitCodes.length]);
  const toggle = (code: string) =>
    setUnitCodes((codes) => (codes.includes(code) ? codes.filter((c) => c !== code) : [...codes, code]));
  // A lead may choose their unit and the units below it (the server checks again); an admin any unit. Chosen first.
  const all = units.data?.items ?? [];
  const inScope = (code: string): boolean => {
    if (member?.role === "ORG_ADMIN") return true;
    let current = all.find((u) => u.code === code);
    for (let hops = 0; current && hops < 50; hops += 1) {
      if (current.code === member?.unit?.code) return true;
      current = all.find((u) => u.code === current?.parentCode);
    }
    return false;
  };
  const inScopeUnits = all.filter((u) => inScope(u.code));

  const save = async () => {
    const startsAt = instant(day, start);
    const endsAt = instant(day, end);
    if (!startsAt || !endsAt) return setError("Vui lòng chọn ngày, giờ bắt đầu và giờ kết thúc.");
    const timeChanged =
      !existing ||
      startsAt.getTime() !== new Date(existing.startsAt).getTime() ||
      endsAt.getTime() !== new Date(existing.endsAt).getTime();
    if (timeChanged && startsAt.getTime() <= Date.now())
      return setError("Thời gian bắt đầu đã qua. Vui lòng chọn thời gian sắp tới.");
    if (endsAt.getTime() <= startsAt.getTime()) return setError("Giờ kết thúc phải sau giờ bắt đầu.");
    if (!place.trim()) return setError("Vui lòng nhập địa điểm.");
    if (unitCodes.length === 0) return setError("Vui lòng chọn ít nhất một đơn vị.");
    setBusy(true);
    setError(null);
    if (existing) return saveChanges(existing, { startsAt, endsAt, timeChanged });
    try {
      const created = await eventsApi.create({
        title: title.trim(),
        bring: bring.trim(),
        place: place.trim(),
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        capacity,
        organisedWith: organisedWith.trim(),
        unitCodes,
        announce,
      });
      navigate(`/events/${encodeURIComponent(created.id)}`, { replace: true });
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  /** Only what changed is sent: the server checks the times again only when they move. */
  const saveChanges = async (
    event: RegistrationEvent,
    times: { startsAt: Date; endsAt: Date; timeChanged: boolean },
  ) => {
    const body: UpdateEventBody = {};
    if (title.trim() !== event.title) body.title = title.trim();
    if (place.trim() !== event.place) body.place = place.trim();
    if (bring.trim() !== event.bring) body.bring = bring.trim();
    if (organisedWith.trim() !== event.organisedWith) body.organisedWith = organisedWith.trim();
    if (capacity !== event.capacity) body.capacity = capacity;
    if (times.timeChanged) {
      body.startsAt = times.startsAt.toISOString();
      body.endsAt = times.endsAt.toISOString();
    }
    const back = () => navigate(`/events/${encodeURIComponent(event.id)}`, { replace: true });
    if (Object.keys(body).length === 0) return back();
    try {
      await eventsApi.update(event.id, body);
      const signedUp = event.counts.registered + event.counts.remindOnly;
      const told = (times.timeChanged || body.place !== undefined) && signedUp > 0;
      toast.show(told ? `Đã lưu. ${signedUp} người đã đăng ký sẽ được báo qua Zalo.` : "Đã lưu thay đổi.", "success");
      back();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  const signedUp = existing ? existing.counts.registered + existing.counts.remindOnly : 0;
  return (
    <Screen
      title={existing ? "Sửa buổi đăng ký" : "Tạo buổi đăng ký"}
      back
      testId={existing ? "event-edit-page" : "event-form-page"}
    >
      <Card>
        <Field label="Tên buổi">
          {/* Two lines: a long title ("Ngày hội … thôn Trung") stays readable on a 360-px screen. */}
          <textarea
            className="text-input"
            rows={2}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="event-title"
          />
        </Field>
        <Field label="Địa điểm">
          <input
            className="text-input"
            value={place}
            placeholder="Ví dụ: Hội trường UBND xã"
            onChange={(e) => setPlace(e.target.value)}
            data-testid="event-place"
          />
        </Field>
        <Field label="Ngày" hint={<span data-testid="event-day-words">{describeInputDay(day)}</span>}>
          <input
            className="text-input"
            type="date"
            value={day}
            onChange={(e) => setDay(e.target.value)}
            data-testid="event-day"
          />
        </Field>
        <div className="field-row">
          <Field label="Bắt đầu">
            <input
              className="text-input"
              type="time"
              value={start}
              onChange={(e) => setStart(e.target.value)}
              data-testid="event-start"
            />
          </Field>
          <Field label="Kết thúc">
            <input
              className="text-input"
              type="time"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
              data-testid="event-end"
            />
          </Field>
        </div>
        <Field label="Số chỗ">
          <Stepper
            label="Số chỗ"
            value={capacity}
            onChange={setCapacity}
            min={Math.max(1, existing?.counts.registered ?? 0)}
            max={5000}
          />
        </Field>
        <Field label="Cần mang theo">
          <textarea className="text-input" rows={2} value={bring} onChange={(e) => setBring(e.target.value)} />
        </Field>
        <Field label="Phối hợp với">
          <input className="text-input" value={organisedWith} onChange={(e) => setOrganisedWith(e.target.value)} />
        </Field>
        {/* Residents read these texts in the announcement, which may go out as soon as the event is saved. */}
        <PrivacyNotice text={[title, place, bring, organisedWith].join("\n")} />
      </Card>
      {existing ? (
        <Card title="Dành cho đơn vị">
          <p>{existing.units.map((u) => u.name).join(", ")}</p>
          <p className="muted">Không đổi được đơn vị sau khi đã tạo buổi.</p>
          {signedUp > 0 ? (
            <p className="muted" data-testid="event-edit-notice">
              Nếu đổi ngày giờ hoặc địa điểm, {signedUp} người đã đăng ký sẽ được báo qua Zalo.
            </p>
          ) : null}
        </Card>
      ) : (
        <Card title="Dành cho đơn vị">
          <UnitMultiPicker
            units={units.data ? inScopeUnits : null}
            loading={units.loading}
            error={units.error}
            selected={unitCodes}
            onToggle={toggle}
          />
          <label className="check-row">
            <input type="checkbox" checked={announce} onChange={(e) => setAnnounce(e.target.checked)} />
            <span>Thông báo ngay qua OA cho người dân các đơn vị này (trong khung 7 ngày của Zalo)</span>
          </label>
        </Card>
      )}
      <ErrorText>{error}</ErrorText>
      <Button fullWidth size="large" loading={busy} onClick={save} data-testid="save-event">
        {existing ? "Lưu thay đổi" : "Tạo buổi đăng ký"}
      </Button>
    </Screen>
  );
}
