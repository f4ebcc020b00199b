/**
 * What a run costs the page. The page holds every message in flight in one tab, so it stops short of
 * runs it cannot carry (a 5,000-node complete graph with a large fanout sends millions of messages a
 * round) and says so; bin/gossip-sim runs them headless.
 */
import type { SimConfig } from "./config";

/** Messages one gossip round may send at most for the page to play the run. */
export const PAGE_MAX_MESSAGES_PER_ROUND = 1_000_000;
/** Messages the page's run may have in flight at once; past it, play pauses. */
export const PAGE_MAX_IN_FLIGHT = 1_000_000;

/**
 * An upper bound on the node-to-node messages of one gossip round: every node sends to `fanout` of
 * its peers (never more than `degree`, the graph's largest), and with push-pull and digest each of them answers.
 */
export function messagesPerRound(c: Pick<SimConfig, "nodes" | "fanout" | "gossip">, degree: number): number {
  if (c.gossip === "off") return 0;
  return c.nodes * Math.min(c.fanout, degree) * (c.gossip === "push" ? 1 : 2);
}

/** The largest degree of a graph given as index pairs. */
export function maxDegree(n: number, edges: ArrayLike<number>): number {
  const degree = new Uint32Array(n);
  let max = 0;
  for (let k = 0; k < edges.length; k++) max = Math.max(max, ++degree[edges[k]!]!);
  return max;
}

/** Why the page will not play a run with these settings (a clause), or null when it can. */
export function pageCostProblem(c: Pick<SimConfig, "nodes" | "fanout" | "gossip">, degree: number): string | null {
  const perRound = messagesPerRound(c, degree);
  if (perRound <= PAGE_MAX_MESSAGES_PER_ROUND) return null;
  const peers = Math.min(c.fanout, degree);
  const how = `${c.nodes.toLocaleString("en")} nodes × ${peers} peers${c.gossip === "push" ? "" : " × 2 for the replies"}`;
  return `this run sends up to ${perRound.toLocaleString("en")} messages a gossip round (${how}), more than the page can hold (${PAGE_MAX_MESSAGES_PER_ROUND.toLocaleString("en")})`;
}
