/**
 * Browser benchmark (run by `npm run bench` after `npm run build`, not a test; it prints figures and
 * asserts nothing): the built page in headless Chromium without a GPU, at 100, 1,000, 5,000 and
 * 20,000 nodes on random 4-regular graphs (2 edges a node), and on rings from 1,000 nodes, with
 * gossip messages always in flight (at 20,000 with the gossip timers spread over the round, so that
 * the load holds steady, and the range of messages drawn while measuring is printed). For each size it
 * waits for the layout to settle, broadcasts a few values, then for MEASURE_MS counts the graph
 * painter's frames (it draws in a worker: its data-frames report) and records requestAnimationFrame
 * intervals inside the page, and prints the graph's frame rate, the page's median frame rate and its
 * 95th-percentile frame time. It also prints the JavaScript the page loads at start, gzipped, and the worker chunks,
 * and the time the Timeline takes to show 10 random moments of a 1,000-node run of 100 rounds
 * (from setting the slider to the clock showing that moment), and the frame rate with the space-time
 * diagram in view at 32 and 1,000 nodes. At every size, random and ring, it also prints the first
 * frame with the graph and the moment the layout settled (canvas data-layout "settled"), both in ms
 * from navigation as the page's own clock reads them.
 *
 *   node dist-cli/browser-bench.mjs [--sizes 100,1000,5000,20000] [--seconds 5] [--frames-only] [--busy-only] [--dist DIR]
 *
 * --busy-only prints only the main thread's busy rows; --dist serves another build (an A/B against
 * an older one built into its own directory).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { launchChromium, serveDist } from "../browser/harness";

/**
 * The built site. This file runs bundled as dist-cli/browser-bench.mjs, where the harness's own
 * source-relative DIST does not point at dist/: look next to dist-cli/, then in the working directory.
 */
const DIST_FOUND = [fileURLToPath(new URL("../dist", import.meta.url)), resolve("dist")].find((d) => existsSync(join(d, "index.html"))) ?? resolve("dist");

const args = process.argv.slice(2);
function flag(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const SIZES = (flag("--sizes") ?? "100,1000,5000,20000").split(",").map(Number);
const MEASURE_MS = Number(flag("--seconds") ?? 5) * 1000;
/** --frames-only: just the per-size rows (load, layout and frame rate), not the seek, busy and diagram figures. */
const FRAMES_ONLY = args.includes("--frames-only");
/** --busy-only: just the main thread's busy rows (12 and 50 nodes, two window sizes). */
const BUSY_ONLY = args.includes("--busy-only");
const DIST = flag("--dist") ? resolve(flag("--dist")!) : DIST_FOUND;
/** Window size: the graph area is then about 970 x 580 CSS px, as on a laptop. */
const VIEWPORT = { width: 1280, height: 800 };

/**
 * Latency close to the gossip interval keeps messages in the air all the time (each round's syncs,
 * then their replies, overlap the next round); speed 1 runs the model in real time.
 */
function query(nodes: number, topology = "random"): string {
  const params = new URLSearchParams({ nodes: String(nodes), topology, degree: "4", fanout: "2", interval: "500", latency: "450", seed: "1", speed: "1" });
  // The issue's load at 20,000 nodes, held steady: gossip timers spread over the round (not all
  // firing at once), so about 72,000 messages are in flight at any moment once every node knows a value.
  if (nodes >= 20_000) params.set("jitter", "500");
  return params.toString();
}

/**
 * Installed before the page's own scripts: the page's clock (ms from navigation) when the graph
 * canvas first shows the graph, and when its data-layout first reads "settled". The graph may be
 * painted off the main thread (an OffscreenCanvas in a worker), so "shows" is read from the pixels:
 * every 50 ms the canvas is copied into a 160 x 100 probe, and the graph counts as shown once more
 * than 1 % of the probe is darker than the light background (a 12-node ring covers about 3.5 %).
 */
function watchLayout(): void {
  const marks: { firstFrameMs?: number; settledMs?: number } = {};
  (window as unknown as { layoutMarks: typeof marks }).layoutMarks = marks;
  new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target as HTMLElement;
      if (marks.settledMs === undefined && target.dataset.layout === "settled") marks.settledMs = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-layout"] });
  const probe = document.createElement("canvas");
  probe.width = 160;
  probe.height = 100;
  const ctx = probe.getContext("2d", { willReadFrequently: true })!;
  const sample = () => {
    const canvas = document.querySelector<HTMLCanvasElement>("canvas.graph-canvas");
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, probe.width, probe.height);
      ctx.drawImage(canvas, 0, 0, probe.width, probe.height);
      const rgba = ctx.getImageData(0, 0, probe.width, probe.height).data;
      let ink = 0;
      for (let i = 0; i < rgba.length; i += 4) if (rgba[i]! + rgba[i + 1]! + rgba[i + 2]! < 3 * 235) ink++;
      if (ink > 0.01 * probe.width * probe.height) marks.firstFrameMs = performance.now();
    }
    if (marks.firstFrameMs === undefined) setTimeout(sample, 50);
  };
  sample();
}

/** The marks watchLayout recorded, once the layout has settled; firstFrameMs NaN if the graph did not show within 60 s. */
async function layoutMarks(page: Page): Promise<{ firstFrameMs: number; settledMs: number }> {
  type Marks = { firstFrameMs?: number; settledMs?: number };
  const read = () => page.evaluate(() => ({ ...(window as unknown as { layoutMarks: Marks }).layoutMarks }));
  await page
    .waitForFunction(() => (window as unknown as { layoutMarks: Marks }).layoutMarks.firstFrameMs !== undefined, undefined, { timeout: 60_000, polling: 100 })
    .catch(() => undefined);
  const marks = await read();
  return { firstFrameMs: marks.firstFrameMs ?? NaN, settledMs: marks.settledMs ?? NaN };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** JavaScript index.html loads at start (module scripts and modulepreloads), and the rest of assets/. */
function printBundleSizes(): void {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const initial = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) initial.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) initial.add(m[1]!);
  const size = (rel: string) => {
    const bytes = readFileSync(join(DIST, rel.replace(/^\.?\//, "")));
    return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
  };
  let raw = 0;
  let gz = 0;
  console.log("JavaScript loaded at start:");
  for (const rel of initial) {
    const s = size(rel);
    raw += s.raw;
    gz += s.gz;
    console.log(`  ${rel}: ${kib(s.raw)}, ${kib(s.gz)} gzipped`);
  }
  console.log(`  total: ${kib(raw)}, ${kib(gz)} gzipped`);
  const assets = readdirSync(join(DIST, "assets")).filter((f) => f.endsWith(".js") && ![...initial].some((rel) => rel.endsWith(f)));
  for (const f of assets) {
    const s = size(join("assets", f));
    const what = /worker/.test(f) ? "worker chunk" : "loaded on demand";
    console.log(`${what}: assets/${f}: ${kib(s.raw)}, ${kib(s.gz)} gzipped`);
  }
}

async function frameTimes(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(
    (durationMs) =>
      new Promise<number[]>((done) => {
        const times: number[] = [];
        let last = -1;
        let end = Infinity;
        function tick(t: number): void {
          if (last >= 0) times.push(t - last);
          else end = t + durationMs;
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else done(times);
        }
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

/** The painter's count of messages drawn (data-in-flight), every 250 ms for `ms`, sorted. */
async function sampleInFlight(page: Page, ms: number): Promise<number[]> {
  const canvas = page.locator("canvas").first();
  const samples: number[] = [];
  for (const end = performance.now() + ms; performance.now() < end; ) {
    const n = Number(await canvas.getAttribute("data-in-flight"));
    if (Number.isFinite(n)) samples.push(n);
    await page.waitForTimeout(250);
  }
  return samples.sort((a, b) => a - b);
}

/** The graph painter's frames so far and when (its data-frames report, "frames@epoch ms"), or null before its first report. */
async function painterFrames(page: Page): Promise<{ frames: number; atMs: number } | null> {
  const text = await page.locator("canvas").first().getAttribute("data-frames");
  const m = /^(\d+)@([\d.]+)$/.exec(text ?? "");
  return m ? { frames: Number(m[1]), atMs: Number(m[2]) } : null;
}

async function measure(page: Page, baseUrl: string, nodes: number, topology = "random"): Promise<void> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.addInitScript(watchLayout);
  const t0 = performance.now();
  await page.goto(`${baseUrl}?${query(nodes, topology)}`);
  const canvas = page.locator("canvas").first();
  await canvas.waitFor();
  await page.waitForFunction(() => document.querySelector("canvas")?.dataset.layout === "settled", undefined, { timeout: 180_000 });
  const settledMs = performance.now() - t0;
  const marks = await layoutMarks(page);
  // A few more values, so fills differ, flashes fire and broadcasts travel besides the gossip.
  const broadcast = page.getByRole("button", { name: "Broadcast", exact: true });
  for (let i = 0; i < 3; i++) {
    await broadcast.click();
    await page.waitForTimeout(300);
  }
  await page.waitForTimeout(1500);
  if (nodes >= 20_000) {
    // The issue's load: wait (up to 20 s, the run may play slower than real time) for 60,000 in flight.
    await page
      .waitForFunction(() => Number(document.querySelector("canvas")?.dataset.inFlight ?? 0) >= 60_000, undefined, { timeout: 20_000, polling: 500 })
      .catch(() => undefined);
  }
  const before = await painterFrames(page);
  const [times, drawn] = await Promise.all([frameTimes(page, MEASURE_MS), sampleInFlight(page, MEASURE_MS)]);
  const after = await painterFrames(page);
  const graphFps = after && before && after.atMs > before.atMs ? (1000 * (after.frames - before.frames)) / (after.atMs - before.atMs) : NaN;
  const sorted = [...times].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const p95 = percentile(sorted, 0.95);
  const row = [
    `N=${nodes.toLocaleString("en")}${topology === "random" ? "" : ` ${topology}`}`,
    `graph ${Number.isNaN(graphFps) ? "?" : graphFps.toFixed(1)} fps (the painter's frames)`,
    `page median ${(1000 / median).toFixed(1)} fps`,
    `p95 frame ${p95.toFixed(1)} ms`,
    `worst ${sorted[sorted.length - 1]!.toFixed(1)} ms`,
    `${times.length} frames in ${(MEASURE_MS / 1000).toFixed(0)} s`,
    `messages drawn ${drawn.length === 0 ? "?" : `${drawn[0]}-${drawn[drawn.length - 1]} (median ${percentile(drawn, 0.5)})`}`,
    `load to settled layout ${(settledMs / 1000).toFixed(1)} s`,
    `${Number.isNaN(marks.firstFrameMs) ? "graph not shown within 60 s" : `first frame with the graph ${marks.firstFrameMs.toFixed(0)} ms`}, settled ${marks.settledMs.toFixed(0)} ms from navigation`,
  ];
  console.log(row.join(" | "));
  if (errors.length > 0) console.log(`  page errors: ${errors.join("; ")}`);
}

/** Opens a saved 1,000-node run of 100 rounds and times 10 Timeline seeks, end to end in the page. */
async function measureSeeks(page: Page, baseUrl: string): Promise<void> {
  const endMs = 100 * 500;
  const search = new URLSearchParams({ nodes: "1000", topology: "random", degree: "4", fanout: "2", interval: "500", seed: "1", v: "1", script: "b1", t: String(endMs), paused: "1" });
  await page.goto(`${baseUrl}?${search.toString()}`);
  await page.waitForFunction((ms) => document.querySelector(".clock")?.textContent?.endsWith(`${(ms / 1000).toFixed(2)} s`), endMs, { timeout: 180_000 });
  const times = await page.evaluate(async (end) => {
    const slider = document.querySelector<HTMLInputElement>('input[aria-label="Timeline"]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const out: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = Math.floor(random() * end);
      const text = `${(Math.floor(t / 10) / 100).toFixed(2)} s`;
      const t0 = performance.now();
      setValue.call(slider, String(t));
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise<void>((done) => {
        const check = () => (document.querySelector(".clock")?.textContent?.endsWith(text) ? done() : requestAnimationFrame(check));
        check();
      });
      out.push(performance.now() - t0);
    }
    return out;
  }, endMs);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`Timeline seek, 1,000 nodes, 100 rounds, slider to clock: median ${percentile(sorted, 0.5).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms (10 random moments)`);
}

/**
 * Frame rate with the space-time diagram in view and its window full: all 32 lanes of a 32-node
 * run, or the lanes of one node and its peers at 1,000 nodes, while the run plays.
 */
async function measureDiagram(page: Page, baseUrl: string, nodes: number): Promise<void> {
  // Push-pull with fanout 8: some 2,000 messages in the four rounds the diagram follows at 32 nodes.
  const search = new URLSearchParams({ nodes: String(nodes), topology: "random", degree: "8", fanout: "8", gossip: "push-pull", interval: "500", latency: "450", seed: "1", speed: "1" });
  await page.goto(`${baseUrl}?${search.toString()}`);
  await page.waitForFunction(() => document.querySelector("canvas")?.dataset.layout === "settled", undefined, { timeout: 180_000 });
  const broadcast = page.getByRole("button", { name: "Broadcast", exact: true });
  for (let i = 0; i < 3; i++) await broadcast.click();
  if (nodes > 32) await page.getByLabel("Inspect node").selectOption({ label: "n1" });
  await page.getByRole("heading", { name: "Space-time diagram" }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(2500);
  const label = (await page.getByRole("img", { name: /^Space-time diagram/ }).getAttribute("aria-label")) ?? "";
  const times = await frameTimes(page, MEASURE_MS);
  const sorted = [...times].sort((a, b) => a - b);
  const shown = /(\d+) lanes, (\d+) messages/.exec(label);
  console.log(
    `diagram in view, N=${nodes.toLocaleString("en")} | median ${(1000 / percentile(sorted, 0.5)).toFixed(1)} fps | p95 frame ${percentile(sorted, 0.95).toFixed(1)} ms | ${shown ? `${shown[1]} lanes, ${shown[2]} messages in the window` : label}`,
  );
}

/** Main-thread busy time while the demo plays at `nodes` nodes: CDP's TaskDuration over MEASURE_MS of wall time. */
async function measureBusy(page: Page, baseUrl: string, nodes: number, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.goto(`${baseUrl}?${new URLSearchParams({ nodes: String(nodes), seed: "1" }).toString()}`);
  await page.waitForFunction(() => document.querySelector("canvas")?.dataset.layout === "settled", undefined, { timeout: 60_000 });
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const busy = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "TaskDuration")?.value ?? NaN;
  };
  // The main thread's CPU time as well: on a shared machine a task's wall time counts the time the
  // thread waited for a core, which CPU time does not.
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ["toplevel"] });
  const b0 = await busy();
  const t0 = performance.now();
  await page.waitForTimeout(MEASURE_MS);
  const share = (await busy()) - b0;
  const wall = (performance.now() - t0) / 1000;
  const cpu = mainThreadCpuSeconds(JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] });
  console.log(
    `main thread while the demo plays, N=${nodes}, ${size.width}x${size.height}: busy ${((100 * share) / wall).toFixed(1)} % of ${wall.toFixed(1)} s (task wall time), CPU ${((100 * cpu) / wall).toFixed(1)} % (thread time)`,
  );
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Thread CPU seconds of the renderer's main thread's top-level tasks in a trace. */
function mainThreadCpuSeconds(trace: { traceEvents: TraceEvent[] }): number {
  const events = trace.traceEvents;
  const mains = events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  let best = 0;
  for (const thread of mains) {
    const tasks = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === "X" && e.tdur !== undefined && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
    let end = -Infinity;
    let cpuUs = 0;
    for (const t of tasks) {
      if (t.ts < end) continue; // nested in a task already counted
      end = t.ts + t.dur!;
      cpuUs += t.tdur!;
    }
    best = Math.max(best, cpuUs);
  }
  return best / 1e6;
}

async function main(): Promise<void> {
  if (!BUSY_ONLY) printBundleSizes();
  const server = await serveDist({ root: DIST });
  const browser = await launchChromium();
  try {
    console.log(`Frame times: headless Chromium, no GPU, ${VIEWPORT.width}x${VIEWPORT.height}, random 4-regular graphs, ${MEASURE_MS / 1000} s each`);
    // Each measurement gets a fresh page; one that fails says so and the rest still run.
    const onPage = async (label: string, run: (page: Page) => Promise<void>) => {
      const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      try {
        await run(await context.newPage());
      } catch (error) {
        console.log(`${label}: not measured (${String(error).split("\n")[0]})`);
      } finally {
        await context.close();
      }
    };
    if (!FRAMES_ONLY && !BUSY_ONLY) await onPage("Timeline seek", (page) => measureSeeks(page, server.url));
    if (!FRAMES_ONLY) {
      for (const nodes of [12, 50]) {
        for (const size of [VIEWPORT, { width: 2560, height: 1440 }]) await onPage(`busy N=${nodes}`, (page) => measureBusy(page, server.url, nodes, size));
      }
    }
    if (BUSY_ONLY) return;
    if (!FRAMES_ONLY) for (const nodes of [32, 1000]) await onPage(`diagram N=${nodes}`, (page) => measureDiagram(page, server.url, nodes));
    for (const nodes of SIZES) await onPage(`N=${nodes.toLocaleString("en")}`, (page) => measure(page, server.url, nodes));
    // A structured topology: laid out at once, no force layout.
    for (const nodes of SIZES.filter((n) => n >= 1000)) await onPage(`N=${nodes.toLocaleString("en")} ring`, (page) => measure(page, server.url, nodes, "ring"));
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
