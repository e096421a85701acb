import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import zaloMiniApp from "zmp-vite-plugin";

// No `root: "./src"` (Zalo's template has it): index.html sits here, so plain `vite build` finds the entry.
// zmp-vite-plugin writes `www/` with the app-config.json listing the assets Zalo loads.
export default defineConfig({
  plugins: [zaloMiniApp(), react()],
  build: { outDir: "www", emptyOutDir: true },
  server: { host: "127.0.0.1" },
});
