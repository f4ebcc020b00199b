/**
 * The layout worker entry: ticks the graph view's force layout (src/layout/force.ts) off the main
 * thread and posts positions after every chunk of LAYOUT_CHUNK_MS (LARGE_LAYOUT_CHUNK_MS for large
 * graphs) until it settles. A new `start` replaces the running layout.
 */
import { ForceLayout, LARGE_GRAPH_NODES } from "../layout/force";
import { LARGE_LAYOUT_CHUNK_MS, LAYOUT_CHUNK_MS, type FromLayout, type ToLayout } from "../layout/protocol";

declare const self: DedicatedWorkerGlobalScope;

let current: { id: number; layout: ForceLayout } | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

function post(message: FromLayout, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function run(): void {
  timer = undefined;
  const job = current;
  if (!job) return;
  try {
    job.layout.step(job.layout.n > LARGE_GRAPH_NODES ? LARGE_LAYOUT_CHUNK_MS : LAYOUT_CHUNK_MS, () => performance.now());
  } catch (error) {
    current = null;
    post({ type: "failed", id: job.id, message: String(error) });
    return;
  }
  const xy = job.layout.xy.slice();
  const settled = job.layout.settled;
  post({ type: "positions", id: job.id, xy, settled, ticks: job.layout.ticks }, [xy.buffer]);
  if (settled) current = null;
  else timer = setTimeout(run, 0);
}

self.onmessage = (event: MessageEvent<ToLayout>) => {
  const message = event.data;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  current = null;
  if (message.type !== "start") return;
  try {
    const layout = new ForceLayout(message.topology, message.n, message.edges, {
      spacingWorld: message.spacingWorld,
      collideRadiusWorld: message.collideRadiusWorld,
      seed: message.seed,
    });
    current = { id: message.id, layout };
    run();
  } catch (error) {
    post({ type: "failed", id: message.id, message: String(error) });
  }
};
