// `npm run db:migration -- <name> [--schema <file> --migrations <dir>]`: writes the SQL that brings the
// migrations up to schema.prisma into prisma/migrations/<UTC timestamp>_<name>/migration.sql.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseDriftCliArgs } from "./drift-cli-args.ts";
import { DatabaseToolError, reportScriptFailure, resolveDatabaseUrl } from "./postgres-server.ts";
import { diffMigrationsAgainstSchema } from "./schema-drift.ts";

try {
  const { schemaPath, migrationsDir, positionals } = parseDriftCliArgs(process.argv.slice(2));
  const name = toSnakeName(positionals.join(" "));
  if (!name) throw new DatabaseToolError("usage: npm run db:migration -- <name>   (e.g. add_unit_phone)");
  const timestamp = nextMigrationTimestamp(new Date(), readdirSync(migrationsDir));

  const drift = await diffMigrationsAgainstSchema({ serverUrl: resolveDatabaseUrl(), schemaPath, migrationsDir });
  if (!drift.hasChanges) {
    process.stdout.write("no changes: the migrations already match schema.prisma\n");
  } else {
    const dir = join(migrationsDir, `${timestamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), `${drift.sql}\n`);
    process.stdout.write(`created ${relative(process.cwd(), join(dir, "migration.sql"))}\n${drift.sql}\n`);
  }
} catch (error) {
  reportScriptFailure(error);
}

/** "Add unit phone" / "thêm số điện thoại" → add_unit_phone / them_so_dien_thoai. */
function toSnakeName(input: string): string {
  return input
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
}

/** UTC yyyymmddHHMMSS. Prisma applies migrations in name order, so a new one must sort after the existing ones. */
function nextMigrationTimestamp(now: Date, existing: string[]): string {
  const timestamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const latest = existing
    .filter((entry) => /^\d{14}_/.test(entry))
    .sort()
    .at(-1);
  if (latest && latest.slice(0, 14) >= timestamp) {
    throw new DatabaseToolError(`the latest migration ${latest} is not older than now (${timestamp}): check the clock`);
  }
  return timestamp;
}
