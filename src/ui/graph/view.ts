/**
 * Pan and zoom math. A view maps world units to CSS pixels: screen = world * k + (x, y).
 * Pure; every function returns a new transform.
 */

export interface ViewTransform {
  /** CSS px per world unit. */
  k: number;
  /** Screen position of the world origin, CSS px. */
  x: number;
  y: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Bounding box of the first `n` interleaved points; all zero when n is 0. */
export function boundsOf(xy: Float64Array, n: number): Bounds {
  if (n === 0) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]!;
    const y = xy[2 * i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/**
 * The transform that shows `bounds` grown by `marginWorld` centred in a `widthPx` x `heightPx`
 * viewport with `paddingPx` free on each side, never zoomed in beyond `maxK`.
 */
export function fitTransform(bounds: Bounds, marginWorld: number, widthPx: number, heightPx: number, paddingPx: number, maxK: number): ViewTransform {
  const w = bounds.maxX - bounds.minX + 2 * marginWorld;
  const h = bounds.maxY - bounds.minY + 2 * marginWorld;
  const availW = Math.max(1, widthPx - 2 * paddingPx);
  const availH = Math.max(1, heightPx - 2 * paddingPx);
  const k = Math.min(maxK, availW / Math.max(w, 1e-9), availH / Math.max(h, 1e-9));
  const cx = (bounds.minX + bounds.maxX) / 2;
  const cy = (bounds.minY + bounds.maxY) / 2;
  return { k, x: widthPx / 2 - cx * k, y: heightPx / 2 - cy * k };
}

/** Zooms by `factor` keeping the world point under screen point (sx, sy) fixed; k clamped to [minK, maxK]. */
export function zoomAround(v: ViewTransform, factor: number, sx: number, sy: number, minK: number, maxK: number): ViewTransform {
  const k = Math.max(minK, Math.min(maxK, v.k * factor));
  const wx = (sx - v.x) / v.k;
  const wy = (sy - v.y) / v.k;
  return { k, x: sx - wx * k, y: sy - wy * k };
}

export function screenToWorld(v: ViewTransform, sx: number, sy: number): [number, number] {
  return [(sx - v.x) / v.k, (sy - v.y) / v.k];
}
