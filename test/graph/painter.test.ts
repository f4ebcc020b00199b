import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPainter, type PainterHost } from "../../src/ui/graph/painter";

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
    const host: PainterHost = {
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
    return { painter, frame };
  }

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
