/**
 * What theory predicts for a run's settings, where a result covers them, with its source named: the
 * page draws it on the "Spread by round" chart beside the measured rounds. Pure formulas.
 *
 * - Push on the complete graph: Pittel (1987), log2 N + ln N rounds with fanout 1 and no loss;
 *   Doerr and Kostrygin (2017) for K calls a round that each get through with probability 1 - d:
 *   log_{1+q} N + ln N / q with q = K (1 - d) (q = 1 gives Pittel's).
 * - Push-pull on the complete graph, fanout 1, no loss: Karp, Schindelhauer, Shenker and Vocking
 *   (2000), log3 N + O(log log N), the second term taken as log2 ln N (as the theory tests do).
 * - Push on a random d-regular graph, fanout 1, no loss: Fountoulakis and Panagiotou (2013),
 *   C_d ln N with C_d = 1 / ln(2 (1 - 1/d)) - 1 / (d ln(1 - 1/d)).
 * - Flooding (forwarding on, no gossip, no loss): every node at its hop distance x latency, so the
 *   last at the origin's eccentricity x latency; 2E - N + 1 broadcasts.
 */
import type { SimConfig } from "./config";

export interface Prediction {
  /** Expected rounds from the injection until every node knows the value. */
  rounds: number;
  /** The formula as people write it, with the settings' numbers. */
  formula: string;
  /** Who proved it, and for what. */
  source: string;
}

/** The prediction covering these settings, or null when no result here does. */
export function predictRounds(c: SimConfig): Prediction | null {
  const n = c.nodes;
  if (n < 2 || c.forward) return null;
  if (c.topology === "complete" && c.gossip === "push") {
    const q = c.fanout * (1 - c.dropRate);
    if (q <= 0) return null;
    const rounds = Math.log(n) / Math.log(1 + q) + Math.log(n) / q;
    if (q === 1) return { rounds, formula: `log₂ ${n} + ln ${n} = ${rounds.toFixed(2)}`, source: "Pittel 1987: push on the complete graph" };
    return {
      rounds,
      formula: `log₁₊q ${n} + ln ${n} / q, q = K(1 − d) = ${round3(q)}: ${rounds.toFixed(2)}`,
      source: "Pittel 1987 with K calls a round that get through with probability 1 − d (Doerr and Kostrygin 2017)",
    };
  }
  if (c.topology === "complete" && c.gossip === "push-pull" && c.fanout === 1 && c.dropRate === 0) {
    const rounds = Math.log(n) / Math.log(3) + Math.log2(Math.log(n));
    return { rounds, formula: `log₃ ${n} + log₂ ln ${n} = ${rounds.toFixed(2)}`, source: "Karp, Schindelhauer, Shenker and Vöcking 2000: push-pull, log₃ N + O(log log N)" };
  }
  if (c.topology === "random" && c.gossip === "push" && c.fanout === 1 && c.dropRate === 0 && c.degree >= 3 && n > c.degree) {
    const d = c.degree;
    const cd = 1 / Math.log(2 * (1 - 1 / d)) - 1 / (d * Math.log(1 - 1 / d));
    const rounds = cd * Math.log(n);
    return { rounds, formula: `C_${d} ln ${n}, C_${d} = ${round3(cd)}: ${rounds.toFixed(2)}`, source: "Fountoulakis and Panagiotou 2013: push on random regular graphs" };
  }
  return null;
}

/** Flooding from `origin` over the graph `edges` (index pairs) of `n` nodes: when the last node learns, and the broadcasts sent. */
export function predictFlooding(n: number, edges: Uint32Array, origin: number, latencyMs: number): { timeMs: number; messages: number; eccentricity: number } {
  const neighbors: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e + 1 < edges.length; e += 2) {
    neighbors[edges[e]!]!.push(edges[e + 1]!);
    neighbors[edges[e + 1]!]!.push(edges[e]!);
  }
  const dist = new Int32Array(n).fill(-1);
  dist[origin] = 0;
  const queue = [origin];
  let eccentricity = 0;
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const v of neighbors[u]!) {
      if (dist[v] !== -1) continue;
      dist[v] = dist[u]! + 1;
      eccentricity = Math.max(eccentricity, dist[v]!);
      queue.push(v);
    }
  }
  return { timeMs: eccentricity * latencyMs, messages: edges.length - n + 1, eccentricity };
}

function round3(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
