/**
 * Seeded peer choice (PROTOCOL.md section 6): who a round gossips to, and who a new broadcast is
 * pushed to before a topology is known. Free functions over fields of the node (PeerChoice), which
 * is its own generator, for the same reason as known-set.ts: no second object per node.
 */
import { type Rng, sampleAscending } from "../rng";

/** The fields of a node that peer choice reads; the node is the generator. */
export interface PeerChoice extends Rng {
  readonly nodeIds: readonly string[];
  /** Name -> index of nodeIds (shared per node_ids array); null before init. */
  readonly idIndex: ReadonlyMap<string, number> | null;
  /** Index of nodeId in nodeIds, -1 when it is not there. */
  readonly selfIndex: number;
  /** Never contains nodeId; null until a topology arrives. */
  readonly neighbors: readonly string[] | null;
  /** Whether every neighbour is in nodeIds (a topology may name others); null until first needed. */
  neighborsInIds: boolean | null;
  readonly fanout: number;
}

/** node_ids array -> name -> index. One entry per distinct array object, shared by every node given it. */
const idIndexCache = new WeakMap<readonly unknown[], ReadonlyMap<string, number>>();

/** The index of a valid node_ids (an array of distinct non-empty strings), or null. */
export function idIndexOf(ids: unknown): ReadonlyMap<string, number> | null {
  if (!Array.isArray(ids)) return null;
  const cached = idIndexCache.get(ids);
  if (cached !== undefined) return cached;
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const id: unknown = ids[i];
    if (typeof id !== "string" || id === "" || index.has(id)) return null;
    index.set(id, i);
  }
  idIndexCache.set(ids, index);
  return index;
}

/**
 * Neighbour list -> whether all its names are in the node_ids indexed by `index`. A host shares a
 * topology's lists between runs (every trial of a sweep on a complete graph hands each node the same
 * array), so the check is made once per list, not in every node of every trial: on a complete graph
 * of 1,000 nodes it is a million lookups.
 */
const inIdsCache = new WeakMap<readonly string[], { index: ReadonlyMap<string, number>; inIds: boolean }>();

/**
 * Lists shorter than this are not cached (here and in node.ts): checking a few names again costs
 * less than a WeakMap entry and its object, which at 1,000,000 nodes were a million each.
 */
export const SHORT_LIST = 32;

function allInIds(neighbors: readonly string[], index: ReadonlyMap<string, number>): boolean {
  if (neighbors.length < SHORT_LIST) return neighbors.every((id) => index.has(id));
  const cached = inIdsCache.get(neighbors);
  if (cached !== undefined && cached.index === index) return cached.inIds;
  const inIds = neighbors.every((id) => index.has(id));
  inIdsCache.set(neighbors, { index, inIds });
  return inIds;
}

/**
 * Whether every gossip peer candidate is another node (in nodeIds): then a round's sends are
 * counted without a lookup each. Before a topology the candidates are the other nodes.
 */
export function peersAreNodes(node: PeerChoice): boolean {
  const neighbors = node.neighbors;
  if (neighbors === null) return true;
  node.neighborsInIds ??= allInIds(neighbors, node.idIndex!);
  return node.neighborsInIds;
}

/**
 * A node's neighbour list from a topology entry: the entry itself, or without the node's own name
 * when it lists it. The answer is kept per entry array (shared between runs, as above).
 */
const ownNameCache = new WeakMap<readonly string[], { me: string; neighbors: readonly string[] }>();

export function neighborsFrom(entry: readonly string[], me: string): readonly string[] {
  if (entry.length < SHORT_LIST) return entry.includes(me) ? entry.filter((id) => id !== me) : entry;
  const cached = ownNameCache.get(entry);
  if (cached !== undefined && cached.me === me) return cached.neighbors;
  const neighbors = entry.includes(me) ? entry.filter((id) => id !== me) : entry;
  ownNameCache.set(entry, { me, neighbors });
  return neighbors;
}

/** Number of gossip peer candidates: the neighbours, or before a topology the other nodes. */
function candidateCount(node: PeerChoice): number {
  return node.neighbors !== null ? node.neighbors.length : node.nodeIds.length - (node.selfIndex >= 0 ? 1 : 0);
}

/**
 * Advances the generator exactly as gossipPeers() would (one draw per peer when fewer than all
 * are chosen, none otherwise) without naming the peers; returns how many it would have chosen.
 * For a round that sends nothing: later rounds then pick the same peers either way.
 */
export function skipGossipPeers(node: PeerChoice): number {
  const candidates = candidateCount(node);
  if (node.fanout < candidates) for (let i = 0; i < node.fanout; i++) node.nextUint32();
  return Math.min(node.fanout, candidates);
}

/** Up to `fanout` neighbours (or other nodes, before a topology), in candidate order. */
export function gossipPeers(node: PeerChoice): string[] {
  const neighbors = node.neighbors;
  if (neighbors !== null) {
    const picked = sampleAscending(node, neighbors.length, node.fanout);
    const names = new Array<string>(picked.length);
    for (let k = 0; k < picked.length; k++) names[k] = neighbors[picked[k]!]!;
    return names;
  }
  return pickIds(node, node.selfIndex, -1);
}

/**
 * Push targets of a value from `src` before a topology is known: up to `fanout` of nodeIds other
 * than this node and `src`, drawn at random, in nodeIds order. (Once a topology is known they are
 * the neighbours minus `src`, no draw: the node walks them itself.)
 */
export function pushPeersWithoutTopology(node: PeerChoice, src: string): string[] {
  return pickIds(node, node.selfIndex, node.idIndex!.get(src) ?? -1);
}

/**
 * Up to `fanout` of nodeIds drawn at random, skipping the indices `skipA` and `skipB` (-1 for
 * none): candidate i maps to nodeIds index i shifted past each skipped index at or below it, so
 * no candidate array is built.
 */
function pickIds(node: PeerChoice, skipA: number, skipB: number): string[] {
  const ids = node.nodeIds;
  const hi = Math.max(skipA, skipB);
  // Skipping one index twice (src is self) skips it once.
  const lo = skipA === skipB ? -1 : Math.min(skipA, skipB);
  const skipped = (lo >= 0 ? 1 : 0) + (hi >= 0 ? 1 : 0);
  const picked = sampleAscending(node, ids.length - skipped, node.fanout);
  const names: string[] = [];
  for (const i of picked) {
    let j = i;
    if (lo >= 0 && j >= lo) j++;
    if (hi >= 0 && j >= hi) j++;
    names.push(ids[j]!);
  }
  return names;
}
