import type { Unit } from "@xks/shared/api/units";
import { searchUnits, unitSearchLabel } from "@xks/shared/text/unit-search";
import { useState } from "react";
import { Chip } from "./form-controls.tsx";
import { EmptyState, ErrorText, Loading } from "./screen.tsx";

/**
 * Several units out of the organisation tree: the chosen ones stay on top as chips (tap to remove), a search
 * narrows the long list of checkboxes below. A 2023 name ("hoang dao") finds the commune it is part of today,
 * labelled so the secretary sees why. Used wherever a form targets units: notices, quizzes, registration days.
 */
export function UnitMultiPicker({
  units,
  loading = false,
  error = null,
  selected,
  onToggle,
  communesOnly = false,
}: {
  /** null while loading. */
  units: readonly Unit[] | null;
  loading?: boolean;
  error?: string | null;
  selected: readonly string[];
  onToggle(code: string): void;
  /**
   * Communes and towns only (units without sub-units): a notice to a district union's own code would reach none of
   * its communes' residents, "Tất cả" does.
   */
  communesOnly?: boolean;
}) {
  const [filter, setFilter] = useState("");
  const parents = new Set((units ?? []).flatMap((u) => (u.parentCode ? [u.parentCode] : [])));
  const shown = searchUnits(
    (units ?? []).filter((u) => !communesOnly || !parents.has(u.code)),
    filter,
  );
  return (
    <div className="unit-picker">
      {selected.length > 0 ? (
        <div className="chips chips-selected-units" data-testid="selected-units">
          {selected.map((code) => (
            <Chip key={code} selected onToggle={() => onToggle(code)}>
              {units?.find((u) => u.code === code)?.name ?? code}
            </Chip>
          ))}
        </div>
      ) : null}
      <input
        className="text-input"
        name="unit-search"
        type="search"
        aria-label="Tìm xã/phường"
        placeholder="Tìm xã/phường, ví dụ: hoang dao"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {loading && !units ? <Loading /> : null}
      <ErrorText>{error}</ErrorText>
      <ul className="plain-list unit-choices" data-testid="unit-choices">
        {shown.map(({ unit, formerName }) => (
          <li key={unit.code}>
            <label className="check-row unit-choice">
              <input
                type="checkbox"
                value={unit.code}
                checked={selected.includes(unit.code)}
                onChange={() => onToggle(unit.code)}
              />
              <span>
                {communesOnly ? "" : "\u00a0\u00a0".repeat(unit.depth)}
                {unitSearchLabel(unit.name, formerName)}
              </span>
            </label>
          </li>
        ))}
        {units && shown.length === 0 ? <EmptyState>Không tìm thấy xã/phường nào.</EmptyState> : null}
      </ul>
    </div>
  );
}
