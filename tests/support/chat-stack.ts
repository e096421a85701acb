import type { QueueName } from "../../bot/src/queues/queues.ts";
import { startWorkers, type WorkerRuntime } from "../../bot/src/worker-runtime.ts";
import { createTestApp, type TestApp } from "./test-app.ts";
import { type RunningEmulator, startZaloEmulator } from "./zalo-emulator.ts";

/** What a resident's chat runs on in a test: the Zalo emulator, the app pointed at it, and the workers. */
export interface ChatStack {
  emu: RunningEmulator;
  t: TestApp;
  runtime: WorkerRuntime;
}

/** Starts the emulator, the app on its URLs (plus `env`) and the conversation's workers (inbound and outbound). */
export async function startChatStack(
  options: { env?: Record<string, string>; queues?: QueueName[] } = {},
): Promise<ChatStack> {
  const emu = await startZaloEmulator();
  const t = await createTestApp({ ...emu.env, ...options.env });
  const runtime = await startWorkers({
    config: t.config,
    queues: options.queues ?? ["inbound", "outbound"],
    recurring: false,
  });
  return { emu, t, runtime };
}

/** Empties the stack's queues (its prefix is the test's own) and stops it, workers first. */
export async function stopChatStack({ emu, t, runtime }: ChatStack): Promise<void> {
  await Promise.all(Object.values(runtime.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await runtime.close();
  await t.close();
  await emu.close();
}
