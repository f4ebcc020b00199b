import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

/**
 * The page's Content-Security-Policy: everything from its own origin, no inline script or style, no
 * eval, workers from files only. (frame-ancestors, report-uri and sandbox are ignored in a <meta>
 * policy, so they are left to the host's headers.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/**
 * Adds the CSP <meta> to the built page only: in dev the React plugin injects an inline preamble
 * script (fast refresh) that the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: "gossipscope-csp",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY }, injectTo: "head-prepend" }],
    },
  };
}

// base "./": every URL in dist/ is relative, so the site works from any sub-path of any static host.
export default defineConfig({
  base: "./",
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: "es" },
  build: { outDir: "dist", target: "es2022", sourcemap: false },
});
