/**
 * The shift-drag lasso that picks nodes for a partition group: which nodes it encloses (pure) and how
 * it is drawn over the graph while the drag lasts. A lasso is a flat list of CSS px points
 * (x0, y0, x1, y1, ...), closed from its last point back to its first.
 */
import type { Surface } from "./renderer";
import type { ViewTransform } from "./view";

/** Nodes whose centres, drawn at `view`, lie inside the polygon: even-odd rule, in index order. */
export function nodesInPolygon(xy: Float64Array, n: number, view: ViewTransform, poly: readonly number[]): number[] {
  const { k, x: ox, y: oy } = view;
  const inside: number[] = [];
  const m = poly.length / 2;
  for (let i = 0; i < n; i++) {
    const px = xy[2 * i]! * k + ox;
    const py = xy[2 * i + 1]! * k + oy;
    let odd = false;
    for (let a = 0, b = m - 1; a < m; b = a++) {
      const ax = poly[2 * a]!;
      const ay = poly[2 * a + 1]!;
      const bx = poly[2 * b]!;
      const by = poly[2 * b + 1]!;
      if (ay > py !== by > py && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) odd = !odd;
    }
    if (odd) inside.push(i);
  }
  return inside;
}

/** The lasso being drawn, over everything else; nothing until it has two points. */
export function drawLasso(ctx: CanvasRenderingContext2D, lasso: readonly number[] | null, surface: Surface): void {
  if (!lasso || lasso.length < 4) return;
  ctx.setTransform(surface.dpr, 0, 0, surface.dpr, 0, 0);
  ctx.beginPath();
  ctx.moveTo(lasso[0]!, lasso[1]!);
  for (let j = 2; j < lasso.length; j += 2) ctx.lineTo(lasso[j]!, lasso[j + 1]!);
  ctx.closePath();
  ctx.globalAlpha = 0.12;
  ctx.fillStyle = surface.theme["--graph-selected"];
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = surface.theme["--graph-selected"];
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.setLineDash([]);
}
