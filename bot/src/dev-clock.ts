import type { Logger } from "pino";

/**
 * Development only (config DEV_CLOCK_URL, which `npm run dev` sets and production refuses): the Zalo emulator's
 * clock as the server's and worker's "now", so a person trying the product can move the emulator a day forward
 * (`POST /_emulator/clock`) and see the day-before reminder, the quiet hours or a quiz closing without waiting.
 *
 * The emulator's clock is real time plus an offset. The link reads that offset once at start-up and again every
 * DEV_CLOCK_REFRESH_MS; `now()` is real time plus the last offset read, never a network call. A change of at least
 * DEV_CLOCK_MOVE_MIN_MS is a move (smaller ones are the request's own latency) and is reported to `onMove`, so the
 * worker can run its scans at once instead of at their next real-time tick.
 */

export const DEV_CLOCK_REFRESH_MS = 2_000;
/** Reading the offset over HTTP on one machine is off by the request's latency, a few ms: not a move. */
export const DEV_CLOCK_MOVE_MIN_MS = 1_000;
const READ_TIMEOUT_MS = 1_500;

export interface DevClock {
  now(): Date;
  /** Emulated minus real time, as last read. */
  offsetMs(): number;
  stop(): void;
}

export interface DevClockOptions {
  /** The emulator's `GET /_emulator/clock`, answering `{ now: <epoch ms> }`. */
  url: string;
  log: Pick<Logger, "info" | "warn">;
  /** Called after a move was read (with the new offset); errors are logged, never thrown. */
  onMove?: (offsetMs: number) => Promise<void> | void;
  refreshMs?: number;
}

export async function startDevClock({
  url,
  log,
  onMove,
  refreshMs = DEV_CLOCK_REFRESH_MS,
}: DevClockOptions): Promise<DevClock> {
  let offset = 0;
  let warned = false;

  const read = async (): Promise<number | null> => {
    const sentAt = Date.now();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { now?: unknown };
      if (typeof body.now !== "number" || !Number.isFinite(body.now)) throw new Error("no numeric `now` in the answer");
      warned = false;
      return Math.round(body.now - (sentAt + Date.now()) / 2);
    } catch (error) {
      // `npm run dev` starts the emulator beside us: until it answers, the clock is real time.
      if (!warned) log.warn({ url, err: (error as Error).message }, "emulator clock not read; using real time");
      warned = true;
      return null;
    }
  };

  const first = await read();
  if (first !== null && Math.abs(first) >= DEV_CLOCK_MOVE_MIN_MS) offset = first;
  log.info({ url, offsetMs: offset }, "following the emulator's clock (development only)");

  let refreshing = false;
  const timer = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    void (async () => {
      const next = await read();
      if (next === null || Math.abs(next - offset) < DEV_CLOCK_MOVE_MIN_MS) return;
      offset = Math.abs(next) < DEV_CLOCK_MOVE_MIN_MS ? 0 : next;
      log.info({ offsetMs: offset, now: new Date(Date.now() + offset).toISOString() }, "emulator clock moved");
      try {
        await onMove?.(offset);
      } catch (error) {
        log.warn({ err: (error as Error).message }, "could not act on the emulator clock's move");
      }
    })().finally(() => {
      refreshing = false;
    });
  }, refreshMs);
  timer.unref();

  return {
    now: () => new Date(Date.now() + offset),
    offsetMs: () => offset,
    stop: () => clearInterval(timer),
  };
}
