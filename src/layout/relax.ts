/**
 * The force layout of large random graphs (thousands to tens of thousands of nodes), where a
 * d3-force tick costs tens to hundreds of ms: a fixed number of cheap ticks over typed arrays that
 * relax a good starting guess (./initial.ts, the breadth-first disc) instead of finding a picture
 * from scratch. Each tick pulls every edge toward its rest length with a bounded force (a random
 * graph's long edges would otherwise crush the disc) and pushes apart nodes closer than one spacing,
 * found through a uniform grid of spacing-sized cells, so a tick is O(nodes + edges).
 * Deterministic: no randomness, a fixed visiting order.
 */

/** Ticks from the start to rest. */
export const RELAX_TICKS = 40;
/** Pull of one stretched edge, as a share of the largest step. */
const SPRING = 0.08;
/** Push between two nodes at the same place, as a share of the largest step (falls to 0 at one spacing). */
const REPEL = 0.6;
/** The largest step a node takes in a tick, in spacings, at the first tick (falls linearly to 0). */
const MAX_STEP_SPACINGS = 0.5;

export class GridRelax {
  /** Ticks run so far. */
  ticks = 0;
  private readonly dx: Float64Array;
  private readonly dy: Float64Array;
  private readonly cellOf: Int32Array;
  private readonly cellNodes: Int32Array;
  private cellStart = new Int32Array(0);
  private cursor = new Int32Array(0);

  constructor(
    /** Positions, updated in place. */
    readonly xy: Float64Array,
    readonly n: number,
    private readonly edges: Uint32Array,
    private readonly spacing: number,
  ) {
    this.dx = new Float64Array(n);
    this.dy = new Float64Array(n);
    this.cellOf = new Int32Array(n);
    this.cellNodes = new Int32Array(n);
  }

  get settled(): boolean {
    return this.ticks >= RELAX_TICKS;
  }

  tick(): void {
    if (this.settled) return;
    const { xy, n, dx, dy, spacing } = this;
    const maxStep = spacing * MAX_STEP_SPACINGS * (1 - this.ticks / RELAX_TICKS);
    dx.fill(0);
    dy.fill(0);
    const edges = this.edges;
    for (let k = 0; k + 1 < edges.length; k += 2) {
      const a = edges[k]!;
      const b = edges[k + 1]!;
      const vx = xy[2 * b]! - xy[2 * a]!;
      const vy = xy[2 * b + 1]! - xy[2 * a + 1]!;
      const d = Math.hypot(vx, vy);
      if (d <= spacing) continue;
      const f = (SPRING * Math.min(1, (d - spacing) / spacing)) / d;
      dx[a]! += vx * f;
      dy[a]! += vy * f;
      dx[b]! -= vx * f;
      dy[b]! -= vy * f;
    }
    this.repel();
    for (let i = 0; i < n; i++) {
      const len = Math.hypot(dx[i]!, dy[i]!);
      if (len === 0) continue;
      const s = (maxStep * Math.min(len, 1)) / len;
      xy[2 * i]! += dx[i]! * s;
      xy[2 * i + 1]! += dy[i]! * s;
    }
    this.ticks++;
  }

  /** Pushes apart every pair closer than one spacing, each pair once, through a grid of spacing-sized cells. */
  private repel(): void {
    const { xy, n, dx, dy, spacing, cellOf, cellNodes } = this;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, xy[2 * i]!);
      maxX = Math.max(maxX, xy[2 * i]!);
      minY = Math.min(minY, xy[2 * i + 1]!);
      maxY = Math.max(maxY, xy[2 * i + 1]!);
    }
    const cols = Math.floor((maxX - minX) / spacing) + 1;
    const rows = Math.floor((maxY - minY) / spacing) + 1;
    const cells = cols * rows;
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(cells + 1);
    const cellStart = this.cellStart;
    cellStart.fill(0, 0, cells + 1);
    for (let i = 0; i < n; i++) {
      const c = Math.floor((xy[2 * i]! - minX) / spacing) + cols * Math.floor((xy[2 * i + 1]! - minY) / spacing);
      cellOf[i] = c;
      cellStart[c + 1]!++;
    }
    for (let c = 0; c < cells; c++) cellStart[c + 1]! += cellStart[c]!;
    // cellNodes[cellStart[c] .. cellStart[c + 1]): the nodes in cell c, by index.
    if (this.cursor.length < cells) this.cursor = new Int32Array(cells);
    const cursor = this.cursor;
    cursor.set(cellStart.subarray(0, cells));
    for (let i = 0; i < n; i++) cellNodes[cursor[cellOf[i]!]!++] = i;

    for (let i = 0; i < n; i++) {
      const xi = xy[2 * i]!;
      const yi = xy[2 * i + 1]!;
      const c = cellOf[i]!;
      const cx = c % cols;
      const cy = (c - cx) / cols;
      for (let oy = -1; oy <= 1; oy++) {
        const y = cy + oy;
        if (y < 0 || y >= rows) continue;
        for (let ox = -1; ox <= 1; ox++) {
          const x = cx + ox;
          if (x < 0 || x >= cols) continue;
          const cell = x + cols * y;
          for (let s = cellStart[cell]!; s < cellStart[cell + 1]!; s++) {
            const j = cellNodes[s]!;
            if (j <= i) continue;
            let vx = xy[2 * j]! - xi;
            let vy = xy[2 * j + 1]! - yi;
            let d = Math.hypot(vx, vy);
            if (d >= spacing) continue;
            if (d === 0) {
              // Same place: part them along a direction fixed by their indices.
              vx = Math.cos(i + j);
              vy = Math.sin(i + j);
              d = 1e-9;
            }
            const f = (REPEL * (1 - d / spacing)) / Math.hypot(vx, vy);
            dx[i]! -= vx * f;
            dy[i]! -= vy * f;
            dx[j]! += vx * f;
            dy[j]! += vy * f;
          }
        }
      }
    }
  }
}
