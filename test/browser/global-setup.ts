/**
 * Before the browser tests: find Chromium (installing Debian's package when running as root on a
 * machine without one, as CI does), make sure dist/ is built (`npm test` builds it first), and copy
 * it aside, so that a build started meanwhile (another terminal, a benchmark) cannot swap the files
 * under a running test.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { DIST, ROOT, findChromium } from "./harness";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string;
    /** A copy of dist/ taken before the tests started: serve this, not dist/. */
    distDir: string;
  }
}

function installChromium(): void {
  console.log("Chromium not found: installing Debian's chromium package (apt-get install -y chromium)...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
}

function ensureChromium(): string {
  let path = findChromium();
  if (!path && process.platform === "linux" && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    installChromium();
    path = findChromium();
  }
  if (!path) {
    throw new Error(
      "The browser tests need Chromium and none was found. Install it (Debian/Ubuntu: sudo apt-get install -y chromium; " +
        "elsewhere: any Chromium or Chrome) or point CHROMIUM_PATH at its executable.",
    );
  }
  return path;
}

function ensureBuilt(): void {
  if (existsSync(join(DIST, "index.html"))) return;
  console.log("dist/index.html is missing: building the page (vite build)...");
  execFileSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build"], { cwd: ROOT, stdio: "inherit" });
}

export default function setup(project: TestProject): () => void {
  project.provide("chromiumPath", ensureChromium());
  ensureBuilt();
  const distDir = mkdtempSync(join(tmpdir(), "gossipscope-dist-"));
  cpSync(DIST, distDir, { recursive: true });
  project.provide("distDir", distDir);
  return () => rmSync(distDir, { recursive: true, force: true });
}
