import { describe, expect, it } from "vitest";
import { keyIntent, messageAt, nodeAt, type KeyPress } from "../../src/ui/graph/input";
import { nodesInPolygon } from "../../src/ui/graph/lasso";
import { MessageState } from "../../src/ui/graph/messages";

// A plus sign: centre 0, right 1, down 2, left 3, up 4 (world units).
const plus = Float64Array.of(0, 0, 10, 0, 0, 10, -10, 0, 0, -10);
const surface = { view: { k: 2, x: 100, y: 50 }, widthPx: 200, heightPx: 100 };
const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });
const at = (selected: number, n = 5) => ({ n, xy: plus, selected });

describe("keys -> intents", () => {
  it("leaves keys with Alt, Ctrl or Meta, and unknown keys, to the page", () => {
    expect(keyIntent(key("n", { ctrlKey: true }), at(-1), surface)).toBeNull();
    expect(keyIntent(key("ArrowLeft", { altKey: true }), at(-1), surface)).toBeNull();
    expect(keyIntent(key("0", { metaKey: true }), at(-1), surface)).toBeNull();
    expect(keyIntent(key("x"), at(-1), surface)).toBeNull();
  });

  it("Shift+arrow pans by a tenth of the view, with or without a graph", () => {
    expect(keyIntent(key("ArrowRight", { shiftKey: true }), at(-1), surface)).toEqual({ type: "move", view: { k: 2, x: 80, y: 50 } });
    expect(keyIntent(key("ArrowUp", { shiftKey: true }), at(-1, 0), surface)).toEqual({ type: "move", view: { k: 2, x: 100, y: 60 } });
  });

  it("an arrow selects the node nearest the centre first, then the node that lies that way", () => {
    expect(keyIntent(key("ArrowLeft"), at(-1), { ...surface, view: { k: 2, x: 120, y: 50 } })).toEqual({ type: "select", node: 3 });
    expect(keyIntent(key("ArrowLeft"), at(-1), surface)).toEqual({ type: "select", node: 0 });
    expect(keyIntent(key("ArrowRight"), at(0), surface)).toEqual({ type: "select", node: 1 });
    expect(keyIntent(key("ArrowDown"), at(0), surface)).toEqual({ type: "select", node: 2 });
    // Nothing lies right of the right node: the key is taken, the selection stays.
    expect(keyIntent(key("ArrowRight"), at(1), surface)).toEqual({ type: "stay" });
    expect(keyIntent(key("ArrowRight"), at(-1, 0), surface)).toBeNull();
  });

  it("n and Shift+N step through nodes in index order, wrapping", () => {
    expect(keyIntent(key("n"), at(-1), surface)).toEqual({ type: "select", node: 0 });
    expect(keyIntent(key("N"), at(-1), surface)).toEqual({ type: "select", node: 4 });
    // P is left to the page (presenter mode).
    expect(keyIntent(key("p"), at(-1), surface)).toBeNull();
    expect(keyIntent(key("n"), at(4), surface)).toEqual({ type: "select", node: 0 });
    expect(keyIntent(key("N"), at(0), surface)).toEqual({ type: "select", node: 4 });
    expect(keyIntent(key("n"), at(2), surface)).toEqual({ type: "select", node: 3 });
    expect(keyIntent(key("n"), at(-1, 0), surface)).toBeNull();
  });

  it("Enter activates and Escape clears the selection, only when there is one", () => {
    expect(keyIntent(key("Enter"), at(2), surface)).toEqual({ type: "activate", node: 2 });
    expect(keyIntent(key("Enter"), at(-1), surface)).toBeNull();
    expect(keyIntent(key("Escape"), at(2), surface)).toEqual({ type: "select", node: null });
    expect(keyIntent(key("Escape"), at(-1), surface)).toBeNull();
  });

  it("plus and minus zoom around the centre, 0 fits", () => {
    expect(keyIntent(key("+"), at(-1), surface)).toEqual({ type: "zoom", factor: 1.25, sx: 100, sy: 50 });
    expect(keyIntent(key("="), at(-1), surface)).toEqual({ type: "zoom", factor: 1.25, sx: 100, sy: 50 });
    expect(keyIntent(key("-"), at(-1), surface)).toEqual({ type: "zoom", factor: 0.8, sx: 100, sy: 50 });
    expect(keyIntent(key("_"), at(-1), surface)).toEqual({ type: "zoom", factor: 0.8, sx: 100, sy: 50 });
    expect(keyIntent(key("0"), at(-1), surface)).toEqual({ type: "fit" });
  });
});

describe("pointer hit tests", () => {
  const two = { n: 2, xy: Float64Array.of(0, 0, 100, 0) };

  it("a node is hit within its ring plus 2 CSS px", () => {
    // At k = 1: radius 14, ring 2.24 after a 2 px gap, so 20.24 CSS px reach.
    const view = { k: 1, x: 10, y: 10 };
    expect(nodeAt(two, view, 30, 10)).toBe(0);
    expect(nodeAt(two, view, 31, 10)).toBe(-1);
    expect(nodeAt(two, view, 90, 10)).toBe(1);
    expect(nodeAt({ n: 0, xy: new Float64Array(0) }, view, 10, 10)).toBe(-1);
  });

  it("zoomed far out, a node is still hit within 8 CSS px", () => {
    const view = { k: 0.1, x: 0, y: 0 };
    expect(nodeAt(two, view, -7.9, 0)).toBe(0);
    expect(nodeAt(two, view, -8.1, 0)).toBe(-1);
    expect(nodeAt(two, view, 4, 0)).toBe(0);
    expect(nodeAt(two, view, 5.5, 0)).toBe(1);
  });

  it("a click picks the nearest drawn message within its dot plus 6 CSS px; ties go to the later one", () => {
    // At k = 1 a dot has radius 5.04, so the reach is 11.04 CSS px.
    const pool = {
      count: 3,
      state: Uint8Array.of(MessageState.Moving, MessageState.Hidden, MessageState.Failed),
      x: Float32Array.of(0, 5, 20),
      y: Float32Array.of(0, 0, 0),
      sendSeq: Float64Array.of(7, 8, 9),
    };
    const view = { k: 1, x: 0, y: 0 };
    expect(messageAt(pool, view, 3, 0)).toBe(7);
    expect(messageAt(pool, view, 5, 0)).toBe(7); // the hidden one under the pointer does not count
    expect(messageAt(pool, view, 10, 0)).toBe(9);
    expect(messageAt(pool, view, 12, 0)).toBe(9);
    expect(messageAt(pool, view, 50, 0)).toBeNull();
    expect(messageAt({ ...pool, count: 0 }, view, 3, 0)).toBeNull();
    // Shifted and zoomed: the dot at world (20, 0) is drawn at (2 * 20 + 5, 5).
    expect(messageAt(pool, { k: 2, x: 5, y: 5 }, 45, 5)).toBe(9);
  });
});

describe("lasso selection", () => {
  it("picks the nodes whose drawn centres lie inside, in index order", () => {
    const square = [0, 0, 100, 0, 100, 100, 0, 100];
    // Drawn at k = 2, shifted 10 px right: (30, 20), (110, 20), (50, 90), (-10, 20).
    const xy = Float64Array.of(10, 10, 50, 10, 20, 45, -10, 10);
    expect(nodesInPolygon(xy, 4, { k: 2, x: 10, y: 0 }, square)).toEqual([0, 2]);
    expect(nodesInPolygon(xy, 2, { k: 2, x: 10, y: 0 }, square)).toEqual([0]);
  });

  it("follows a concave outline: the notch is outside", () => {
    // An arch: a bar along the top and two legs down, the notch between them from x 30 to 60, y 30 down.
    const arch = [0, 0, 90, 0, 90, 90, 60, 90, 60, 30, 30, 30, 30, 90, 0, 90];
    const xy = Float64Array.of(45, 60, 15, 60, 45, 15, 75, 80, 95, 15);
    expect(nodesInPolygon(xy, 5, { k: 1, x: 0, y: 0 }, arch)).toEqual([1, 2, 3]);
  });

  it("a lasso of one point encloses nothing", () => {
    expect(nodesInPolygon(Float64Array.of(0, 0), 1, { k: 1, x: 0, y: 0 }, [0, 0])).toEqual([]);
  });
});
