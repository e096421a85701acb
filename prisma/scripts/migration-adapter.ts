import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * PostgreSQL catalog types that Prisma's migration engine reads but `@prisma/adapter-pg` 6.19 cannot decode:
 * "char" (18), name (19), regproc (24), xid (28), pg_node_tree (194). All are plain text on the wire.
 */
const CATALOG_TEXT_OIDS = new Set([18, 19, 24, 28, 194]);
const PG_TEXT_OID = 25;

/**
 * A pg client that reports catalog columns of internal text-like types (`name`, `"char"`, …) as `text`.
 *
 * Why: `@prisma/adapter-pg` 6.19 cannot deserialize OID 19 (prisma/prisma#27403), and the
 * WebAssembly schema engine reads such columns while it inspects `_prisma_migrations`.
 * Their text form is what the engine expects, so `text` is an exact stand-in.
 */
class CatalogFriendlyClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded query signature cannot be forwarded with types.
  override query(...args: any[]): any {
    // pg.Pool#query calls the client with a callback; the adapter's transactions await a promise.
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      args[last] = (err: Error | null, res: pg.QueryResult) => callback(err, res && retypeNameColumns(res));
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const result = (super.query as (...a: any[]) => any)(...args);
    if (result && typeof result.then === "function") return result.then(retypeNameColumns);
    return result;
  }
}

function retypeNameColumns(res: pg.QueryResult): pg.QueryResult {
  for (const field of res.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = PG_TEXT_OID;
  }
  return res;
}

/** The adapter that Prisma's CLI (migrate deploy, diff) uses through prisma.config.ts. */
export function createMigrationAdapter(connectionString: string): PrismaPg {
  // A pool config (not a Pool instance): the CLI may load its own copy of `pg`, so `instanceof` checks would fail.
  // The CLI never closes the pool: `allowExitOnIdle` lets each command exit as soon as it is done instead of
  // waiting out pg's 10-second idle timeout (`migrate diff` and `db pull` took 11 s instead of 1 s). `migrate deploy`
  // still lingers ~10 s after its work: a timer left running inside the WebAssembly schema engine.
  return new PrismaPg({ connectionString, Client: CatalogFriendlyClient, max: 2, allowExitOnIdle: true });
}
