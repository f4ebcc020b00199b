/**
 * The peer graph's force layout, for random graphs only: a structured topology's positions from
 * ./initial.ts are final (settled at once, no tick). Up to LARGE_GRAPH_NODES nodes, d3-force
 * (links, many-body repulsion, a weak pull to the origin); beyond, where one d3-force tick costs tens
 * to hundreds of ms, the cheap grid relaxation of ./relax.ts from a breadth-first disc. Ticked by the
 * caller within a time budget, so no thread blocks. Deterministic: d3-force's randomSource is a
 * seeded generator and the tick sequence does not depend on how ticks fall into frames, so the same
 * topology settles to the same picture on every load.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type Simulation, type SimulationNodeDatum } from "d3-force";
import { Rng } from "../sim/rng";
import { arrangementOf, initialPositions, isStructured } from "./initial";
import { GridRelax } from "./relax";

/** Beyond these sizes even the grid relaxation is not worth its time: the seeded positions stay. */
export const MAX_FORCE_NODES = 100_000;
export const MAX_FORCE_LINKS = 1_000_000;

/** Above this many nodes a random graph relaxes on the grid (./relax.ts) instead of in d3-force. */
export const LARGE_GRAPH_NODES = 2000;
const ALPHA_MIN = 0.002;
/** d3-force ticks from alpha 1 (the plain spiral) or from ALPHA_LAYERED (the breadth-first disc) to ALPHA_MIN. */
const SPIRAL_TICKS = 150;
const LAYERED_TICKS = 60;
/** The breadth-first disc is already close to rest: d3-force only relaxes it. */
const ALPHA_LAYERED = 0.3;

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
  private readonly nodes: SimulationNodeDatum[] = [];
  private readonly sim: Simulation<SimulationNodeDatum, undefined> | null = null;
  private readonly relax: GridRelax | null = null;

  constructor(topology: string, n: number, edges: Uint32Array, options: ForceLayoutOptions) {
    this.n = n;
    const spacing = options.spacingWorld;
    this.xy = initialPositions(topology, n, edges, spacing);
    const m = edges.length >>> 1;
    if (n < 2 || isStructured(topology) || n > MAX_FORCE_NODES || m > MAX_FORCE_LINKS) return;
    if (n > LARGE_GRAPH_NODES) {
      this.relax = new GridRelax(this.xy, n, edges, spacing);
      return;
    }
    this.nodes = Array.from({ length: n }, (_, i) => ({ index: i, x: this.xy[2 * i]!, y: this.xy[2 * i + 1]!, vx: 0, vy: 0 }));
    const links = Array.from({ length: m }, (_, k) => ({ source: edges[2 * k]!, target: edges[2 * k + 1]! }));
    const rng = new Rng(options.seed);
    const layered = arrangementOf(topology, n) === "layered";
    const ticks = layered ? LAYERED_TICKS : SPIRAL_TICKS;
    this.sim = forceSimulation(this.nodes)
      .stop()
      .randomSource(() => rng.next())
      .alpha(layered ? ALPHA_LAYERED : 1)
      // From the starting alpha to alphaMin in `ticks` ticks (d3's default takes 300 from 1): the
      // seeded start makes the slow tail of d3's schedule invisible.
      .alphaMin(ALPHA_MIN)
      .alphaDecay(1 - Math.pow(ALPHA_MIN / (layered ? ALPHA_LAYERED : 1), 1 / ticks))
      .force("link", forceLink(links).distance(spacing).iterations(1))
      .force("charge", forceManyBody().strength(-spacing * CHARGE_PER_SPACING).theta(0.9).distanceMax(spacing * 10))
      .force("x", forceX(0).strength(0.02))
      .force("y", forceY(0).strength(0.02))
      .force("collide", forceCollide(options.collideRadiusWorld).iterations(1));
  }

  /** True once the layout has cooled (or never ran): positions no longer change. */
  get settled(): boolean {
    if (this.relax) return this.relax.settled;
    return this.sim === null || this.sim.alpha() < this.sim.alphaMin();
  }

  /**
   * Runs ticks until `budgetMs` of `now()` time has passed (at least one tick) or the layout
   * settles. Returns the number of ticks run; positions in `xy` are current afterwards.
   */
  step(budgetMs: number, now: () => number): number {
    if (this.settled) return 0;
    const start = now();
    let ran = 0;
    if (this.relax) {
      do {
        this.relax.tick();
        ran++;
      } while (!this.settled && now() - start < budgetMs);
      this.ticks += ran;
      return ran;
    }
    const sim = this.sim!;
    do {
      sim.tick();
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
