// A broadcast worker in its own process, so a test can SIGKILL it mid-send like a crashed host:
// no graceful shutdown, in-flight HTTP requests and database writes simply stop.
import { loadConfig } from "../../bot/src/config.ts";
import { startWorkers } from "../../bot/src/worker-runtime.ts";

const config = loadConfig(process.env);
await startWorkers({ config, queues: ["broadcast"], recurring: false, zalo: { requestTimeoutMs: 2_000 } });
process.send?.("ready");
// SIGTERM (a profiled bench run ends) exits at once, so that `node --cpu-prof` writes its profile; tests use SIGKILL.
process.on("SIGTERM", () => process.exit(0));
