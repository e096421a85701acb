import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const MINIAPP_DIR = resolve(REPO_ROOT, "miniapp");
const BUILD_TIMEOUT_MS = 90_000;

export interface MiniAppBuildOptions {
  outDir: string;
  apiUrl: string;
  signinUrl: string;
}

/** `vite build` of the mini-app with the given API and sign-in URLs baked in (Vite reads `VITE_*` at build time). */
export function buildMiniApp({ outDir, apiUrl, signinUrl }: MiniAppBuildOptions): void {
  const vite = resolve(REPO_ROOT, "node_modules/vite/bin/vite.js");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    {
      cwd: MINIAPP_DIR,
      env: { ...process.env, VITE_API_URL: apiUrl, VITE_ZALO_SIGNIN_URL: signinUrl, NODE_ENV: "production" },
      encoding: "utf8",
      timeout: BUILD_TIMEOUT_MS,
    },
  );
  if (result.status !== 0) {
    throw new Error(`mini-app build failed (${result.status ?? result.signal}):\n${result.stderr}\n${result.stdout}`);
  }
}
