import pg from "pg";

/**
 * Prisma's codes for a database it cannot reach or lost: P1001 unreachable, P1002 timed out, P1008 operation timed
 * out, P1017 the server closed the connection, P2024 no connection free in the pool in time.
 */
const PRISMA_UNAVAILABLE_CODES: ReadonlySet<string> = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** What the driver adapter reports under `meta.driverAdapterError.cause.kind` when the connection is the problem. */
const ADAPTER_UNAVAILABLE_KINDS: ReadonlySet<string> = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
/** Node's socket errors: the service is down, restarting, or the network between is. */
const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
/**
 * node-postgres's and ioredis's messages for a connection lost or never made (they carry no code), and ioredis's
 * error for a command given up while Redis is away.
 */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Connection is closed|Stream isn't writeable)/;

/**
 * Whether an error says that PostgreSQL or Redis is away (down, restarting, out of connections), not that the
 * request was wrong: the request may succeed if retried shortly, so the API answers 503 with Retry-After rather
 * than 500. Looks through `cause` chains, as Prisma and our own wrappers nest the driver's error.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
  if (typeof e.code === "string") {
    if (PRISMA_UNAVAILABLE_CODES.has(e.code) || SOCKET_ERROR_CODES.has(e.code)) return true;
    // SQLSTATE 08 connection exception, 53 insufficient resources, 57P01–57P03 shutting down or starting.
    if (error instanceof pg.DatabaseError && /^(08|53|57P0[1-3])/.test(e.code)) return true;
  }
  if (e.name === "PrismaClientInitializationError" || e.name === "MaxRetriesPerRequestError") return true;
  const adapterKind = (e.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined)
    ?.driverAdapterError?.cause?.kind;
  if (typeof adapterKind === "string" && ADAPTER_UNAVAILABLE_KINDS.has(adapterKind)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  return isDependencyUnavailable(e.cause, depth + 1);
}
