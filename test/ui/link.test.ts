/**
 * The page's link to the worker, driven against the real host on a fake wall clock: messages cross
 * as tasks (as postMessage does), animation frames come every 16 ms, the watchdog's timer on the
 * same clock. Pausing, stepping and resetting must never raise "busy"; a worker that really goes
 * quiet with a reply due must, and its late answer must clear it.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { createSimHost } from "../../src/worker/host";
import type { FromWorker, PaintPort, PaintTick, ToWorker } from "../../src/worker/messages";
import { STALL_MS, createWorkerLink, type PageEvent } from "../../src/ui/link";

const CONFIG: SimConfig = { ...DEFAULT_CONFIG, nodes: 12, topology: "ring", seed: 5 };

function harness(fed: boolean) {
  let now = 0;
  let tasks: (() => void)[] = [];
  let frames: (() => void)[] = [];
  const timers: { every: number; next: number; fn: () => void }[] = [];
  /** When set, the worker takes messages and answers none (a worker busy for good). */
  let deaf = false;
  const held: FromWorker[] = [];
  /** Everything the page sent the worker. */
  const received: ToWorker[] = [];
  let deliver: (event: FromWorker) => void = () => {};
  const events: PageEvent[] = [];
  const log = { stalls: 0, cleared: 0, failures: [] as string[] };
  const link = createWorkerLink(
    {
      startWorker(onEvent) {
        deliver = onEvent;
        const host = createSimHost({
          post: (m) => {
            if (deaf) held.push(m);
            else tasks.push(() => onEvent(m));
          },
          wallNowMs: () => now,
        });
        return {
          send: (m: ToWorker) => {
            received.push(m);
            tasks.push(() => host.handle(m));
          },
          terminate: () => {},
        };
      },
      now: () => now,
      hidden: () => false,
      requestFrame: (cb) => frames.push(cb),
      cancelFrame: () => {},
      every: (ms, fn) => {
        timers.push({ every: ms, next: now + ms, fn });
        return () => {};
      },
    },
    {
      onEvent: (e) => events.push(e),
      onStall: () => log.stalls++,
      onStallCleared: () => log.cleared++,
      onFailure: (m) => log.failures.push(m),
    },
  );
  link.boot();
  if (fed) {
    // A painter on its own port: it asks for a frame once per animation frame of its own.
    const port: PaintPort = {
      postMessage: () => frames.push(ask),
      onmessage: null,
      close: () => {},
    };
    const ask = () => tasks.push(() => port.onmessage?.({ data: { type: "tick" } } as MessageEvent<PaintTick>));
    link.setFedDirectly(true);
    link.send({ type: "paintPort", port });
    ask();
  }
  const run = () => {
    // A cascade of replies at one wall instant is a bug (a ping-pong that would spin the page).
    for (let hops = 0; tasks.length > 0; hops++) {
      if (hops > 50) throw new Error("the page and the worker answer each other without end");
      const batch = tasks;
      tasks = [];
      for (const task of batch) task();
    }
  };
  return {
    link,
    log,
    received,
    events,
    send: (m: ToWorker) => {
      link.send(m);
      run();
    },
    /** Lets `ms` of wall time pass in animation frames of 16 ms. */
    wait(ms: number) {
      for (const end = now + ms; now < end; ) {
        now = Math.min(end, now + 16);
        const due = frames;
        frames = [];
        for (const cb of due) cb();
        run();
        for (const t of timers) {
          while (t.next <= now) {
            t.next += t.every;
            t.fn();
          }
        }
      }
    },
    deafen() {
      deaf = true;
    },
    /** The worker answers again: what it said while deaf arrives now. */
    hear() {
      deaf = false;
      for (const m of held.splice(0)) tasks.push(() => deliver(m));
      run();
    },
    lastFrame: () => events.filter((e) => e.type === "frame").at(-1) as Extract<PageEvent, { type: "frame" }> | undefined,
  };
}

describe.each([false, true])("worker link (painter fed directly: %s)", (fed) => {
  it("a paused page is never busy: Pause, then 8 s", () => {
    const h = harness(fed);
    h.send({ type: "start", config: CONFIG, demo: true, playing: true });
    h.wait(2000);
    expect(h.lastFrame()!.playing).toBe(true);
    h.send({ type: "pause" });
    h.wait(8000);
    expect(h.log.stalls).toBe(0);
    expect(h.link.dueSince).toBeNull();
    expect(h.lastFrame()!.playing).toBe(false);
    // The controls still work: a broadcast is answered by a frame with the new value.
    const before = h.lastFrame()!.totalValues;
    h.send({ type: "broadcast", node: 3 });
    h.wait(100);
    expect(h.lastFrame()!.totalValues).toBe(before + 1);
  });

  it("Step while playing, then 8 s: the step ends paused and nothing is due", () => {
    const h = harness(fed);
    h.send({ type: "start", config: CONFIG, demo: true, playing: true });
    h.wait(1000);
    h.send({ type: "step" });
    h.wait(8000);
    expect(h.log.stalls).toBe(0);
    expect(h.link.dueSince).toBeNull();
    expect(h.lastFrame()!.playing).toBe(false);
  });

  it("Reset while playing, then 8 s", () => {
    const h = harness(fed);
    h.send({ type: "start", config: CONFIG, demo: true, playing: true });
    h.wait(1000);
    h.send({ type: "start", config: CONFIG, demo: false, playing: false });
    h.wait(8000);
    expect(h.log.stalls).toBe(0);
    expect(h.lastFrame()!).toMatchObject({ playing: false, nowMs: 0, totalValues: 0 });
  });

  it("a playing worker that goes quiet is busy after STALL_MS, and its answer clears it", () => {
    const h = harness(fed);
    h.send({ type: "start", config: CONFIG, demo: true, playing: true });
    h.wait(1000);
    h.deafen();
    h.wait(STALL_MS - 1000);
    expect(h.log.stalls).toBe(0);
    h.wait(2000);
    expect(h.log.stalls).toBe(1);
    h.wait(5000);
    expect(h.log.stalls).toBe(1);
    // The next frame it sends clears the notice.
    h.hear();
    h.send({ type: "pause" });
    h.wait(100);
    expect(h.log.cleared).toBe(1);
  });

  it("a command to a paused worker that goes quiet is busy; one it answers is not", () => {
    const h = harness(fed);
    h.send({ type: "start", config: CONFIG, demo: false, playing: false });
    h.wait(500);
    h.send({ type: "broadcast", node: 1 });
    h.wait(STALL_MS + 2000);
    expect(h.log.stalls).toBe(0);
    h.deafen();
    h.send({ type: "broadcast", node: 2 });
    h.wait(STALL_MS + 2000);
    expect(h.log.stalls).toBe(1);
  });

  it("coalesces seeks: while one is on its way only the newest waits", () => {
    const h = harness(fed);
    h.send({ type: "start", config: CONFIG, demo: true, playing: false });
    h.send({ type: "play" });
    h.wait(3000);
    h.send({ type: "pause" });
    h.wait(100);
    const before = h.received.length;
    // Three seeks before any answer: the first goes, the last waits, the middle one is dropped.
    h.link.seek(100);
    h.link.seek(200);
    h.link.seek(300);
    h.wait(200);
    expect(h.received.slice(before).filter((m) => m.type === "seek")).toEqual([
      { type: "seek", t: 100 },
      { type: "seek", t: 300 },
    ]);
    expect(h.lastFrame()!.nowMs).toBe(300);
  });
});
