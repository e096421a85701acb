// `npm run db:migrate`: applies pending migrations to DATABASE_URL, creating the database if it does not exist.

import {
  databaseNameOf,
  describeServer,
  ensureDatabase,
  reportScriptFailure,
  resolveDatabaseUrl,
} from "./postgres-server.ts";
import { migrateDeploy } from "./prisma-cli.ts";

try {
  const url = resolveDatabaseUrl();
  const target = `"${databaseNameOf(url)}" on ${describeServer(url)}`;
  if (await ensureDatabase(url)) process.stdout.write(`created database ${target}\n`);
  migrateDeploy(url);
  process.stdout.write(`ok: migrations applied to ${target}\n`);
} catch (error) {
  reportScriptFailure(error);
}
