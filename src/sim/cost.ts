/**
 * What a run costs, asked before any work is done: the graph's links, the messages of a gossip
 * round, the messages in flight at once (a long latency and a short interval multiply them), and the
 * messages simulated to reach a moment. Every entry point (a link, a run file, the page's settings,
 * gossip-sim's flags and --run, the Experiments field) refuses a run over its bounds with one
 * sentence naming the figure and the limit, and changes nothing. The page holds every message in
 * flight in one tab, so its bounds are lower; bin/gossip-sim runs bigger runs headless.
 */
import type { SimConfig } from "./config";
import type { ScriptCommand } from "./script";

/** The figures a run reaches (runCost) or may reach (its bounds). */
export interface CostBounds {
  /** Links of the graph (index pairs and adjacency lists: about 24 bytes each). */
  edges: number;
  /** Node-to-node messages of one gossip round. */
  messagesPerRound: number;
  /** Messages in flight at once. */
  inFlight: number;
  /** Messages simulated to reach the moment a run is opened at. */
  messagesToMoment: number;
}

/** The page's: one tab, kept responsive (a replay of 20 million messages takes the page's engine 10 to 60 s). */
export const PAGE_BOUNDS: CostBounds = { edges: 2_000_000, messagesPerRound: 1_000_000, inFlight: 1_000_000, messagesToMoment: 20_000_000 };
/** bin/gossip-sim's and bin/gossip-node's: a process of a few GB; long work is fine there (it reports progress). */
export const CLI_BOUNDS: CostBounds = { edges: 12_500_000, messagesPerRound: 20_000_000, inFlight: 10_000_000, messagesToMoment: Infinity };

/** Links of the topology `c` names, at most (small-world and random: nodes x degree / 2). */
export function edgeCount(c: Pick<SimConfig, "nodes" | "topology" | "degree">): number {
  const n = c.nodes;
  switch (c.topology) {
    case "complete":
      return (n * (n - 1)) / 2;
    case "random":
    case "small-world":
      return Math.ceil((n * Math.min(c.degree, Math.max(0, n - 1))) / 2);
    case "grid":
      return 2 * n;
    default:
      // line, ring, trees, star: at most one link per node.
      return n;
  }
}

/** The longest a message may be on its way, ms, near enough: uniform draws up to twice the mean; exponential, rarely past four times. */
function latencyBoundMs(c: Pick<SimConfig, "latencyMs" | "latencyDist">): number {
  return c.latencyMs * (c.latencyDist === "constant" ? 1 : c.latencyDist === "uniform" ? 2 : 4);
}

/** Upper bounds of what `c` costs, from its settings alone (nothing is built), and of the work to reach `atMs`. */
export function runCost(c: SimConfig, atMs = 0): CostBounds {
  const edges = edgeCount(c);
  // Each node sends to at most min(fanout, its degree) peers: the degrees add up to twice the links.
  const sends = c.gossip === "off" ? 0 : Math.min(c.nodes * c.fanout, 2 * edges);
  const perRound = sends * (c.gossip === "push" ? 1 : 2);
  // The rounds whose messages can be on their way at once: those sent within the longest latency.
  const roundsInFlight = Math.max(1, Math.ceil(latencyBoundMs(c) / c.gossipIntervalMs));
  const rounds = Math.floor(Math.max(0, atMs) / c.gossipIntervalMs);
  return { edges, messagesPerRound: perRound, inFlight: perRound * roundsInFlight, messagesToMoment: perRound * rounds };
}

/** A figure as a sentence says it: "19 million", "1.2 billion", "3,200". */
function count(n: number): string {
  const about = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString("en"));
  if (n >= 1e9) return `${about(n / 1e9)} billion`;
  return n >= 1e6 ? `${about(n / 1e6)} million` : Math.round(n).toLocaleString("en");
}

/**
 * Why a run of `c` (opened at `atMs`) is over `bounds`, as one sentence naming the figure and the
 * limit; null when it is within them. `where` names what carries the run ("the page").
 */
export function costProblem(c: SimConfig, bounds: CostBounds, where: string, atMs = 0): string | null {
  const cost = runCost(c, atMs);
  if (cost.edges > bounds.edges) return `this ${c.topology} graph would have about ${count(cost.edges)} links; ${where} builds at most ${count(bounds.edges)}`;
  if (cost.messagesPerRound > bounds.messagesPerRound) return `this run would send about ${count(cost.messagesPerRound)} messages a gossip round; ${where} carries ${count(bounds.messagesPerRound)}`;
  if (cost.inFlight > bounds.inFlight) {
    return `this run would hold about ${count(cost.inFlight)} messages in flight (${count(cost.messagesPerRound)} a round every ${c.gossipIntervalMs.toLocaleString("en")} ms, each up to ${latencyBoundMs(c).toLocaleString("en")} ms on its way); ${where} carries ${count(bounds.inFlight)}`;
  }
  if (cost.messagesToMoment > bounds.messagesToMoment) {
    return `reaching ${(atMs / 1000).toLocaleString("en")} s would simulate about ${count(cost.messagesToMoment)} messages; ${where} replays at most ${count(bounds.messagesToMoment)}`;
  }
  return null;
}

/**
 * Why running `config` with `commands` to `untilMs` is over `bounds` (see costProblem), taking the
 * settings the commands change as they change them: each stage's rounds and messages in flight are
 * checked, and the messages to the moment add up over the stages. null when it is within them.
 */
export function scriptCostProblem(config: SimConfig, commands: readonly ScriptCommand[], bounds: CostBounds, where: string, untilMs: number): string | null {
  let stage: SimConfig = { ...config };
  let from = 0;
  let simulated = 0;
  const check = (to: number): string | null => {
    const cost = runCost(stage, 0);
    simulated += cost.messagesPerRound * (Math.floor(to / stage.gossipIntervalMs) - Math.floor(from / stage.gossipIntervalMs));
    from = to;
    const problem = costProblem(stage, { ...bounds, messagesToMoment: Infinity }, where);
    if (problem !== null) return problem;
    if (simulated > bounds.messagesToMoment) {
      return `reaching ${(untilMs / 1000).toLocaleString("en")} s would simulate about ${count(simulated)} messages; ${where} replays at most ${count(bounds.messagesToMoment)}`;
    }
    return null;
  };
  for (const c of commands) {
    if (c.t > untilMs) break;
    if (c.type !== "configure" && c.type !== "setLatency") continue;
    const problem = check(c.t);
    if (problem !== null) return problem;
    stage = c.type === "setLatency" ? { ...stage, latencyMs: c.latencyMs, latencyDist: c.latencyDist ?? stage.latencyDist } : { ...stage, ...definedOf(c) };
  }
  return check(untilMs);
}

/** The settings a configure command changes (its fields that are set). */
function definedOf(c: Extract<ScriptCommand, { type: "configure" }>): Partial<SimConfig> {
  const out: Partial<SimConfig> = {};
  if (c.fanout !== undefined) out.fanout = c.fanout;
  if (c.gossip !== undefined) out.gossip = c.gossip;
  if (c.forward !== undefined) out.forward = c.forward;
  if (c.gossipIntervalMs !== undefined) out.gossipIntervalMs = c.gossipIntervalMs;
  return out;
}
