// A broadcast worker in its own process, so a test can SIGKILL it mid-send like a crashed host:
// no graceful shutdown, in-flight HTTP requests and database writes simply stop.
import { loadConfig } from "../../bot/src/config.ts";
import { startWorkers } from "../../bot/src/worker-runtime.ts";

const config = loadConfig(process.env);
await startWorkers({ config, queues: ["broadcast"], recurring: false, zalo: { requestTimeoutMs: 2_000 } });
process.send?.("ready");
// SIGTERM (a profiled bench run ends) exits at once, so that `node --cpu-prof` writes its profile; tests use SIGKILL.
process.on("SIGTERM", () => process.exit(0));
if (process.env.BENCH_MEMORY_LOG) {
  setInterval(() => {
    // With BENCH_WORKER_NODE_FLAGS="--expose-gc" the figures are the live heap, after a full collection.
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1048576);
    process.stderr.write(
      `MEM ${process.pid} rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} ext ${mb(m.external)} ab ${mb(m.arrayBuffers)}\n`,
    );
  }, 3000).unref();
}
