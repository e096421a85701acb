// A complete worker (every queue, the recurring recover-* schedules) in its own process, as `npm run start:worker`
// runs it, so a scenario can SIGKILL it like a crashed host. Only Zalo's timeouts and pauses are shortened, so a
// dropped request or a -32 costs the suite seconds, not a minute.
import { loadConfig } from "../../../bot/src/config.ts";
import { startWorkers } from "../../../bot/src/worker-runtime.ts";

const config = loadConfig(process.env);
const runtime = await startWorkers({
  config,
  zalo: { requestTimeoutMs: 2_000, rateLimitPauseMs: 1_000, rateLimitMaxWaitMs: 2_000 },
});
process.once("SIGTERM", () => {
  runtime.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.send?.("ready");
