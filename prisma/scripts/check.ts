// `npm run db:check [-- --schema <file> --migrations <dir>]`: fails (exit 1) when schema.prisma describes
// something prisma/migrations do not create, and prints the missing SQL. Exit 2 when the check cannot run.
import { parseDriftCliArgs } from "./drift-cli-args.ts";
import { reportScriptFailure, resolveDatabaseUrl } from "./postgres-server.ts";
import { diffMigrationsAgainstSchema } from "./schema-drift.ts";

try {
  const { schemaPath, migrationsDir } = parseDriftCliArgs(process.argv.slice(2));
  const drift = await diffMigrationsAgainstSchema({ serverUrl: resolveDatabaseUrl(), schemaPath, migrationsDir });
  if (drift.hasChanges) {
    process.stderr.write(
      `error: ${schemaPath} and ${migrationsDir} disagree. Create a migration with \`npm run db:migration -- <name>\`.\n` +
        "SQL missing from the migrations:\n",
    );
    process.stdout.write(`${drift.sql}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write("ok: schema.prisma and the migrations agree\n");
  }
} catch (error) {
  reportScriptFailure(error, 2);
}
