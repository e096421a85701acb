import { buildEmulator } from "./build-emulator.ts";
import { EmulatorConfigError, loadEmulatorConfig } from "./emulator-config.ts";

/** Standalone runner: parse the environment, listen, close cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadEmulatorConfig(process.env);
  const { app, options } = await buildEmulator(config.options);
  await app.listen({ port: config.port, host: config.host });
  const base = options.publicUrl;
  console.log(
    [
      `Zalo emulator listening on ${base}`,
      `  chat page:   ${base}/chat`,
      `  sign-in:     ${base}/signin?redirect=<mini-app url>`,
      `  ZALO_OPENAPI_URL=${base}/openapi  ZALO_OAUTH_URL=${base}/oauth  ZALO_GRAPH_URL=${base}/graph`,
      `  webhooks → ${options.webhookUrl ?? "(disabled)"}`,
    ].join("\n"),
  );
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof EmulatorConfigError ? error.message : error);
  process.exit(1);
});
