/**
 * Positions of the peer graph, chosen from the topology's shape. A structured topology (ring, line,
 * grid, trees, star, complete, small-world) is placed here once and for all: its picture is its
 * final one, with no force layout. A random graph starts here and the force layout (./force.ts)
 * refines it. Pure: no DOM, no randomness, so a topology looks the same on every load.
 * Positions are world units, interleaved [x0, y0, x1, y1, ...].
 */

/** Golden angle, radians: successive phyllotaxis points never line up. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Up to this many nodes a ring, line or complete graph sits on one circle. Beyond it a fitted circle
 * would put neighbours under about 8 CSS px apart in a laptop-sized view (its circumference grows
 * with n, its on-screen size does not), and thousands of nodes read as one pale circle: the shape
 * then fills an area shaped like the view instead, so every node keeps a few pixels of its own.
 */
export const CIRCLE_MAX_NODES = 200;

/** Above this many nodes a random graph starts from a breadth-first disc (placeLayeredDisc), not the plain spiral. */
export const LAYERED_START_NODES = 300;

/** Width over height of the shapes large structured graphs fill: about a laptop's graph area. */
const SCREEN_ASPECT = 1.6;
/** A line's snake: rows this many spacings apart, so the rows read as separate strands. */
const SNAKE_ROW_GAP = 1.5;

/**
 * How a topology's nodes are placed. "spiral" and "layered" are starting points for the force
 * layout (random graphs); every other arrangement is final.
 */
export type Arrangement = "circle" | "double-spiral" | "snake" | "grid" | "radial" | "spiral" | "layered";

/** The arrangement of `n` nodes of `topology` (n only matters past CIRCLE_MAX_NODES and LAYERED_START_NODES). */
export function arrangementOf(topology: string, n = 0): Arrangement {
  const big = n > CIRCLE_MAX_NODES;
  switch (topology) {
    case "ring":
    case "small-world":
      return big ? "double-spiral" : "circle";
    case "line":
      return big ? "snake" : "circle";
    case "complete":
    case "total":
      return big ? "double-spiral" : "circle";
    case "grid":
      return "grid";
    case "tree2":
    case "tree3":
    case "tree4":
    case "star":
      // Past a few hundred nodes a tree's outer rings would hold thousands of nodes on one circle:
      // the breadth-first disc gives each depth an annulus of its own instead, in the same wedges.
      return big ? "layered" : "radial";
    default:
      return n > LAYERED_START_NODES ? "layered" : "spiral";
  }
}

/** True when the topology's placed positions are final (every topology but random): no force layout runs. */
export function isStructured(topology: string): boolean {
  return arrangementOf(topology) !== "spiral";
}

/**
 * Positions for `n` nodes: neighbouring nodes about `spacingWorld` apart, centred on the origin.
 * `edges` are index pairs [a0, b0, ...] (used by the radial tree layout).
 */
export function initialPositions(topology: string, n: number, edges: Uint32Array, spacingWorld: number): Float64Array {
  const xy = new Float64Array(2 * n);
  if (n <= 1) return xy;
  switch (arrangementOf(topology, n)) {
    case "circle":
      placeCircle(xy, n, spacingWorld);
      break;
    case "double-spiral":
      placeDoubleSpiral(xy, n, spacingWorld);
      break;
    case "snake":
      placeSnake(xy, n, spacingWorld);
      break;
    case "grid":
      placeGrid(xy, n, spacingWorld);
      break;
    case "radial":
      placeRadialTree(xy, n, edges, spacingWorld);
      break;
    case "spiral":
      placeSpiral(xy, n, spacingWorld);
      break;
    case "layered":
      placeLayeredDisc(xy, n, edges, spacingWorld);
      break;
  }
  return xy;
}

/**
 * A point `along` world units around a stadium (a racetrack: two half circles of radius `r` joined
 * by straight sides 2 * `half` long), from the middle of its top side, clockwise on screen (y grows
 * downward).
 */
function stadiumPoint(out: Float64Array, k: number, along: number, r: number, half: number): void {
  const arc = Math.PI * r;
  let a = along;
  let x: number;
  let y: number;
  if (a < half) {
    x = a;
    y = -r;
  } else if ((a -= half) < arc) {
    x = half + r * Math.sin(a / r);
    y = -r * Math.cos(a / r);
  } else if ((a -= arc) < 2 * half) {
    x = half - a;
    y = r;
  } else if ((a -= 2 * half) < arc) {
    x = -half - r * Math.sin(a / r);
    y = r * Math.cos(a / r);
  } else {
    x = -half + (a - arc);
    y = -r;
  }
  out[2 * k] = x;
  out[2 * k + 1] = y;
}

/**
 * `count` points along a spiral of stadiums (./stadiumPoint) around a straight core 2 * `half`
 * long, `step` apart along the curve, successive turns `turnGap` apart, the first `r0` from the core.
 */
function spiralPoints(count: number, step: number, turnGap: number, r0: number, half: number): Float64Array {
  const out = new Float64Array(2 * count);
  // turns: how far round the spiral the current point is (1 = one whole turn).
  let turns = 0;
  for (let i = 0; i < count; i++) {
    const r = r0 + turnGap * turns;
    const perimeter = 4 * half + 2 * Math.PI * r;
    stadiumPoint(out, i, (turns % 1) * perimeter, r, half);
    turns += step / perimeter;
  }
  return out;
}

/**
 * A ring wound into a racetrack shaped like the view (SCREEN_ASPECT wide): two interleaved spiral
 * arms, out along one and back along the other, each neighbour one spacing away along its arm and
 * the arms one spacing apart. n1 sits in the middle; the outgoing arm is cut where its end meets the
 * returning arm's (half a turn further on), so every edge of the ring is short and a value
 * spreading from n1 fills the shape outward.
 */
function placeDoubleSpiral(xy: Float64Array, n: number, spacing: number): void {
  // Area n spacings^2 = outer radius R^2 (pi + 4 (aspect - 1)) with a core of half length (aspect - 1) R.
  const outerRadius = spacing * Math.sqrt(n / (Math.PI + 4 * (SCREEN_ASPECT - 1)));
  const arm = spiralPoints(n, spacing, 2 * spacing, spacing / 2, (SCREEN_ASPECT - 1) * outerRadius);
  // Node i < out: arm point i; node i >= out: the opposite arm's point n - i (n - 1 next to n1).
  let out = Math.ceil(n / 2);
  let best = Infinity;
  for (let a = Math.max(2, Math.floor(n / 3)); a <= Math.ceil(n / 2); a++) {
    const j = n - a;
    const gap = Math.hypot(arm[2 * (a - 1)]! + arm[2 * j]!, arm[2 * (a - 1) + 1]! + arm[2 * j + 1]!);
    if (gap < best) {
      best = gap;
      out = a;
    }
  }
  for (let i = 0; i < n; i++) {
    if (i < out) {
      xy[2 * i] = arm[2 * i]!;
      xy[2 * i + 1] = arm[2 * i + 1]!;
    } else {
      xy[2 * i] = -arm[2 * (n - i)]!;
      xy[2 * i + 1] = -arm[2 * (n - i) + 1]!;
    }
  }
}

/**
 * A line folded into rows (boustrophedon): left to right, then right to left, so neighbours stay
 * one spacing apart and thousands of nodes fill a block shaped like the view.
 */
function placeSnake(xy: Float64Array, n: number, spacing: number): void {
  const cols = Math.max(1, Math.round(Math.sqrt(n * SCREEN_ASPECT * SNAKE_ROW_GAP)));
  const rows = Math.ceil(n / cols);
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const inRow = i % cols;
    const col = row % 2 === 0 ? inRow : cols - 1 - inRow;
    xy[2 * i] = (col - (cols - 1) / 2) * spacing;
    xy[2 * i + 1] = (row - (rows - 1) / 2) * spacing * SNAKE_ROW_GAP;
  }
}

/** n1 at the top, then clockwise (y grows downward on screen), arc between neighbours = spacing. */
function placeCircle(xy: Float64Array, n: number, spacing: number): void {
  const radius = Math.max(spacing / 2, (n * spacing) / (2 * Math.PI));
  for (let i = 0; i < n; i++) {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    xy[2 * i] = radius * Math.cos(angle);
    xy[2 * i + 1] = radius * Math.sin(angle);
  }
}

/** Row-major with ceil(sqrt(n)) columns, the engine's grid (src/sim/topology.ts). */
function placeGrid(xy: Float64Array, n: number, spacing: number): void {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = ((i % cols) - (cols - 1) / 2) * spacing;
    xy[2 * i + 1] = (Math.floor(i / cols) - (rows - 1) / 2) * spacing;
  }
}

/** Sunflower spiral: even density (one node per ~spacing^2), no two nodes coincide. */
function placeSpiral(xy: Float64Array, n: number, spacing: number): void {
  const scale = spacing * 0.6;
  for (let i = 0; i < n; i++) {
    const r = scale * Math.sqrt(i + 0.5);
    const angle = i * GOLDEN_ANGLE;
    xy[2 * i] = r * Math.cos(angle);
    xy[2 * i + 1] = r * Math.sin(angle);
  }
}

/**
 * A large random graph's starting point for the force layout, and a large tree's or star's final
 * picture: the sunflower disc (even density), filled in breadth-first order from n1 at the centre
 * (a tree's root, a star's hub). Each breadth-first layer takes the next
 * annulus of the disc, and inside it a node takes the slot nearest the angle of its wedge in the
 * search tree (wedges sized by subtree), so a node starts beside the node that reached it and the
 * layout has little left to do. Further components start from their lowest-numbered node.
 */
function placeLayeredDisc(xy: Float64Array, n: number, edges: Uint32Array, spacing: number): void {
  const { offsets, targets } = adjacency(n, edges);
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let tail = 0;
  let maxDepth = 0;
  for (let root = 0; root < n; root++) {
    if (depth[root] !== -1) continue;
    depth[root] = 0;
    let head = tail;
    order[tail++] = root;
    while (head < tail) {
      const u = order[head++]!;
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
        const v = targets[k]!;
        if (depth[v] !== -1) continue;
        depth[v] = depth[u]! + 1;
        maxDepth = Math.max(maxDepth, depth[v]!);
        parent[v] = u;
        order[tail++] = v;
      }
    }
  }
  // Subtree sizes bottom-up (a parent always comes before its children in `order`).
  const size = new Float64Array(n).fill(1);
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k]!;
    if (parent[v]! >= 0) size[parent[v]!]! += size[v]!;
  }
  // Wedges top-down: a node's wedge is [start, start + size); its children share the middle of it.
  const start = new Float64Array(n);
  const childCursor = new Float64Array(n);
  let rootCursor = 0;
  for (let k = 0; k < n; k++) {
    const v = order[k]!;
    const p = parent[v]!;
    if (p < 0) {
      start[v] = rootCursor;
      rootCursor += size[v]!;
    } else {
      start[v] = childCursor[p]!;
      childCursor[p]! += size[v]!;
    }
    childCursor[v] = start[v]! + 0.5;
  }
  const angleOf = (v: number) => (start[v]! + size[v]! / 2) / n;

  // Nodes by depth (counting sort), then each depth's annulus of sunflower slots paired by angle.
  const perDepth = new Int32Array(maxDepth + 2);
  for (let v = 0; v < n; v++) perDepth[depth[v]! + 1]!++;
  for (let d = 0; d <= maxDepth; d++) perDepth[d + 1]! += perDepth[d]!;
  const byDepth = new Int32Array(n);
  const fill = perDepth.slice(0, maxDepth + 1);
  for (let k = 0; k < n; k++) byDepth[fill[depth[order[k]!]!]!++] = order[k]!;

  const scale = spacing * 0.6;
  const slotTurn = (i: number) => ((i * GOLDEN_ANGLE) / (2 * Math.PI)) % 1;
  for (let d = 0; d <= maxDepth; d++) {
    const from = perDepth[d]!;
    const to = perDepth[d + 1]!;
    const nodes = Array.from(byDepth.subarray(from, to)).sort((a, b) => angleOf(a) - angleOf(b) || a - b);
    const slots = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => slotTurn(a) - slotTurn(b) || a - b);
    for (let k = 0; k < nodes.length; k++) {
      const v = nodes[k]!;
      const i = slots[k]!;
      const r = scale * Math.sqrt(i + 0.5);
      const angle = i * GOLDEN_ANGLE;
      xy[2 * v] = r * Math.cos(angle);
      xy[2 * v + 1] = r * Math.sin(angle);
    }
  }
}

/**
 * Radial layered tree rooted at node 0 (the root of tree2/3/4 and the centre of a star): depth d on
 * a circle, each subtree given an angular wedge proportional to its leaves. A ring's radius grows
 * past d * spacing when its nodes would otherwise sit closer than `spacing` along the circle.
 * Nodes the breadth-first search does not reach go on an outer ring.
 */
function placeRadialTree(xy: Float64Array, n: number, edges: Uint32Array, spacing: number): void {
  const { offsets, targets } = adjacency(n, edges);
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  depth[0] = 0;
  order[0] = 0;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const u = order[head++]!;
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
      const v = targets[k]!;
      if (depth[v] === -1) {
        depth[v] = depth[u]! + 1;
        parent[v] = u;
        order[tail++] = v;
      }
    }
  }
  const reached = tail;
  let maxDepth = 0;
  for (let k = 0; k < reached; k++) maxDepth = Math.max(maxDepth, depth[order[k]!]!);
  // Unreached nodes form one more ring outside the tree.
  for (let v = 0; v < n; v++) {
    if (depth[v] === -1) {
      depth[v] = maxDepth + 1;
      order[tail++] = v;
    }
  }
  if (reached < n) maxDepth++;

  // Leaves under each node, summed bottom-up (reverse BFS order).
  const leaves = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k]!;
    if (leaves[v] === 0) leaves[v] = 1;
    const p = parent[v]!;
    if (p >= 0) leaves[p]! += leaves[v]!;
  }

  const perDepth = new Int32Array(maxDepth + 1);
  for (let v = 0; v < n; v++) perDepth[depth[v]!]!++;
  const radius = new Float64Array(maxDepth + 1);
  for (let d = 1; d <= maxDepth; d++) radius[d] = Math.max(radius[d - 1]! + spacing, (perDepth[d]! * spacing) / (2 * Math.PI));

  // Wedge start per node, in units of leaves; children take consecutive wedges in BFS order.
  const wedgeStart = new Float64Array(n);
  const nextChildStart = new Float64Array(n);
  let totalLeaves = leaves[0]!;
  let outerStart = totalLeaves;
  for (let k = 0; k < n; k++) {
    const v = order[k]!;
    const p = parent[v]!;
    if (v === 0) wedgeStart[v] = 0;
    else if (p >= 0) {
      wedgeStart[v] = nextChildStart[p]!;
      nextChildStart[p]! += leaves[v]!;
    } else {
      wedgeStart[v] = outerStart;
      outerStart += 1;
    }
    nextChildStart[v] = wedgeStart[v]!;
  }
  totalLeaves = outerStart;
  for (let v = 0; v < n; v++) {
    if (v === 0 && reached > 0) {
      xy[0] = 0;
      xy[1] = 0;
      continue;
    }
    const mid = wedgeStart[v]! + leaves[v]! / 2;
    const angle = -Math.PI / 2 + (2 * Math.PI * mid) / totalLeaves;
    const r = radius[depth[v]!]!;
    xy[2 * v] = r * Math.cos(angle);
    xy[2 * v + 1] = r * Math.sin(angle);
  }
}

/** Compressed adjacency (CSR) of an undirected edge list. */
export function adjacency(n: number, edges: Uint32Array): { offsets: Uint32Array; targets: Uint32Array } {
  const offsets = new Uint32Array(n + 1);
  for (let k = 0; k < edges.length; k++) offsets[edges[k]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Uint32Array(edges.length);
  for (let k = 0; k + 1 < edges.length; k += 2) {
    const a = edges[k]!;
    const b = edges[k + 1]!;
    targets[fill[a]!++] = b;
    targets[fill[b]!++] = a;
  }
  return { offsets, targets };
}
