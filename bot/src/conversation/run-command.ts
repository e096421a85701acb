import { askUnitChange } from "./ask-commune.ts";
import { moveTo, resume } from "./checklist-moves.ts";
import { entryTitle, startHelp } from "./help-flow.ts";
import { PROFILE_TEXT } from "./profile-texts.ts";
import type { GlobalCommand } from "./recognise-command.ts";
import { assertNever, replyButton } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import { currentButtons, findChecklist, showMenu, type Turn } from "./turn.ts";
import { unitPage } from "./unit-buttons.ts";

/**
 * Global commands work at any time, even while a checklist or the engine's own question waits for an answer.
 * `answeredEntryId`: the knowledge-base entry answered just before, what a volunteer asked for now is about.
 */
export function runCommand(turn: Turn, command: GlobalCommand, answeredEntryId?: string): void {
  const { state } = turn;
  const wasPending = state.pending;
  state.pending = null;
  switch (command) {
    case "menu":
      state.active = null;
      showMenu(turn);
      return;
    case "help":
      turn.say({ text: TEXT.help, buttons: [replyButton(BUTTON.menu), replyButton(BUTTON.help)] });
      return;
    case "restart": {
      const checklist = state.active ? findChecklist(turn, state.active.checklistId) : undefined;
      const first = checklist?.steps[0];
      if (!checklist || !first) {
        state.active = null;
        showMenu(turn);
        return;
      }
      moveTo(turn, checklist, first.id, { start: true, lead: fill(TEXT.restarted, { title: checklist.title }) });
      return;
    }
    case "resume":
      resume(turn);
      return;
    case "ask-volunteer":
      startHelp(turn, { about: entryTitle(turn, answeredEntryId) });
      return;
    case "change-unit":
      // Inside the help flow, the commune of this very request changes; elsewhere, the resident's profile.
      if (wasPending?.kind === "help-time" || wasPending?.kind === "help-unit") {
        state.pending = { kind: "help-unit", topic: wasPending.topic, page: 0 };
        turn.do({ type: "mark-unit-asked" });
        turn.say(unitPage(turn, 0, PROFILE_TEXT.askUnitChange));
        return;
      }
      askUnitChange(turn);
      return;
    case "stop-reminders":
      turn.do({ type: "set-reminders", optOut: true });
      turn.say({ text: TEXT.remindersOff, buttons: currentButtons(turn) });
      return;
    case "resume-reminders":
      turn.do({ type: "set-reminders", optOut: false });
      turn.say({ text: TEXT.remindersOn, buttons: currentButtons(turn) });
      return;
    case "delete-data":
      state.pending = { kind: "confirm-delete" };
      turn.say({
        text: TEXT.confirmDelete,
        buttons: [replyButton(BUTTON.confirmDelete), replyButton(BUTTON.keepData)],
      });
      return;
    default:
      assertNever(command);
  }
}

/** Confirmed "xóa dữ liệu của tôi": the state starts afresh (greeted, so the welcome is not repeated). */
export function deleteData(turn: Turn): void {
  turn.do({ type: "request-data-deletion" });
  turn.state = {
    v: 1,
    greeted: true,
    active: null,
    progress: {},
    pending: null,
    unitCode: null,
    answered: null,
    quiz: null,
  };
  turn.say({ text: TEXT.deleted, buttons: [replyButton(BUTTON.menu)] });
}
