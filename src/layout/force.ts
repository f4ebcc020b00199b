/**
 * The peer graph's force layout: d3-force (links, many-body repulsion, a weak pull to the origin)
 * started from the topology's seeded positions (./initial.ts) and ticked by the caller within a time
 * budget, so the main thread never blocks. Deterministic: d3-force's randomSource is a seeded
 * generator and the tick sequence does not depend on how ticks fall into frames, so the same
 * topology settles to the same picture on every load.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type Simulation, type SimulationNodeDatum } from "d3-force";
import { Rng } from "../sim/rng";
import { arrangementOf, initialPositions } from "./initial";

/** Beyond these sizes d3-force costs too much memory or time per tick: the seeded positions stay. */
export const MAX_FORCE_NODES = 20_000;
export const MAX_FORCE_LINKS = 100_000;

/** Above this many nodes the layout trades detail for speed (see the constructor). */
export const LARGE_GRAPH_NODES = 2000;
const ALPHA_MIN = 0.002;

/** Repulsion per unit of spacing: strong enough that a dense random graph does not pile nodes up. */
const CHARGE_PER_SPACING = 1.5;

export interface ForceLayoutOptions {
  /** Link rest length and the seeded layouts' neighbour spacing, world units. */
  spacingWorld: number;
  /** Nodes are kept at least 2 x this apart (world units): the drawn node and its ring, plus a gap. */
  collideRadiusWorld: number;
  seed: number;
}

export class ForceLayout {
  readonly n: number;
  /** Positions, world units, [x0, y0, x1, y1, ...]; updated after every step. */
  readonly xy: Float64Array;
  /** Ticks run so far. */
  ticks = 0;
  private readonly nodes: SimulationNodeDatum[];
  private readonly sim: Simulation<SimulationNodeDatum, undefined> | null;

  constructor(topology: string, n: number, edges: Uint32Array, options: ForceLayoutOptions) {
    this.n = n;
    this.xy = initialPositions(topology, n, edges, options.spacingWorld);
    const m = edges.length >>> 1;
    if (n < 2 || n > MAX_FORCE_NODES || m > MAX_FORCE_LINKS) {
      this.nodes = [];
      this.sim = null;
      return;
    }
    this.nodes = Array.from({ length: n }, (_, i) => ({ index: i, x: this.xy[2 * i]!, y: this.xy[2 * i + 1]!, vx: 0, vy: 0 }));
    const links = Array.from({ length: m }, (_, k) => ({ source: edges[2 * k]!, target: edges[2 * k + 1]! }));
    const rng = new Rng(options.seed);
    const spacing = options.spacingWorld;
    // A seeded shape (circle, grid, tree) is already close to its rest state: a low starting alpha
    // only relaxes it. A spiral start for a random graph needs the full cooling schedule.
    const seeded = arrangementOf(topology) !== "spiral";
    // Large graphs: fewer ticks and no collision pass (each costs tens of ms a tick at 5,000 nodes).
    const large = n > LARGE_GRAPH_NODES;
    const ticks = large ? 100 : 150;
    this.sim = forceSimulation(this.nodes)
      .stop()
      .randomSource(() => rng.next())
      .alpha(seeded ? 0.3 : 1)
      // From alpha 1 to alphaMin in `ticks` ticks (d3's default takes 300): the seeded start makes the
      // slow tail of d3's schedule invisible.
      .alphaMin(ALPHA_MIN)
      .alphaDecay(1 - Math.pow(ALPHA_MIN, 1 / ticks))
      .force("link", forceLink(links).distance(seeded ? (link) => this.seededLength(link, spacing) : spacing).iterations(1))
      .force("charge", forceManyBody().strength(-spacing * CHARGE_PER_SPACING).theta(large ? 1.2 : 0.9).distanceMax(spacing * 10))
      .force("x", forceX(0).strength(0.02))
      .force("y", forceY(0).strength(0.02));
    if (!large) this.sim.force("collide", forceCollide(options.collideRadiusWorld).iterations(1));
  }

  /**
   * Rest length of a link in a seeded shape: its length there (at least one spacing), so a star's
   * spokes, a tree's rings and a complete graph's chords keep the picture instead of collapsing it.
   */
  private seededLength(link: { source: unknown; target: unknown }, spacing: number): number {
    const a = (link.source as SimulationNodeDatum).index!;
    const b = (link.target as SimulationNodeDatum).index!;
    return Math.max(spacing, Math.hypot(this.xy[2 * a]! - this.xy[2 * b]!, this.xy[2 * a + 1]! - this.xy[2 * b + 1]!));
  }

  /** True once the layout has cooled (or never ran): positions no longer change. */
  get settled(): boolean {
    return this.sim === null || this.sim.alpha() < this.sim.alphaMin();
  }

  /**
   * Runs ticks until `budgetMs` of `now()` time has passed (at least one tick) or the layout
   * settles. Returns the number of ticks run; positions in `xy` are current afterwards.
   */
  step(budgetMs: number, now: () => number): number {
    if (this.sim === null || this.settled) return 0;
    const start = now();
    let ran = 0;
    do {
      this.sim.tick();
      ran++;
    } while (!this.settled && now() - start < budgetMs);
    this.ticks += ran;
    const nodes = this.nodes;
    for (let i = 0; i < this.n; i++) {
      const node = nodes[i]!;
      this.xy[2 * i] = node.x!;
      this.xy[2 * i + 1] = node.y!;
    }
    return ran;
  }

  /** Runs the layout to rest in one go (tests, headless). */
  settle(): void {
    while (!this.settled) this.step(Infinity, () => 0);
  }
}
