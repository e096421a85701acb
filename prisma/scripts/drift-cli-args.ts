import { parseArgs } from "node:util";
import { DatabaseToolError } from "./postgres-server.ts";
import { MIGRATIONS_DIR, SCHEMA_PATH } from "./prisma-cli.ts";

export interface DriftCliArgs {
  schemaPath: string;
  migrationsDir: string;
  positionals: string[];
}

/**
 * `--schema <file>` and `--migrations <dir>` (or XKS_PRISMA_SCHEMA / XKS_PRISMA_MIGRATIONS_DIR, the same
 * variables prisma.config.ts reads) let db:check and db:migration work on a copy; the repository's by default.
 */
export function parseDriftCliArgs(argv: string[], env: Record<string, string | undefined> = process.env): DriftCliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new DatabaseToolError((error as Error).message);
  }
  return {
    schemaPath: parsed.values.schema ?? env.XKS_PRISMA_SCHEMA ?? SCHEMA_PATH,
    migrationsDir: parsed.values.migrations ?? env.XKS_PRISMA_MIGRATIONS_DIR ?? MIGRATIONS_DIR,
    positionals: parsed.positionals,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { schema: { type: "string" }, migrations: { type: "string" } },
  });
}
