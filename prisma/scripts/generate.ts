// `npm run db:generate` (also run after `npm install`): writes the typed client to bot/src/generated/prisma.
import { runPrisma } from "./prisma-cli.ts";

const result = runPrisma(["generate"]);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exit(result.status);
