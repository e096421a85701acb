// `npm run db:seed`: upserts the demo and reference data into DATABASE_URL (run `npm run db:migrate` first).
import { createPrisma } from "../../bot/src/db.ts";
import { databaseNameOf, describeServer, reportScriptFailure, resolveDatabaseUrl } from "./postgres-server.ts";
import { seedDemoData } from "./seed-demo-data.ts";

try {
  const url = resolveDatabaseUrl();
  const prisma = createPrisma(url);
  try {
    const summary = await seedDemoData(prisma);
    process.stdout.write(
      `ok: seeded "${databaseNameOf(url)}" on ${describeServer(url)}: ${summary.units} units, ${summary.members} members, ` +
        `${summary.contentItems} content items, ${summary.assistanceLogs} assistance logs\n`,
    );
  } finally {
    await prisma.$disconnect();
  }
} catch (error) {
  reportScriptFailure(error);
}
