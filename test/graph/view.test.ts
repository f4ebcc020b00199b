import { describe, expect, it } from "vitest";
import { boundsOf, fitTransform, screenToWorld, zoomAround } from "../../src/ui/graph/view";

describe("view transform", () => {
  it("bounds of interleaved points", () => {
    expect(boundsOf(Float64Array.of(1, -2, 5, 4, -3, 0), 3)).toEqual({ minX: -3, minY: -2, maxX: 5, maxY: 4 });
    expect(boundsOf(new Float64Array(0), 0)).toEqual({ minX: 0, minY: 0, maxX: 0, maxY: 0 });
  });

  it("fit centres the bounds and is limited by the tighter axis", () => {
    // 200 x 100 world (+10 margin each side = 220 x 120) into 500 x 300 with 30 px padding: 440/220 = 2, 240/120 = 2.
    const v = fitTransform({ minX: 0, minY: 0, maxX: 200, maxY: 100 }, 10, 500, 300, 30, 10);
    expect(v).toEqual({ k: 2, x: 250 - 100 * 2, y: 150 - 50 * 2 });
    // Height-limited: 440/220 = 2 but (300 - 60) / 220 = 240/220.
    const tall = fitTransform({ minX: 0, minY: 0, maxX: 200, maxY: 200 }, 10, 500, 300, 30, 10);
    expect(tall.k).toBeCloseTo(240 / 220, 12);
  });

  it("fit never zooms in beyond maxK, even for a single point", () => {
    const v = fitTransform({ minX: 5, minY: 5, maxX: 5, maxY: 5 }, 0, 800, 600, 0, 2.5);
    expect(v).toEqual({ k: 2.5, x: 400 - 12.5, y: 300 - 12.5 });
  });

  it("zoom keeps the world point under the cursor fixed and clamps k", () => {
    const v = { k: 2, x: 10, y: 20 };
    const z = zoomAround(v, 1.5, 110, 70, 0.1, 10);
    expect(z.k).toBe(3);
    expect(screenToWorld(z, 110, 70)).toEqual(screenToWorld(v, 110, 70));
    expect(screenToWorld(v, 110, 70)).toEqual([50, 25]);
    expect(zoomAround(v, 100, 0, 0, 0.1, 10).k).toBe(10);
    expect(zoomAround(v, 0.001, 0, 0, 0.1, 10).k).toBe(0.1);
  });
});
