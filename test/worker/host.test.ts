import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { PAGE_BOUNDS } from "../../src/sim/cost";
import { RecordKind } from "../../src/sim/journal";
import { MAX_WALL_STEP_MS, createSimHost } from "../../src/worker/host";
import { NO_VIEW, PAGE_FRAME_MS, VIEW_MEMORY_MS, type FrameMessage, type FromWorker, type PaintFeedFrame, type PaintPort, type ToWorker } from "../../src/worker/messages";

const RING: SimConfig = { ...DEFAULT_CONFIG, nodes: 6, topology: "ring", seed: 3 };

/** A host on a fake wall clock that records everything it posts; with `msPerRead`, the clock also moves on each read (work takes time). */
function harness(msPerRead = 0, maxInFlight?: number) {
  let wallMs = 0;
  const posted: FromWorker[] = [];
  const host = createSimHost({ post: (m) => posted.push(m), wallNowMs: () => (wallMs += msPerRead), maxInFlight });
  return {
    posted,
    send(message: ToWorker) {
      host.handle(message);
    },
    /** Lets `ms` of wall time pass, asks for a frame, and returns it (or null when none came). */
    tick(ms = 16): FrameMessage | null {
      wallMs += ms;
      const before = posted.length;
      host.handle({ type: "tick" });
      const frames = posted.slice(before).filter((m): m is FrameMessage => m.type === "frame");
      expect(frames.length).toBeLessThanOrEqual(1);
      return frames[0] ?? null;
    },
  };
}

describe("worker host", () => {
  it("announces a run, then answers a frame request at time 0", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    expect(h.posted[0]).toMatchObject({ type: "ready", runId: 1, names: ["n1", "n2", "n3", "n4", "n5", "n6"], config: RING });
    expect([...(h.posted[0] as { edges: Uint32Array }).edges]).toEqual([0, 1, 0, 5, 1, 2, 2, 3, 3, 4, 4, 5]);
    const frame = h.tick()!;
    expect(frame).toMatchObject({ runId: 1, nowMs: 0, round: 0, playing: false, totalValues: 0, selectedValueKnowers: null });
    expect([...frame.alive]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(frame.metrics?.values).toEqual([]);
  });

  it("announces no run whose config is invalid, and keeps the one shown", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    const before = h.posted.length;
    h.send({ type: "start", config: { ...RING, topology: "random", nodes: 5, degree: 3 }, demo: false, playing: false });
    expect(h.posted.slice(before).map((m) => m.type)).toEqual(["rejected"]);
    h.send({ type: "broadcast", node: 1 });
    expect(h.tick()).toMatchObject({ runId: 1, totalValues: 1 });
  });

  it("holds the frame request while paused with nothing new, and answers it when a command arrives", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.tick();
    expect(h.tick(1000)).toBeNull();
    const before = h.posted.length;
    h.send({ type: "broadcast", node: 2 });
    const frame = h.posted.slice(before).find((m): m is FrameMessage => m.type === "frame")!;
    expect(frame).toMatchObject({ type: "frame", nowMs: 0, playing: false, totalValues: 1 });
    expect([...frame.knownCounts]).toEqual([0, 0, 1, 0, 0, 0]);
    expect(frame.metrics?.values[0]).toMatchObject({ value: 1, origin: 2, knownBy: 1 });
  });

  it("advances model time by wall time x speed, capping a long wall gap", () => {
    const h = harness();
    h.send({ type: "speed", speed: 0.5 });
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.tick();
    h.send({ type: "play" });
    expect(h.tick(40)!.nowMs).toBe(20);
    expect(h.tick(40)!.nowMs).toBe(40);
    // A tab that slept for a minute moves on by one capped step, not by 30 model seconds.
    expect(h.tick(60_000)!.nowMs).toBe(40 + MAX_WALL_STEP_MS * 0.5);
  });

  it("steps through exactly one gossip round and pauses just before the next", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.tick();
    h.send({ type: "step" });
    let last: FrameMessage | null = null;
    // 999 model ms at the default speed 0.25 take 3,996 wall ms: 250 frames of 16 ms.
    for (let i = 0; i < 400; i++) last = h.tick(16) ?? last;
    expect(last).toMatchObject({ nowMs: 999, round: 1, playing: false });
    expect(h.tick(16)).toBeNull();
  });

  it("injects where the seeded generator says when no node is chosen, the same way every run", () => {
    const origins = [1, 2].map(() => {
      const h = harness();
      h.send({ type: "start", config: RING, demo: true, playing: false });
      const frame = h.posted.find((m): m is FrameMessage => m.type === "frame") ?? h.tick()!;
      expect(frame.playing).toBe(true);
      return frame.metrics!.values.map((v) => v.origin);
    });
    expect(origins).toEqual([[5], [5]]);
  });

  it("reports a refused command and keeps the run", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.tick();
    h.send({ type: "engine", command: { type: "restart", node: 1 } });
    h.send({ type: "view", view: { ...NO_VIEW, node: 99 } });
    h.send({ type: "speed", speed: 0 });
    expect(h.posted.filter((m) => m.type === "rejected")).toEqual([
      { type: "rejected", message: "n2 is not crashed" },
      { type: "rejected", message: "node 99 does not exist (the run has 6 nodes)" },
      { type: "rejected", message: "speed must be from 0.05 to 20" },
    ]);
    h.send({ type: "engine", command: { type: "crash", node: 1 } });
    const frame = h.tick()!;
    expect([...frame.alive]).toEqual([1, 0, 1, 1, 1, 1]);
  });

  it("answers the view query with frames: the inspected node, the selected value's knowers and chain, the inspected message", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.tick();
    h.send({ type: "broadcast", node: 0 });
    h.tick();
    h.send({ type: "view", view: { ...NO_VIEW, node: 0, value: 0 } });
    const frame = h.tick()!;
    expect(frame.inspect).toMatchObject({ index: 0, name: "n1", alive: true, known: [1], neighbors: ["n2", "n6"] });
    expect([...frame.selectedValueKnowers!]).toEqual([1, 0, 0, 0, 0, 0]);
    expect(frame.lesson).toEqual({ node: 0, value: 0, chain: [] });
    expect(frame.message).toBeUndefined();
    // A message in flight, asked about: the frame at each moment says whether it still is.
    h.send({ type: "goto", t: 550 }); // round 1 fired at 500; its messages arrive at 600
    const sendSeq = h.tick()!.inspect!.inFlight[0]!.sendSeq;
    h.send({ type: "view", view: { ...NO_VIEW, message: sendSeq } });
    const asked = h.tick()!;
    expect(asked.message).toMatchObject({ sendSeq, info: { src: 0 } });
    h.send({ type: "goto", t: 700 });
    expect(h.tick()!.message).toEqual({ sendSeq, info: null });
  });

  it("tells the page when a new run's config is impossible, and keeps the old run", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.send({ type: "start", config: { ...RING, topology: "random", nodes: 5, degree: 3 }, demo: false, playing: false });
    expect(h.posted.at(-1)).toEqual({ type: "rejected", message: "nodes x degree must be even for a random 3-regular topology" });
    expect(h.tick()).toMatchObject({ runId: 1 });
  });
});

describe("worker host: time travel", () => {
  /** A host at 2 s into a run with a broadcast at n3 and a crash of n5, paused there. */
  function ranTwoSeconds() {
    const h = harness();
    // 500 model ms a frame of 100 wall ms.
    h.send({ type: "speed", speed: 5 });
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.tick();
    h.send({ type: "broadcast", node: 2 });
    h.send({ type: "play" });
    while ((h.tick(100)?.nowMs ?? 0) < 1000);
    h.send({ type: "engine", command: { type: "crash", node: 4 } });
    while ((h.tick(100)?.nowMs ?? 0) < 2000);
    h.send({ type: "pause" });
    return h;
  }

  it("keeps the script of what was done, with the times it was done at", () => {
    const h = ranTwoSeconds();
    const script = h.posted.filter((m) => m.type === "script").at(-1) as Extract<FromWorker, { type: "script" }>;
    expect(script.script.commands).toEqual([
      { t: 0, type: "inject", node: 2 },
      { t: 1000, type: "crash", node: 4 },
    ]);
  });

  it("seeks back to a moment with the numbers it had, and what was in flight", () => {
    const h = ranTwoSeconds();
    h.send({ type: "seek", t: 550 });
    const frame = h.tick()!;
    expect(frame).toMatchObject({ nowMs: 550, horizonMs: 2000, round: 1, playing: false });
    expect([...frame.alive]).toEqual([1, 1, 1, 1, 1, 1]);
    // Round 1 fired at 500: its messages (100 ms latency) are in flight at 550, all sent at 500. The
    // frame carries the journal of the last VIEW_MEMORY_MS (their Send records among it), and as
    // pending only what is in flight that was sent before that.
    expect(frame.pending!.sentAt.length).toBe(0);
    const b = frame.journal;
    const sends = [...b.kind.keys()].filter((k) => b.kind[k] === RecordKind.Send && b.src[k]! >= 0 && b.dest[k]! >= 0);
    expect(sends.length).toBeGreaterThan(0);
    expect([...new Set(sends.map((k) => b.t[k]))]).toEqual([500]);
    expect(b.t[0]).toBeGreaterThanOrEqual(550 - VIEW_MEMORY_MS);
    h.send({ type: "stepBack" });
    const back = h.tick()!;
    expect(back).toMatchObject({ nowMs: 499, round: 0 });
  });

  it("forks when acting in the past, and undoes the fork", () => {
    const h = ranTwoSeconds();
    h.send({ type: "seek", t: 700 });
    h.send({ type: "broadcast", node: 0 });
    const forked = h.posted.find((m) => m.type === "forked") as Extract<FromWorker, { type: "forked" }>;
    expect(forked).toMatchObject({ atMs: 700, discarded: 1 });
    let script = h.posted.filter((m) => m.type === "script").at(-1) as Extract<FromWorker, { type: "script" }>;
    expect(script.script.commands.map((c) => c.t)).toEqual([0, 700]);
    h.send({ type: "undo", forkId: forked.forkId });
    script = h.posted.filter((m) => m.type === "script").at(-1) as Extract<FromWorker, { type: "script" }>;
    expect(script.script.commands.map((c) => c.t)).toEqual([0, 1000]);
    const frame = h.tick()!;
    expect(frame).toMatchObject({ nowMs: 700, horizonMs: 2000, totalValues: 1 });
  });

  it("opens a saved run at its moment, and refuses a broken one without losing the current run", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    const script = { config: RING, commands: [{ t: 0, type: "inject" as const, node: 1 }, { t: 800, type: "crash" as const, node: 1 }] };
    h.send({ type: "load", script, atMs: 1200, endMs: 3000, playing: false });
    const frame = h.tick()!;
    expect(frame).toMatchObject({ runId: 2, nowMs: 1200, horizonMs: 3000 });
    expect([...frame.alive]).toEqual([1, 0, 1, 1, 1, 1]);
    h.send({ type: "load", script: { config: RING, commands: [{ t: 0, type: "crash", node: 1 }, { t: 5, type: "crash", node: 1 }] }, atMs: 0, endMs: 0, playing: false });
    expect(h.posted.at(-1)).toEqual({ type: "loadFailed", message: "command 2 (crash at 5 ms): n2 is crashed" });
    expect(h.tick(16)).toBeNull();
  });

  it("frames show what nodes know and whether they are up as the run plays, a script's crash included", () => {
    const h = harness();
    h.send({ type: "speed", speed: 1 });
    // No value before the crash: its Control record is the only sign that a node's state changed.
    const script = { config: RING, commands: [{ t: 300, type: "crash" as const, node: 4 }, { t: 600, type: "inject" as const, node: 1 }] };
    h.send({ type: "load", script, atMs: 0, endMs: 0, playing: true });
    const seen: string[] = [];
    for (let k = 0; k < 40; k++) {
      const f = h.tick(50);
      if (f) seen.push(`${[...f.alive].join("")}/${[...f.knownCounts].join("")}`);
    }
    expect([...new Set(seen)]).toEqual(["111111/000000", "111101/000000", "111101/010000", "111101/111000", "111101/111101"]);
  });

  it("plays a run too big for real time slower, within the frame's work budget, and says it is behind", () => {
    // Every read of the clock costs 20 wall ms: the work budget lets a frame run through only a few event times.
    const h = harness(20);
    h.send({ type: "speed", speed: 10 });
    h.send({ type: "start", config: { ...DEFAULT_CONFIG, nodes: 64, latencyDist: "uniform", seed: 5 }, demo: true, playing: true });
    let frame = h.tick(0)!;
    for (let i = 0; i < 40 && !frame.behind; i++) frame = h.tick(0) ?? frame;
    expect(frame).toMatchObject({ playing: true, behind: true });
    h.send({ type: "pause" });
    frame = h.tick(0)!;
    expect(frame).toMatchObject({ playing: false, behind: false });
    // What it ran is the run: the same as running straight to that moment.
    const direct = harness();
    direct.send({ type: "start", config: { ...DEFAULT_CONFIG, nodes: 64, latencyDist: "uniform", seed: 5 }, demo: true, playing: false });
    direct.tick();
    direct.send({ type: "goto", t: frame.nowMs });
    const same = direct.tick()!;
    expect(same.nowMs).toBe(frame.nowMs);
    expect(frame.metrics).toBeDefined();
    expect(same.metrics!.delivered).toBe(frame.metrics!.delivered);
    expect(same.metrics!.serverMessages).toBe(frame.metrics!.serverMessages);
    expect([...same.knownCounts]).toEqual([...frame.knownCounts]);
  });

  it("refuses a run whose rounds the page cannot carry before building it, and keeps the run shown", () => {
    const h = harness();
    h.send({ type: "start", config: RING, demo: false, playing: false });
    const config: SimConfig = { ...DEFAULT_CONFIG, nodes: 1200, topology: "complete", fanout: 1000, gossip: "push", seed: 1 };
    const before = h.posted.length;
    h.send({ type: "start", config, demo: false, playing: false });
    const why = `this run would send about 1.2 million messages a gossip round; the page carries ${(PAGE_BOUNDS.messagesPerRound / 1e6).toPrecision(2)} million`;
    expect(h.posted.slice(before)).toEqual([{ type: "rejected", message: why }]);
    expect(h.tick()).toMatchObject({ runId: 1 });
    // A saved run that would need such rounds is not opened.
    h.send({ type: "load", script: { config, commands: [] }, atMs: 0, endMs: 1000, playing: false });
    expect(h.posted.at(-1)).toEqual({ type: "loadFailed", message: why });
    // Nor a live change that would make the shown run so.
    h.send({ type: "engine", command: { type: "configure", gossipIntervalMs: 1 } });
    h.send({ type: "engine", command: { type: "setLatency", latencyMs: 600_000 } });
    expect(h.posted.at(-1)).toEqual({ type: "rejected", message: "this run would hold about 7.2 million messages in flight (12 a round every 1 ms, each up to 600,000 ms on its way); the page carries 1.0 million" });
  });

  it("replays a run no further than the messages in flight the page carries", () => {
    const h = harness(0, 100);
    h.send({ type: "load", script: { config: { ...RING, fanout: 2, latencyMs: 5000, gossipIntervalMs: 100 }, commands: [{ t: 0, type: "inject", node: 0 }] }, atMs: 0, endMs: 20_000, playing: false });
    expect(h.posted.at(-1)).toEqual({ type: "loadFailed", message: "replayed to 6 s, this run holds 153 messages in flight; the page carries 100" });
  });

  it("pauses with a notice when the messages in flight pass the page's limit, and again while they grow", () => {
    const h = harness(0, 40);
    h.send({ type: "speed", speed: 1 });
    h.send({ type: "start", config: { ...DEFAULT_CONFIG, nodes: 64, fanout: 3, dropRate: 0, seed: 2 }, demo: true, playing: true });
    let frame = h.tick(0)!;
    for (let i = 0; i < 500 && frame.playing; i++) frame = h.tick(16) ?? frame;
    expect(frame.playing).toBe(false);
    const notices = h.posted.filter((m): m is Extract<FromWorker, { type: "notice" }> => m.type === "notice");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/^Paused: (4[1-9]|[5-9]\d|\d{3,}) messages are in flight, more than the page holds \(40\); play pauses again while that number grows\. bin\/gossip-sim runs this headless\.$/);
  });
});

describe("worker host: a painter fed over its own port", () => {
  /** The harness with a fake port to the painter attached: `paintTick` asks on it, as the painter does. */
  function fed() {
    const h = harness();
    const painted: PaintFeedFrame[] = [];
    const port: PaintPort = { postMessage: (m) => painted.push(m), onmessage: null, close: () => {} };
    h.send({ type: "speed", speed: 1 });
    h.send({ type: "start", config: RING, demo: false, playing: false });
    h.send({ type: "paintPort", port });
    return {
      ...h,
      painted,
      /** Asks on the port, as the painter does once a frame; returns the frame that came back, if any. */
      paintTick(): PaintFeedFrame | null {
        const before = painted.length;
        port.onmessage!(new MessageEvent("message", { data: { type: "tick" } }));
        expect(painted.length - before).toBeLessThanOrEqual(1);
        return painted[before] ?? null;
      },
    };
  }

  it("answers the painter on its port every time it asks while playing, the page at most every PAGE_FRAME_MS", () => {
    const h = fed();
    // First the moment as it is: what is in flight, then journal deltas.
    expect(h.paintTick()).toMatchObject({ type: "frame", runId: 1, nowMs: 0, modelMsPerWallMs: 0, pending: { src: new Int32Array(0) } });
    expect(h.tick()).toMatchObject({ nowMs: 0, playing: false });
    expect(h.paintTick()).toBeNull(); // paused, nothing new: the request is held
    h.send({ type: "broadcast", node: 2 });
    h.send({ type: "play" });
    let pageFrames = 0;
    let painterFrames = 0;
    let journalRecords = 0;
    // 1,000 wall ms in frames of 16 ms: the painter asks each frame, the page keeps one request out.
    for (let i = 0; i < 62; i++) {
      if (h.tick(16) !== null) pageFrames++;
      const paint = h.paintTick();
      if (paint !== null) {
        painterFrames++;
        journalRecords += paint.journal.to - paint.journal.from;
        expect(paint.modelMsPerWallMs).toBe(1);
        expect(paint.pending).toBeUndefined();
      }
    }
    expect(painterFrames).toBe(62);
    expect(journalRecords).toBeGreaterThan(0);
    // The command's answer, then one each PAGE_FRAME_MS of the 992 ms (frames come 16 ms apart).
    const expected = 1 + Math.floor(992 / (16 * Math.ceil(PAGE_FRAME_MS / 16)));
    expect(pageFrames).toBeGreaterThanOrEqual(expected - 1);
    expect(pageFrames).toBeLessThanOrEqual(expected + 1);
    // A pause reaches both at once: the page's request was out, the painter's comes next.
    const before = h.posted.length;
    h.send({ type: "pause" });
    expect(h.posted.slice(before).filter((m) => m.type === "frame")).toMatchObject([{ playing: false }]);
    expect(h.paintTick()).toMatchObject({ modelMsPerWallMs: 0 });
    expect(h.paintTick()).toBeNull();
    expect(h.tick(1000)).toBeNull();
  });

  it("sends the page every frame again once the port is taken back", () => {
    const h = fed();
    h.send({ type: "paintPort", port: null });
    h.tick();
    h.send({ type: "play" });
    let pageFrames = 0;
    for (let i = 0; i < 20; i++) if (h.tick(16) !== null) pageFrames++;
    expect(pageFrames).toBe(20);
  });
});
