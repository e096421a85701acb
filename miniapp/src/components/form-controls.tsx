import type { ReactNode } from "react";
import { isoToVietnamLocal, vietnamLocalToIso } from "./vietnam-time.ts";

/**
 * Big, thumb-sized controls for forms filled standing in a courtyard: chips, a stepper, segmented choices, labelled
 * fields and the date-time picker in Vietnam time.
 * Plain buttons with `aria-pressed`, so screen readers and tests see their state.
 */

export function Chip({
  selected,
  onToggle,
  children,
  testId,
}: {
  selected: boolean;
  onToggle(): void;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className={selected ? "chip chip-selected" : "chip"}
      aria-pressed={selected}
      onClick={onToggle}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

export function Stepper({
  value,
  onChange,
  min = 1,
  max = 500,
  label,
}: {
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  label: string;
}) {
  const clamp = (n: number) => Math.min(max, Math.max(min, Number.isFinite(n) ? Math.round(n) : min));
  return (
    <fieldset className="stepper" aria-label={label}>
      <button type="button" aria-label="Bớt một" onClick={() => onChange(clamp(value - 1))} disabled={value <= min}>
        −
      </button>
      <input
        type="number"
        inputMode="numeric"
        aria-label={label}
        value={value}
        min={min}
        max={max}
        onChange={(e) => onChange(clamp(Number(e.target.value)))}
      />
      <button type="button" aria-label="Thêm một" onClick={() => onChange(clamp(value + 1))} disabled={value >= max}>
        +
      </button>
    </fieldset>
  );
}

export function Segmented<T extends string>({
  options,
  value,
  onChange,
  label,
  stacked = false,
}: {
  options: readonly { value: NoInfer<T>; label: string }[];
  value: T;
  onChange(value: NoInfer<T>): void;
  label: string;
  /** One option per row, full width: for labels too long to share a row on a 360 px phone. */
  stacked?: boolean;
}) {
  return (
    <fieldset className={stacked ? "segmented segmented-stacked" : "segmented"} aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          className={option.value === value ? "segment segment-selected" : "segment"}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}

export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="field-hint">{hint}</span> : null}
    </div>
  );
}

/**
 * The phone's date-and-time picker, in Vietnam time whatever the phone's zone (see `vietnam-time.ts`). Its value
 * is an ISO 8601 instant ("" for none), so pages never handle the picker's local strings.
 */
export function DateTimeInput({
  label,
  value,
  onChange,
  min,
  name,
}: {
  label: string;
  /** ISO 8601, or "" for no time yet. */
  value: string;
  onChange(iso: string): void;
  /** ISO 8601: the earliest time the picker offers. */
  min?: string;
  name?: string;
}) {
  return (
    <input
      className="text-input"
      type="datetime-local"
      aria-label={label}
      name={name}
      min={min ? isoToVietnamLocal(min) : undefined}
      value={value ? isoToVietnamLocal(value) : ""}
      onChange={(e) => onChange(vietnamLocalToIso(e.target.value))}
    />
  );
}

/** A labelled `DateTimeInput`. */
export function DateTimeField({ hint, ...input }: Parameters<typeof DateTimeInput>[0] & { hint?: ReactNode }) {
  return (
    <Field label={input.label} hint={hint}>
      <DateTimeInput {...input} />
    </Field>
  );
}

/** A file input that reads in Vietnamese whatever the phone's language (the native one says "Choose File"). */
export function FilePicker({
  label,
  accept,
  onFile,
  fileName,
}: {
  label: string;
  accept: string;
  onFile(file: File): void;
  fileName?: string | null;
}) {
  return (
    <label className="file-picker">
      <input
        type="file"
        accept={accept}
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = "";
        }}
      />
      <span className="file-picker-button">{label}</span>
      <span className="file-picker-name">{fileName ?? "Chưa chọn tệp"}</span>
    </label>
  );
}
