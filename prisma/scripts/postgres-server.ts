import pg from "pg";

/** Used by the db:* scripts when DATABASE_URL is not set, outside production. */
export const DEV_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/xks";
/** Every PostgreSQL server has it; CREATE/DROP DATABASE must run from a database other than the target. */
const MAINTENANCE_DATABASE = "postgres";

/** A problem the db:* scripts report as one line, without a stack trace. */
export class DatabaseToolError extends Error {
  override name = "DatabaseToolError";
}

/**
 * The database URL the db:* scripts work on: DATABASE_URL, or the local development database.
 * Production must say which database it means: a deploy never falls back to a default.
 */
export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    parseDatabaseUrl(url);
    return url;
  }
  if (env.NODE_ENV === "production") throw new DatabaseToolError("DATABASE_URL is missing");
  return DEV_DATABASE_URL;
}

export function parseDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseToolError("DATABASE_URL is not a valid URL");
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new DatabaseToolError(`DATABASE_URL must start with postgresql:// (got ${parsed.protocol}//)`);
  }
  return parsed;
}

/** The name of the database a URL points at. */
export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(parseDatabaseUrl(url).pathname.replace(/^\//, ""));
  if (!name) throw new DatabaseToolError("DATABASE_URL names no database (expected …/<database>)");
  return name;
}

/** The same server, user and options, another database. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = parseDatabaseUrl(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Where a URL points, without its password, for messages. */
export function describeServer(url: string): string {
  const parsed = parseDatabaseUrl(url);
  return `${parsed.hostname || "localhost"}:${parsed.port || "5432"}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs statements on the server's maintenance database; connection failures become one clear line. */
async function withMaintenanceClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabaseName(url, MAINTENANCE_DATABASE) });
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseToolError(`Cannot connect to PostgreSQL at ${describeServer(url)}: ${(error as Error).message}`);
  }
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database `url` names unless it exists. Returns true when it was created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  return withMaintenanceClient(url, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      // Another process may have created it between the check and the CREATE (42P04 duplicate_database).
      if ((error as { code?: string }).code === "42P04") return false;
      throw new DatabaseToolError(`Cannot create database "${name}": ${(error as Error).message}`);
    }
    return true;
  });
}

/** Creates a database that must not exist yet (scratch databases). */
export async function createDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  await withMaintenanceClient(url, async (client) => {
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  });
}

/** Drops a database, closing its connections first (WITH FORCE, PostgreSQL 13+). */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  await withMaintenanceClient(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  });
}

/** Runs one query on the database `url` names. */
export async function queryDatabase<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Prints a script's failure as one line and sets a failing exit code; shows the stack only for bugs. */
export function reportScriptFailure(error: unknown, exitCode = 1): void {
  process.stderr.write(`error: ${describeFailure(error)}\n`);
  process.exitCode = exitCode;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof DatabaseToolError || error.name === "PrismaCommandError") return error.message;
  if (error.name.startsWith("PrismaClient")) {
    // Prisma Client messages start with a code excerpt; the cause is the last line.
    const cause = error.message.trim().split("\n").at(-1) ?? error.message;
    const code = (error as { code?: string }).code;
    const hint = code === "P1003" || code === "P2021" ? " (run `npm run db:migrate` first)" : "";
    return `${code ? `${code} ` : ""}${cause.trim()}${hint}`;
  }
  return error.stack ?? error.message;
}
