/**
 * A run's peer graph as each node sees it, in two typed arrays: node i's neighbours, in its
 * topology entry's order, are adj[offsets[i] .. offsets[i + 1]). The headless run walks these
 * instead of name lists: no string, no object per node.
 */
import type { SimConfig } from "../config";
import { Rng, deriveSeed } from "../rng";
import { buildCompactTopology, type CompactGraph } from "../topology";
import { TOPOLOGY_STREAM } from "./seeds";

export type Adjacency = CompactGraph;

/** The last few graphs of unseeded shapes (all but random and small-world), so a batch of trials builds one once. */
const cache = new Map<string, Adjacency>();
const CACHE_MAX = 4;

/**
 * The graph the engine sends its nodes (the same generator stream). A node keeps its topology
 * entry as its neighbours, less its own name, which no builder puts there.
 */
export function adjacencyOf(config: SimConfig): Adjacency {
  const seeded = config.topology === "random" || config.topology === "small-world";
  const key = `${config.topology}/${config.nodes}`;
  const cached = seeded ? undefined : cache.get(key);
  if (cached !== undefined) return cached;
  const built = buildCompactTopology(config, new Rng(deriveSeed(config.seed, TOPOLOGY_STREAM)));
  if (!seeded) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, built);
  }
  return built;
}
