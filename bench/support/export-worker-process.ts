// The export worker in its own process (as in production, where the worker is its own container), so the bench
// can read its memory apart from the server's. Only the exports queue: the webhook events the bench sends stay
// queued, and nothing here calls Zalo.
import { loadConfig } from "../../bot/src/config.ts";
import { startWorkers } from "../../bot/src/worker-runtime.ts";

const config = loadConfig(process.env);
await startWorkers({ config, queues: ["exports"], recurring: false });
process.send?.("ready");
