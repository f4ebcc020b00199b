import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Journal } from "../../src/sim/journal";
import { createPainter, type PainterHost } from "../../src/ui/graph/painter";
import type { PaintFeedFrame } from "../../src/worker/messages";

/** A frame as the simulation worker feeds the painter: `n` nodes knowing nothing, no messages. */
function feedFrame(runId: number, n: number, modelMsPerWallMs: number): PaintFeedFrame {
  const journal = new Journal(16).readSince(0);
  return { type: "frame", runId, nowMs: 0, modelMsPerWallMs, journal, knownCounts: new Uint32Array(n), alive: new Uint8Array(n).fill(1), groups: null, totalValues: 0, selectedValueKnowers: null };
}

/** A 2D context that draws nothing and records the names of the methods called on it. */
function recordingContext(canvas: { width: number; height: number }, calls: string[]): CanvasRenderingContext2D {
  const target = { canvas } as Record<string | symbol, unknown>;
  return new Proxy(target, {
    get(t, key) {
      if (key in t) return t[key];
      if (key === "getImageData") return (_x: number, _y: number, w: number, h: number) => ({ data: new Uint8ClampedArray(4 * w * h) });
      if (key === "measureText") return () => ({ width: 0 });
      if (key === "createLinearGradient" || key === "createRadialGradient") return () => ({ addColorStop() {} });
      return (..._args: unknown[]) => {
        calls.push(String(key));
      };
    },
    set(t, key, value) {
      t[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

class FakeCanvas {
  readonly calls: string[] = [];
  private ctx: CanvasRenderingContext2D | null = null;
  constructor(
    public width = 1,
    public height = 1,
  ) {}
  getContext(): CanvasRenderingContext2D {
    this.ctx ??= recordingContext(this, this.calls);
    return this.ctx;
  }
}

describe("the graph painter", () => {
  beforeEach(() => {
    vi.stubGlobal("OffscreenCanvas", FakeCanvas);
    vi.stubGlobal(
      "ImageData",
      class {
        readonly data: Uint8ClampedArray;
        constructor(
          public width: number,
          public height: number,
        ) {
          this.data = new Uint8ClampedArray(4 * width * height);
        }
      },
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function setUp() {
    const canvas = new FakeCanvas();
    let pending: ((wallMs: number) => void) | null = null;
    let wallMs = 0;
    let asks = 0;
    const host: PainterHost = {
      askForFrame: () => asks++,
      requestFrame(callback) {
        pending = callback;
        return 1;
      },
      cancelFrame() {
        pending = null;
      },
      now: () => wallMs,
      epochMs: () => wallMs,
      report() {},
    };
    const painter = createPainter(canvas as unknown as HTMLCanvasElement, host);
    /** Runs the frame the painter asked for (if any); the canvas's draw calls in it. */
    const frame = (): string[] => {
      const callback = pending;
      pending = null;
      wallMs += 16;
      canvas.calls.length = 0;
      callback?.(wallMs);
      return [...canvas.calls];
    };
    painter.handle({ type: "size", widthPx: 200, heightPx: 100, widthDev: 200, heightDev: 100 });
    return { painter, frame, asks: () => asks };
  }

  it("fed by the simulation worker, asks it for one frame at a time, and holds a frame of a run whose topology has not come", () => {
    const { painter, frame, asks } = setUp();
    painter.handle({ type: "topology", names: ["n1", "n2"], edges: Uint32Array.of(0, 1), drawEdges: true, runId: 1 });
    painter.handle({ type: "positions", xy: Float64Array.of(10, 10, 90, 10), layoutRunning: false });
    frame();
    expect(asks()).toBe(0); // not fed yet: frames come through the page
    painter.handle({ type: "feedAttached" });
    frame();
    frame();
    expect(asks()).toBe(1); // one request outstanding at a time
    painter.handle({ type: "fed", frame: feedFrame(1, 2, 1) });
    frame();
    expect(asks()).toBe(2);
    // Playing, it keeps asking each frame even with nothing in flight: the next sends are in them.
    painter.handle({ type: "fed", frame: feedFrame(1, 2, 1) });
    frame();
    expect(asks()).toBe(3);
    // A frame of the next run before its topology: it waits, and nothing more is asked meanwhile.
    painter.handle({ type: "fed", frame: feedFrame(2, 3, 1) });
    frame();
    frame();
    expect(asks()).toBe(3);
    painter.handle({ type: "topology", names: ["n1", "n2", "n3"], edges: Uint32Array.of(0, 1, 1, 2), drawEdges: true, runId: 2 });
    frame();
    expect(asks()).toBe(4);
    // Paused (rate 0) with nothing moving, the request stays out and the painter stops its frames.
    painter.handle({ type: "fed", frame: feedFrame(2, 3, 0) });
    frame();
    expect(asks()).toBe(5);
    for (let i = 0; i < 5; i++) frame();
    expect(asks()).toBe(5);
  });

  it("draws a new topology only once its positions have come, not with every node on one point", () => {
    const { painter, frame } = setUp();
    frame();
    painter.handle({ type: "topology", names: ["n1", "n2", "n3"], edges: Uint32Array.of(0, 1, 1, 2), drawEdges: true });
    expect(frame()).toEqual([]);
    expect(frame()).toEqual([]);
    painter.handle({ type: "positions", xy: Float64Array.of(10, 10, 50, 50, 90, 10), layoutRunning: false });
    expect(frame()).toContain("drawImage");
  });

  it("ignores positions of another topology's size", () => {
    const { painter, frame } = setUp();
    painter.handle({ type: "topology", names: ["n1", "n2"], edges: Uint32Array.of(0, 1), drawEdges: true });
    painter.handle({ type: "positions", xy: Float64Array.of(10, 10, 50, 50, 90, 10), layoutRunning: false });
    expect(frame()).toEqual([]);
    painter.handle({ type: "positions", xy: Float64Array.of(10, 10, 50, 50), layoutRunning: false });
    expect(frame()).toContain("drawImage");
  });
});
