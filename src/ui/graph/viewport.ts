/**
 * Where the camera is: it follows fit (the whole graph in view, refitted as the layout moves and the
 * canvas resizes) until the user pans or zooms, and follows again on fit(). Writes surface.view; every
 * move the user makes calls `moved` so the owner redraws.
 */
import { fitGraph, type Scene, type Surface } from "./renderer";
import { zoomAround, type ViewTransform } from "./view";

export interface Viewport {
  /** Fits again if the view still follows fit; the caller redraws. */
  refit(): void;
  /** Follows fit again, fitted now; the caller redraws (a new topology). */
  reset(): void;
  /** reset(), and redraw. */
  fit(): void;
  /** The user moves the camera to `v`: the view stops following fit. */
  moveTo(v: ViewTransform): void;
  /** Zooms by `factor` around (sx, sy) CSS px, within a range around the fit zoom. */
  zoomBy(factor: number, sx: number, sy: number): void;
  /** Pans just enough to bring a node (selected by keyboard) back into view. */
  keepInView(node: number): void;
}

export function createViewport(scene: Pick<Scene, "n" | "xy">, surface: Pick<Surface, "widthPx" | "heightPx" | "view">, moved: () => void): Viewport {
  let followFit = true;

  function fitView(): ViewTransform {
    return fitGraph(scene.xy, scene.n, surface.widthPx, surface.heightPx);
  }

  const viewport: Viewport = {
    refit() {
      if (followFit) surface.view = fitView();
    },
    reset() {
      followFit = true;
      surface.view = fitView();
    },
    fit() {
      viewport.reset();
      moved();
    },
    moveTo(v) {
      followFit = false;
      surface.view = v;
      moved();
    },
    zoomBy(factor, sx, sy) {
      const fitK = fitView().k;
      viewport.moveTo(zoomAround(surface.view, factor, sx, sy, fitK / 4, Math.max(6, fitK * 4)));
    },
    keepInView(node) {
      const { k, x, y } = surface.view;
      const sx = scene.xy[2 * node]! * k + x;
      const sy = scene.xy[2 * node + 1]! * k + y;
      const inset = Math.min(48, surface.widthPx / 4, surface.heightPx / 4);
      if (sx >= inset && sy >= inset && sx <= surface.widthPx - inset && sy <= surface.heightPx - inset) return;
      viewport.moveTo({ k, x: surface.widthPx / 2 - scene.xy[2 * node]! * k, y: surface.heightPx / 2 - scene.xy[2 * node + 1]! * k });
    },
  };
  return viewport;
}
