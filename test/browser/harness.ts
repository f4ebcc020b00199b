/**
 * Shared by the browser tests and the browser benchmarks: a static server for dist/ under a sub-path
 * with a strict CSP header, a Chromium launcher, and a watcher that records every console error,
 * page error, CSP violation and request to another origin. Node built-ins and playwright-core only.
 */
import { existsSync, mkdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
export const DIST = join(ROOT, "dist");
export const SCREENSHOTS = join(ROOT, "test-results", "screenshots");

/** Where Chromium usually is; CHROMIUM_PATH comes first. */
export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * The policy the server sends, written out here rather than read from the build so a weakened
 * <meta> policy cannot weaken the test as well. frame-ancestors only works as a header.
 */
export const SERVER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

export interface StaticServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The app's address: origin + base. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` at `base` (a sub-path, as on GitHub Pages), nothing elsewhere. Bound to 127.0.0.1 on
 * a free port. Every response carries SERVER_CSP and nosniff, so a wrong MIME type fails too.
 */
export async function serveDist(options: { root?: string; base?: string } = {}): Promise<StaticServer> {
  const root = resolve(options.root ?? DIST);
  const base = options.base ?? "/gossipscope/demo/";
  if (!existsSync(join(root, "index.html"))) throw new Error(`${root}/index.html is missing: run npm run build first`);
  const server = createServer(async (req, res) => {
    const headers = { "Content-Security-Policy": SERVER_CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" };
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path === base.slice(0, -1)) {
      res.writeHead(301, { ...headers, Location: base }).end();
      return;
    }
    const file = path.startsWith(base) ? resolve(root, "." + sep + path.slice(base.length)) : null;
    const target = file && (file === root || file.startsWith(root + sep)) ? file : null;
    try {
      const found = target && (await stat(target)).isDirectory() ? join(target, "index.html") : target;
      if (!found || (req.method !== "GET" && req.method !== "HEAD")) throw new Error("not served");
      const body = await readFile(found);
      res.writeHead(200, { ...headers, "Content-Type": MIME[extname(found)] ?? "application/octet-stream" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end("not found");
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: origin + base,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * Flags for a quiet, reproducible headless Chromium: no GPU, no background traffic to Google (it would
 * show up as foreign requests), no QUIC. Playwright gives every launch a fresh temporary profile (its
 * own --user-data-dir, which it does not let callers pass to launch()).
 */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function launchChromium(executablePath?: string): Promise<Browser> {
  const path = executablePath ?? findChromium();
  if (!path) throw new Error("Chromium not found: set CHROMIUM_PATH, or install it (Debian: apt-get install -y chromium)");
  return chromium.launch({ executablePath: path, args: CHROMIUM_FLAGS });
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  foreignRequests: string[];
}

/**
 * Starts recording what went wrong on `page`. Call before the first navigation. `read()` also
 * collects the securitypolicyviolation events the page saw (Chromium logs most of them to the
 * console too, but not all).
 */
export async function watchPage(page: Page, origin: string): Promise<{ read(): Promise<PageProblems> }> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [], foreignRequests: [] };
  page.on("console", (m) => {
    const text = m.text();
    if (/Content.Security.Policy/i.test(text)) problems.cspViolations.push(text);
    else if (m.type() === "error") problems.consoleErrors.push(text);
  });
  page.on("pageerror", (e) => problems.pageErrors.push(String(e)));
  page.on("request", (r) => {
    const url = r.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (new URL(url).origin !== origin) problems.foreignRequests.push(url);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { gossipscopeCspViolations: string[] }).gossipscopeCspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
  });
  return {
    async read() {
      const inPage = await page
        .evaluate(() => (globalThis as unknown as { gossipscopeCspViolations?: string[] }).gossipscopeCspViolations ?? [])
        .catch(() => [] as string[]);
      return { ...problems, cspViolations: [...problems.cspViolations, ...inPage] };
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
