import type { FastifyBaseLogger } from "fastify";
import type { Bindings, ChildLoggerOptions } from "pino";

type ChildOptions = ChildLoggerOptions<never>;
type LevelName = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

/** pino's numeric levels: a call logs when its level is at least the logger's. */
const LEVEL_VALUES: Record<LevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * A request's logger that becomes pino's child only when something is logged at an enabled level. Fastify makes
 * a child logger for every request, and pino serialises its bindings (the request id) through the redaction
 * paths at once: at the webhook's rate, where an accepted event logs nothing in production, that child costs a
 * twentieth of the route's CPU for lines that are never written. What is logged reads exactly as pino's child
 * would write it (same bindings, same level, same redaction): the child is made, once, by the first such call.
 */
class LazyRequestLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildOptions;
  readonly #threshold: number;
  #child: FastifyBaseLogger | undefined;
  readonly level: string;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
    this.level = options.level ?? parent.level;
    // "silent" (or a level of our own) is above every call.
    this.#threshold = (LEVEL_VALUES as Record<string, number | undefined>)[this.level] ?? Number.POSITIVE_INFINITY;
  }

  #log(level: LevelName, args: unknown[]): void {
    if (LEVEL_VALUES[level] < this.#threshold) return;
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    (this.#child[level] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.#log("fatal", args);
  }
  error(...args: unknown[]): void {
    this.#log("error", args);
  }
  warn(...args: unknown[]): void {
    this.#log("warn", args);
  }
  info(...args: unknown[]): void {
    this.#log("info", args);
  }
  debug(...args: unknown[]): void {
    this.#log("debug", args);
  }
  trace(...args: unknown[]): void {
    this.#log("trace", args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child.child(bindings, options);
  }
}

/** For `setChildLoggerFactory` in a route's plugin (encapsulated: other routes keep Fastify's default). */
export function lazyRequestLogger(
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
}
