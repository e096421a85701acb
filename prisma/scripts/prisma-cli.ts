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
export function runPrisma(
  args: string[],
  env: Record<string, string> = {},
): { status: number; stdout: string; stderr: string } {
  const bin = resolve(ROOT_DIR, "node_modules/.bin/prisma");
  if (!existsSync(bin)) throw new Error("Prisma CLI not installed: run `npm install` first");
  const result = spawnSync(bin, args, {
    cwd: ROOT_DIR,
    encoding: "utf8",
    env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: SCHEMA_PATH, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Where a command finds the schema and the migrations; both default to the repository's. */
export interface PrismaPaths {
  schemaPath?: string;
  migrationsDir?: string;
}

/** The environment that points prisma.config.ts at other paths (see the overrides there). */
export function prismaPathsEnv({ schemaPath, migrationsDir }: PrismaPaths): Record<string, string> {
  return {
    ...(schemaPath ? { XKS_PRISMA_SCHEMA: resolve(schemaPath) } : {}),
    ...(migrationsDir ? { XKS_PRISMA_MIGRATIONS_DIR: resolve(migrationsDir) } : {}),
  };
}

/** A Prisma CLI command that failed; `message` is one line, `output` keeps everything the CLI printed. */
export class PrismaCommandError extends Error {
  constructor(
    readonly command: string,
    readonly output: string,
  ) {
    super(`prisma ${command} failed: ${summarisePrismaOutput(output)}`);
    this.name = "PrismaCommandError";
  }
}

/** The line of the CLI's output that says what went wrong (an error code line, else the last non-empty line). */
export function summarisePrismaOutput(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const codeLine = lines.find((line) => /^(Error: )?P\d{4}\b/.test(line) || /^Error:/.test(line));
  const index = codeLine ? lines.indexOf(codeLine) : -1;
  // "Error: P3018" and friends put the detail on the following lines; keep the first of them.
  const detail = index >= 0 && /^(Error: )?P\d{4}$/.test(codeLine ?? "") ? lines[index + 1] : undefined;
  return [codeLine, detail].filter(Boolean).join(" ") || lines.at(-1) || "no output";
}

/** Applies every pending migration (by default those in prisma/migrations) to the database at `databaseUrl`. */
export function migrateDeploy(databaseUrl: string, paths: PrismaPaths = {}): void {
  const result = runPrisma(["migrate", "deploy"], { DATABASE_URL: databaseUrl, ...prismaPathsEnv(paths) });
  if (result.status !== 0) throw new PrismaCommandError("migrate deploy", `${result.stdout}\n${result.stderr}`);
}
