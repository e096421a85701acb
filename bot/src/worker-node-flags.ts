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
 *
 * Why nothing else (issue 13: `npm run bench -- broadcast-fanout`, 100,000 recipients after 10,000, 2 workers, runs
 * alternated on the shared 2-core machine; figures are deliveries/s, peak RSS ratio 100k/10k, worker CPU per
 * delivery, the last the steadiest when the neighbours' load swings):
 * - The limit does not shrink the young generation: node sizes it from the machine's memory, and new space is
 *   32 MB (two 16 MB semi-spaces) with or without `--max-old-space-size=256`. What the limit changes is how far
 *   the old generation may grow between mark-compacts: about 160 of them per run with it, 30 without.
 * - With the OA client on fetch, a bigger semi-space saved about 10% of the worker's CPU (a scavenge copies what is
 *   in flight, so fewer, larger ones cost less) but raised RSS, and did not reach 2,000/s: 256 MB alone 615, 998,
 *   1,984, 1,995/s (734, 719, 562, 556 µs); `--max-semi-space-size=32` 842, 1,579/s (667, 622 µs), 255 MB;
 *   `=64` 869, 1,221/s (645, 647 µs), 320 MB; ratios 0.93 to 1.05 in all of them.
 * - The cost was fetch itself (undici's Request, Response, web streams and AbortSignals were about half the
 *   worker's CPU and most of its garbage). Over node:http (`zalo/request-zalo-json.ts`), with this limit alone:
 *   3,009, 3,111, 3,150, 3,334, 3,025/s (204 to 233 µs), RSS ratio 0.91 to 1.06 at about 210 MB, and 3,147/s
 *   (ratio 0.99) without the GC probe. A 32 MB semi-space then gains about 5% (3,306, 3,266, 3,255/s; 201 to
 *   211 µs) for 30 MB more RSS; without any limit RSS is flat too (3,437/s, ratio 0.97). The limit stays, as the
 *   guard against a leak, at no measurable price.
 */
export const WORKER_HEAP_LIMIT_MB = 256;

export const WORKER_NODE_FLAGS: readonly string[] = [`--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`];
