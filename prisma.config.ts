// Prisma 6.19 with its WebAssembly schema engine: works offline, where Prisma cannot download engines.
// The adapter reads DATABASE_URL at the moment a command needs a database, not at import time.
import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./prisma/scripts/migration-adapter.ts";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // Overridable so `db:check` and `db:migration` can work on a copy (tests point them at a drifted schema).
  schema: process.env.XKS_PRISMA_SCHEMA ?? "prisma/schema.prisma",
  migrations: { path: process.env.XKS_PRISMA_MIGRATIONS_DIR ?? "prisma/migrations" },
  adapter: async () =>
    createMigrationAdapter(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
});
