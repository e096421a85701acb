// The server process (`npm run start:server`): only listens and handles signals; buildApp() builds everything.
import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";

try {
  const config = loadConfig();
  const app = await buildApp({ config });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, "server closing after an error");
    else app.log.info({ signal }, "server closing");
    await app.close();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
