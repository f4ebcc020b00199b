import { describe, expect, it } from "vitest";
import { ForceLayout } from "../../src/layout/force";
import { Rng } from "../../src/sim/rng";
import { buildTopology } from "../../src/sim/topology";
import { FLASH_STEPS, flashRadiusPx } from "../../src/ui/graph/moving";
import { DENSE_RADIUS_PX, LABEL_MAX_PX, MAX_FIT_K, NODE_RADIUS_WORLD, SPACING_WORLD, dotRadiusPx, fitGraph, labelFontPx, nodeRadiusPx, outerRadiusPx, ringWidthPx } from "../../src/ui/graph/renderer";

describe("node geometry", () => {
  it("labels fit inside the node, capped, and vanish below the minimum", () => {
    // "n16" in a 21 px node: 0.9 x 21 = 18.9, rounded down to the half pixel.
    expect(labelFontPx(21, 3)).toBe(18.5);
    expect(labelFontPx(100, 3)).toBe(LABEL_MAX_PX);
    // "n100": width limits, 1.9 x 12 / (0.6 x 4) = 9.5.
    expect(labelFontPx(12, 4)).toBe(9.5);
    expect(labelFontPx(10, 4)).toBe(0);
  });

  it("rings only around nodes big enough to show them", () => {
    expect(ringWidthPx(6.9)).toBe(0);
    expect(ringWidthPx(7)).toBe(2);
    expect(ringWidthPx(20)).toBe(3.2);
    expect(ringWidthPx(100)).toBe(5);
    expect(outerRadiusPx(20)).toBe(25.2);
    expect(outerRadiusPx(5)).toBe(5);
    expect(nodeRadiusPx(0.01)).toBe(1.5);
  });

  it("message dots stay smaller than small nodes, and keep their size among large ones", () => {
    for (const r of [1.5, 2, 3, 5, DENSE_RADIUS_PX - 0.1]) expect(dotRadiusPx(r)).toBeLessThan(r);
    expect(dotRadiusPx(1.5)).toBe(1.25);
    expect(dotRadiusPx(DENSE_RADIUS_PX)).toBe(2.52);
    expect(dotRadiusPx(14)).toBe(5.04);
    expect(dotRadiusPx(40)).toBe(7);
  });

  it("a flash among small nodes stays within a few pixels of its node; among large ones it grows wide", () => {
    expect(flashRadiusPx(2, FLASH_STEPS - 1, false)).toBe(2 + 1 + 3 * 0.95);
    expect(flashRadiusPx(2, 0, true)).toBe(4);
    expect(flashRadiusPx(20, FLASH_STEPS - 1, false)).toBe(20 + 2 + 24 * 0.95);
  });

  it("a 16-node graph at fit zoom has labels of at least 13 CSS px (classroom distance)", () => {
    const names = Array.from({ length: 16 }, (_, i) => `n${i + 1}`);
    for (const topology of ["random", "ring", "grid", "tree2", "star", "complete"] as const) {
      const g = buildTopology({ topology, nodes: 16, degree: 4, rewire: 0.2 }, new Rng(1));
      const layout = new ForceLayout(topology, 16, g.edges, { spacingWorld: SPACING_WORLD, collideRadiusWorld: NODE_RADIUS_WORLD + 6, seed: 1 });
      layout.settle();
      // The graph area of the page on a 1280 x 800 window (and a 1024 x 768 projector).
      for (const [w, h] of [[966, 578], [720, 520]] as const) {
        const view = fitGraph(layout.xy, 16, w, h);
        expect(view.k).toBeLessThanOrEqual(MAX_FIT_K);
        const font = labelFontPx(nodeRadiusPx(view.k), Math.max(...names.map((s) => s.length)));
        expect(font, `${topology} at ${w}x${h}`).toBeGreaterThanOrEqual(13);
      }
    }
  });
});
