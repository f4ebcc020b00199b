import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// base "./": every URL in dist/ is relative, so the site works from any sub-path of any static host.
export default defineConfig({
  base: "./",
  plugins: [react()],
  worker: { format: "es" },
  build: { outDir: "dist", target: "es2022", sourcemap: false },
});
