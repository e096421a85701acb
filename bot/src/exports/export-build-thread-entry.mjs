// The export build thread's entry (`write-export-file-in-thread.ts` starts it). Plain JavaScript, so it starts the
// same under every runner (tsx in production, vitest in tests): it lowers its own priority first, so that even
// loading the build's modules yields to the server, then loads the TypeScript build through tsx's require hook
// (the ESM loader would start one more thread for its hooks, about 15 MB more).
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { workerData } from "node:worker_threads";
import { register } from "tsx/cjs/api";

// On Linux a nice value belongs to a thread, so this leaves the worker's other queues at their priority; elsewhere
// it would lower the whole process, so it is left alone there.
if (process.platform === "linux") setPriority(0, workerData.nice);
register();
const { runExportBuildThread } = createRequire(import.meta.url)("./export-build-thread.ts");
await runExportBuildThread();
