import { describe, expect, it } from "vitest";
import { fitGraph } from "../../src/ui/graph/renderer";
import { createViewport } from "../../src/ui/graph/viewport";

function setup() {
  const scene = { n: 2, xy: Float64Array.of(0, 0, 100, 0) };
  const surface = { widthPx: 200, heightPx: 100, view: { k: 1, x: 0, y: 0 } };
  let moves = 0;
  const viewport = createViewport(scene, surface, () => moves++);
  return { scene, surface, viewport, moves: () => moves };
}

describe("the viewport", () => {
  it("follows fit as the graph moves, until the user moves the camera", () => {
    const { scene, surface, viewport, moves } = setup();
    viewport.reset();
    expect(surface.view).toEqual(fitGraph(scene.xy, 2, 200, 100));
    scene.xy = Float64Array.of(0, 0, 200, 0);
    viewport.refit();
    expect(surface.view).toEqual(fitGraph(scene.xy, 2, 200, 100));
    expect(moves()).toBe(0);

    viewport.moveTo({ k: 1, x: 5, y: 6 });
    expect(moves()).toBe(1);
    scene.xy = Float64Array.of(0, 0, 300, 0);
    viewport.refit();
    expect(surface.view).toEqual({ k: 1, x: 5, y: 6 });

    viewport.fit();
    expect(moves()).toBe(2);
    expect(surface.view).toEqual(fitGraph(scene.xy, 2, 200, 100));
  });

  it("zooms around a point, within a quarter and four times the fit zoom (at least 6)", () => {
    const { surface, viewport } = setup();
    viewport.moveTo({ k: 1, x: 0, y: 0 });
    viewport.zoomBy(2, 10, 20);
    expect(surface.view).toEqual({ k: 2, x: -10, y: -20 });
    viewport.zoomBy(100, 0, 0);
    expect(surface.view.k).toBe(6);
    viewport.zoomBy(1e-6, 0, 0);
    expect(surface.view.k).toBe(fitGraph(Float64Array.of(0, 0, 100, 0), 2, 200, 100).k / 4);
  });

  it("pans a node selected off screen to the centre, and leaves one in view alone", () => {
    const { surface, viewport, moves } = setup();
    viewport.moveTo({ k: 2, x: 0, y: 50 });
    viewport.keepInView(0); // drawn at (0, 50), within 25 px of the edge
    expect(surface.view).toEqual({ k: 2, x: 100, y: 50 });
    expect(moves()).toBe(2);
    viewport.keepInView(0); // now drawn at (100, 50)
    expect(surface.view).toEqual({ k: 2, x: 100, y: 50 });
    expect(moves()).toBe(2);
    viewport.keepInView(1); // drawn at (300, 50): centred at world x 100
    expect(surface.view).toEqual({ k: 2, x: -100, y: 50 });
  });
});
