import { MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import type { OutboundButton, OutboundMessage } from "../channel/messages.ts";
import { sortUnits, type UnitOption } from "./match-unit.ts";
import { replyButton } from "./render-step.ts";
import { BUTTON } from "./texts.ts";
import type { Turn } from "./turn.ts";

/** Units shown per page: three and "Xem thêm" make the four buttons a message can carry. */
const UNITS_PER_PAGE = MAX_BUTTONS_PER_MESSAGE - 1;

/**
 * Units in pages with "Xem thêm"; the resident's known commune comes first. `extra` buttons (e.g. "Bỏ qua") follow
 * the units on every page, within the four buttons a message carries.
 */
export function unitPage(turn: Turn, page: number, text: string, extra: OutboundButton[] = []): OutboundMessage {
  const sorted = sortUnits(turn.ctx.units);
  const known = sorted.find((u) => u.code === turn.state.unitCode);
  const ordered = known ? [known, ...sorted.filter((u) => u !== known)] : sorted;
  if (ordered.length + extra.length <= MAX_BUTTONS_PER_MESSAGE) {
    return { text, buttons: [...ordered.map(unitButton), ...extra] };
  }
  const perPage = UNITS_PER_PAGE - extra.length;
  const pages = Math.ceil(ordered.length / perPage);
  const index = page % pages;
  const slice = ordered.slice(index * perPage, (index + 1) * perPage);
  return { text, buttons: [...slice.map(unitButton), replyButton(BUTTON.more), ...extra] };
}

export function unitButton(unit: UnitOption): OutboundButton {
  return replyButton(unit.name.slice(0, 35), unit.name);
}
