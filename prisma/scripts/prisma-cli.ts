import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SCHEMA_PATH = resolve(ROOT_DIR, "prisma/schema.prisma");
export const MIGRATIONS_DIR = resolve(ROOT_DIR, "prisma/migrations");

/**
 * Runs the Prisma CLI offline.
 *
 * Prisma 6.19 runs its schema engine as WebAssembly through the adapter in prisma.config.ts, and the
 * generated client needs no query engine ("client" engine type). The CLI still checks for a native
 * query-engine library at start and would try to download one; pointing PRISMA_QUERY_ENGINE_LIBRARY at any
 * existing file skips that check, and the file is never loaded.
 */
export function runPrisma(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const bin = resolve(ROOT_DIR, "node_modules/.bin/prisma");
  if (!existsSync(bin)) throw new Error("Prisma CLI not installed: run `npm install` first");
  const result = spawnSync(bin, args, {
    cwd: ROOT_DIR,
    encoding: "utf8",
    env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: SCHEMA_PATH, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Applies every pending migration in prisma/migrations to the database at `databaseUrl`. */
export function migrateDeploy(databaseUrl: string): void {
  const result = runPrisma(["migrate", "deploy"], { DATABASE_URL: databaseUrl });
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  }
}
