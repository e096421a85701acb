/**
 * The V8 flags the worker process runs with: `npm run start:worker` (package.json spells them out, and
 * tests/docker-compose.test.ts checks it against this list), the dev script, and the benches' worker processes.
 *
 * Why a heap limit: the worker's live heap stays near 45 MB however many residents a broadcast reaches (measured
 * with a forced GC every 3 s while sending 40,000), but V8 grows an uncapped heap with the allocation rate, so peak
 * RSS rose with the audience (256 MB at 4,000 recipients, 382 MB at 40,000). Under a limit V8 collects before it
 * grows and the peak stays flat (220 MB at both with 192 MB). 256 MB is five times the live heap: an export or a
 * burst of conversations has room, and a real leak still ends in a crash the container restarts (BullMQ then
 * retries the stalled jobs) instead of a slow climb.
 */
export const WORKER_HEAP_LIMIT_MB = 256;

export const WORKER_NODE_FLAGS: readonly string[] = [`--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`];
