/**
 * A run's peer graph as each node sees it, in two typed arrays: node i's neighbours, in its
 * topology entry's order, are adj[offsets[i] .. offsets[i + 1]). The headless run walks these
 * instead of name lists: no string, no object per node.
 */
import type { SimConfig } from "../config";
import { Rng, deriveSeed } from "../rng";
import { buildTopology } from "../topology";
import { TOPOLOGY_STREAM } from "./seeds";

export interface Adjacency {
  offsets: Int32Array;
  adj: Int32Array;
}

/** The last few graphs of unseeded shapes (all but random and small-world), so a batch of trials builds one once. */
const cache = new Map<string, Adjacency>();
const CACHE_MAX = 4;

/**
 * The graph the engine sends its nodes (the same generator stream). A node's neighbours are its
 * entry without its own name, as the protocol node keeps them; duplicates stay, as they would.
 */
export function adjacencyOf(config: SimConfig): Adjacency {
  const seeded = config.topology === "random" || config.topology === "small-world";
  const key = `${config.topology}/${config.nodes}`;
  const cached = seeded ? undefined : cache.get(key);
  if (cached !== undefined) return cached;
  const rows = buildTopology(config, new Rng(deriveSeed(config.seed, TOPOLOGY_STREAM))).neighbors;
  const n = rows.length;
  const offsets = new Int32Array(n + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (let k = 0; k < row.length; k++) if (row[k] !== i) m++;
    offsets[i + 1] = m;
  }
  const adj = new Int32Array(m);
  for (let i = 0, at = 0; i < n; i++) {
    const row = rows[i]!;
    for (let k = 0; k < row.length; k++) if (row[k] !== i) adj[at++] = row[k]!;
  }
  const built = { offsets, adj };
  if (!seeded) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, built);
  }
  return built;
}
