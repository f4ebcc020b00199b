import { describe, expect, it } from "vitest";
import { CellGrid, makeSprite, stamp, stampInside, union } from "../../src/ui/graph/dots";

/** Packs RGBA bytes into the uint32 a Uint32Array view of ImageData would hold on this machine. */
function px(r: number, g: number, b: number, a: number): number {
  return new Uint32Array(Uint8ClampedArray.of(r, g, b, a).buffer)[0]!;
}

const RED = px(255, 0, 0, 255);
const HALF_BLUE = px(0, 0, 255, 128);
const GREEN = px(0, 255, 0, 255);

/** A 3 x 3 sprite: a plus sign, red arms, half-transparent blue centre. */
function plus() {
  const rgba = new Uint8ClampedArray(36);
  const set = (x: number, y: number, c: number) => new Uint32Array(rgba.buffer).set([c], y * 3 + x);
  set(1, 0, RED);
  set(0, 1, RED);
  set(1, 1, HALF_BLUE);
  set(2, 1, RED);
  set(1, 2, RED);
  return makeSprite(3, rgba);
}

describe("sprites", () => {
  it("records the non-transparent span of each row", () => {
    const s = plus();
    expect(Array.from(s.spans)).toEqual([1, 2, 0, 3, 1, 2]);
    const empty = makeSprite(2, new Uint8ClampedArray(16));
    expect(Array.from(empty.spans)).toEqual([2, 0, 2, 0]);
  });

  it("stamps pixels at an offset and clips at the buffer's edges", () => {
    const buf = new Uint32Array(4 * 3);
    expect(stamp(buf, 4, 3, plus(), 1, 0)).toBe(true);
    expect(Array.from(buf)).toEqual([0, 0, RED, 0, 0, RED, HALF_BLUE, RED, 0, 0, RED, 0]);
    const clipped = new Uint32Array(4 * 3);
    expect(stamp(clipped, 4, 3, plus(), -1, -1)).toBe(true);
    expect(Array.from(clipped)).toEqual([HALF_BLUE, RED, 0, 0, RED, 0, 0, 0, 0, 0, 0, 0]);
    expect(stamp(clipped, 4, 3, plus(), 4, 0)).toBe(false);
    expect(stamp(clipped, 4, 3, plus(), 0, -3)).toBe(false);
  });

  it("where sprites overlap the more opaque pixel wins", () => {
    const buf = new Uint32Array(3 * 3).fill(GREEN);
    stamp(buf, 3, 3, plus(), 0, 0);
    // The half-transparent centre does not replace opaque green; the opaque arms do.
    expect(Array.from(buf)).toEqual([GREEN, RED, GREEN, RED, GREEN, RED, GREEN, RED, GREEN]);
    const faint = new Uint32Array(3 * 3).fill(px(9, 9, 9, 40));
    stamp(faint, 3, 3, plus(), 0, 0);
    expect(faint[4]).toBe(HALF_BLUE);
  });

  it("a sprite wholly inside is stamped from its visible pixels exactly as the clipping stamp does it", () => {
    const under = [0, GREEN, px(9, 9, 9, 40), px(1, 2, 3, 200)];
    for (const width of [3, 5, 7]) {
      const a = Uint32Array.from({ length: width * 4 }, (_, i) => under[(i * 7) % under.length]!);
      const b = a.slice();
      const sprite = plus();
      for (const [x, y] of [[0, 0], [width - 3, 1], [1, 0]] as const) {
        stamp(a, width, 4, sprite, x, y);
        stampInside(b, width, sprite, x, y);
      }
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });

  it("unions rectangles, an empty one counting as nothing", () => {
    expect(union({ x: 0, y: 0, w: 0, h: 0 }, { x: 3, y: 4, w: 5, h: 6 })).toEqual({ x: 3, y: 4, w: 5, h: 6 });
    expect(union({ x: 1, y: 10, w: 2, h: 2 }, { x: 3, y: 4, w: 5, h: 6 })).toEqual({ x: 1, y: 4, w: 7, h: 8 });
  });
});

describe("crowded dots", () => {
  it("a layer takes each 2x2 cell once; a new layer frees them all; pixels outside are never refused", () => {
    const cells = new CellGrid();
    cells.resize(5, 5);
    cells.layer();
    expect([cells.take(0, 0), cells.take(1, 1), cells.take(2, 1), cells.take(3, 2), cells.take(2, 3)]).toEqual([true, false, true, true, false]);
    expect([cells.take(-1, 0), cells.take(-1, 0), cells.take(5, 2), cells.take(5, 2)]).toEqual([true, true, true, true]);
    cells.layer();
    expect([cells.take(1, 0), cells.take(0, 1)]).toEqual([true, false]);
  });
});
