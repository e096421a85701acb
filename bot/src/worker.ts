// The worker process (`npm run start:worker`): runs every queue until SIGINT/SIGTERM.
import { ConfigError, loadConfig } from "./config.ts";
import { heartbeatKey, startWorkerHeartbeat } from "./worker-heartbeat.ts";
import { startWorkers } from "./worker-runtime.ts";

try {
  const config = loadConfig();
  const runtime = await startWorkers({ config });
  const heartbeat = startWorkerHeartbeat(runtime, heartbeatKey(config.QUEUE_PREFIX));
  runtime.ctx.log.info({ queues: runtime.workers.map((w) => w.name) }, "worker started");
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      runtime.ctx.log.info({ signal }, "worker stopping");
      heartbeat
        .stop()
        .then(() => runtime.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
