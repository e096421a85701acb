import type { ResolvedEmulatorOptions } from "./emulator-options.ts";
import type { EmulatorState } from "./emulator-state.ts";
import type { WebhookDeliverer } from "./webhook-deliverer.ts";

/** What every route plugin of the emulator shares. */
export interface EmulatorContext {
  readonly options: ResolvedEmulatorOptions;
  readonly state: EmulatorState;
  readonly deliverer: WebhookDeliverer;
}
