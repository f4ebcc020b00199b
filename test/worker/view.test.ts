/**
 * One moment, one picture: what the graph's moving layer shows at a paused moment (the dots, the
 * crosses and their fade, the learning rings) is the same whether the view got there live, frame
 * after frame, by seeking away and back, or by opening the run fresh at that moment (a link). The
 * host feeds a MessagePool and Flashes exactly as the painter does; a fixed seed, exact values.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import type { RunScript } from "../../src/sim/script";
import { Flashes } from "../../src/ui/graph/flashes";
import { MessagePool, MessageState } from "../../src/ui/graph/messages";
import { createSimHost } from "../../src/worker/host";
import type { FrameMessage, FromWorker, ToWorker } from "../../src/worker/messages";

const CONFIG: SimConfig = { ...DEFAULT_CONFIG, nodes: 16, topology: "random", degree: 4, fanout: 2, dropRate: 0.2, latencyMs: 180, latencyDist: "uniform", gossipIntervalMs: 200, gossip: "push", forward: true, seed: 11 };
/** Node positions: a 4 x 4 grid, 100 world units apart. */
const XY = Float64Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? ((i / 2) % 4) * 100 : Math.floor(i / 2 / 4) * 100));

/** A host on a fake clock, and a view (pool and flashes) fed from its frames as the painter is. */
function viewed() {
  let wallMs = 0;
  const posted: FromWorker[] = [];
  const host = createSimHost({ post: (m) => posted.push(m), wallNowMs: () => wallMs });
  let pool = new MessagePool();
  let flashes = new Flashes(CONFIG.nodes);
  let nowMs = 0;
  let script: RunScript | null = null;
  const take = () => {
    for (const m of posted.splice(0)) {
      if (m.type === "script") script = m.script;
      if (m.type !== "frame") continue;
      const f = m as FrameMessage;
      if (f.pending) {
        pool = new MessagePool();
        pool.reset(f.pending, CONFIG.nodes);
        flashes = new Flashes(CONFIG.nodes);
      }
      pool.ingest(f.journal, CONFIG.nodes);
      flashes.ingest(f.journal);
      nowMs = f.nowMs;
      // The painter places the messages every frame (and compacts them as it goes).
      pool.place(nowMs, XY, 10, 3);
    }
  };
  return {
    /** A command, and the frame that answers it (no wall time passes). */
    send(m: ToWorker) {
      host.handle(m);
      host.handle({ type: "tick" });
      take();
    },
    tick(ms = 16) {
      wallMs += ms;
      host.handle({ type: "tick" });
      take();
    },
    get nowMs() {
      return nowMs;
    },
    get script() {
      return script!;
    },
    pool: () => pool,
    /** The picture at the moment shown: every drawn message and ring. */
    picture() {
      pool.place(nowMs, XY, 10, 3);
      flashes.sweep(nowMs);
      const marks: string[] = [];
      for (let i = 0; i < pool.count; i++) {
        if (pool.state[i] === MessageState.Hidden) continue;
        marks.push(`${pool.sendSeq[i]} ${pool.state[i]} ${pool.reason[i]} ${pool.x[i]!.toFixed(3)},${pool.y[i]!.toFixed(3)} ${pool.alpha[i]!.toFixed(3)}`);
      }
      const rings: string[] = [];
      for (let j = 0; j < flashes.count; j++) rings.push(`${flashes.active[j]} ${flashes.age(flashes.active[j]!, nowMs).toFixed(3)}`);
      return { marks, rings: rings.sort() };
    },
  };
}

describe("the graph at a paused moment", () => {
  it("draws the same live, after seeking away and back, and opened fresh at that moment", () => {
    const live = viewed();
    live.send({ type: "speed", speed: 1 });
    live.send({ type: "start", config: CONFIG, demo: false, playing: false });
    live.send({ type: "broadcast", node: 3 });
    live.send({ type: "play" });
    const pictures: { atMs: number; live: ReturnType<typeof live.picture> }[] = [];
    for (const [untilMs, act] of [
      [700, () => live.send({ type: "engine", command: { type: "crash", node: 5 } })],
      [1300, () => live.send({ type: "broadcast", node: 9 })],
      [1900, () => {
        // Drop by hand a message that is on its way.
        const p = live.pool();
        const i = [...p.state.keys()].find((k) => k < p.count && p.state[k] === MessageState.Moving && p.reason[k] === 0)!;
        live.send({ type: "engine", command: { type: "dropMessage", sendSeq: p.sendSeq[i]! } });
      }],
      [2600, () => {}],
    ] as const) {
      while (live.nowMs < untilMs) live.tick();
      live.send({ type: "pause" });
      act();
      pictures.push({ atMs: live.nowMs, live: live.picture() });
      live.send({ type: "play" });
    }
    live.send({ type: "pause" });
    const endMs = live.nowMs;
    expect(pictures.some((p) => p.live.rings.length > 0)).toBe(true);
    for (const { atMs, live: expected } of pictures) {
      // Something to see: dots in flight, crosses of lost messages, rings of nodes that just learned.
      expect(expected.marks.length).toBeGreaterThan(3);
      expect(expected.marks.some((m) => m.split(" ")[1] === String(MessageState.Failed))).toBe(true);
      live.send({ type: "seek", t: 0 });
      live.send({ type: "seek", t: atMs });
      expect(live.nowMs).toBe(atMs);
      expect(live.picture()).toEqual(expected);
      const fresh = viewed();
      fresh.send({ type: "load", script: live.script, atMs, endMs, playing: false });
      fresh.tick();
      expect(fresh.nowMs).toBe(atMs);
      expect(fresh.picture()).toEqual(expected);
    }
  });
});
