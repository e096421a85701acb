import type { Unit } from "@xks/shared/api/units";
import { searchUnits, unitSearchLabel } from "@xks/shared/text/unit-search";
import { useMemo, useState } from "react";

/**
 * One unit out of the organisation tree: a search box (a commune's 2023 name finds the commune it is part of today,
 * labelled so the reader sees why) above a native select, indented by depth. The chosen unit stays listed whatever
 * is typed, so the select never shows a value it cannot display. Native controls: on a cheap Android phone they
 * are the pickers people already know.
 */
export function UnitSelect({
  units,
  value,
  onChange,
  selectLabel,
  searchLabel = "Tìm xã/phường",
  placeholder = "Tìm xã/phường, ví dụ: hoang dao",
  emptyOption = "— Chọn xã/phường —",
  name,
}: {
  /** The units to choose from (already filtered by the caller: scope, the request's own unit…). */
  units: readonly Unit[];
  value: string;
  onChange: (code: string) => void;
  /** The select's accessible name. */
  selectLabel: string;
  searchLabel?: string;
  placeholder?: string;
  emptyOption?: string;
  /** Form field name of the select; the search box is `<name>-search`. */
  name?: string;
}) {
  const [filter, setFilter] = useState("");
  const hits = useMemo(() => searchUnits(units, filter), [units, filter]);
  const chosen = value && !hits.some((h) => h.unit.code === value) ? units.find((u) => u.code === value) : undefined;
  return (
    <>
      <input
        className="text-input"
        type="search"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        aria-label={searchLabel}
        placeholder={placeholder}
        {...(name ? { name: `${name}-search` } : {})}
      />
      <select
        className="native-select"
        aria-label={selectLabel}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...(name ? { name } : {})}
      >
        <option value="">{emptyOption}</option>
        {chosen ? <option value={chosen.code}>{chosen.name}</option> : null}
        {hits.map(({ unit, formerName }) => (
          <option key={unit.code} value={unit.code}>
            {"\u00a0\u00a0".repeat(unit.depth)}
            {unitSearchLabel(unit.name, formerName)}
          </option>
        ))}
      </select>
    </>
  );
}
