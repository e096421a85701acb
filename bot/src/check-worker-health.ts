// The worker container's health check (docker-compose.yml): exits 0 when this host's worker has written its
// heartbeat in the last HEARTBEAT_TTL_MS (see worker-heartbeat.ts), 1 otherwise.
import { Redis } from "ioredis";
import { ConfigError, loadConfig } from "./config.ts";
import { heartbeatKey } from "./worker-heartbeat.ts";

const CHECK_TIMEOUT_MS = 3_000;

try {
  const config = loadConfig();
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    connectTimeout: CHECK_TIMEOUT_MS,
    lazyConnect: true,
  });
  redis.on("error", () => undefined);
  const beat = await redis
    .connect()
    .then(() => redis.get(heartbeatKey(config.QUEUE_PREFIX)))
    .catch(() => null);
  redis.disconnect();
  if (beat) {
    console.log(`worker healthy: last heartbeat ${Date.now() - Number(beat)} ms ago`);
    process.exit(0);
  }
  console.error("worker unhealthy: no recent heartbeat");
  process.exit(1);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : "worker health check failed");
  process.exit(1);
}
