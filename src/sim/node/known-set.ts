/**
 * A node's known values (PROTOCOL.md section 2): the set bookkeeping behind `read`, `gossip_sync`,
 * `digest` and `digest_sync`, kept apart from the protocol rules in ../node.ts.
 *
 * The state is not an object of its own: it is fields of the node (KnownSet describes them) and
 * these are free functions over them, because a second object per node would cost a cache miss on
 * every delivery at 100,000 nodes (see the cost model in ../node.ts).
 *
 * The values are a sorted snapshot plus a Map of the values learned since it was built, keyed by
 * canonical JSON; the snapshot is rebuilt (and the Map dropped) when someone needs it. A snapshot is
 * never mutated once built, so the same array goes in every message of a round, and a receiver
 * handed one (it carries its keys, see KEYS) merges it with one walk instead of a lookup per value
 * (about 250 ns for a 30-value gossip_sync). A node whose values are exactly another's takes that
 * node's snapshot as its own, so nodes that converge share one array; a lookup by key is a binary
 * search in the snapshot. Memory for what a converged run knows is then one snapshot per distinct
 * set, not a Map entry per node and value.
 */
import type { Json } from "../protocol";
import { canonicalJson, compareKeyed, fnv1a32, hex32, isJsonValue } from "../values";

export const EMPTY: readonly never[] = Object.freeze([]);

/** The fields of a node that hold its known values. */
export interface KnownSet {
  /** How many values the set holds, kept in the node: the host asks before and after every delivery. */
  knownSize: number;
  /** The sorted snapshot and its keys: every known value but the pending ones. */
  sortedValues: readonly Json[];
  sortedKeys: readonly string[];
  /** canonical key -> value of the values learned since the snapshot was built, or null when none. */
  pending: Map<string, Json> | null;
  /** Digest of the snapshot, or null when not computed since the last change. */
  digestHex: string | null;
  /** Called once per new value. */
  onLearn: ((canonicalKey: string, value: Json) => void) | null;
}

/**
 * A node's sorted snapshot carries its canonical keys under this symbol, so that a receiver handed
 * the same array object knows its keys, and that it is sorted and duplicate-free, for free. A
 * non-enumerable symbol property is invisible to JSON.stringify, structuredClone and deep-equality
 * checks, and is cheaper than a WeakMap entry (no ephemeron per array for the GC to trace). The
 * array is never mutated once shared (knownValues() tells hosts not to), so the keys stay right.
 */
const KEYS = Symbol("canonical keys");

function snapshotKeys(values: readonly Json[]): readonly string[] | undefined {
  return (values as { [KEYS]?: readonly string[] })[KEYS];
}

function attachKeys(values: readonly Json[], keys: readonly string[]): void {
  Object.defineProperty(values, KEYS, { value: keys });
}

/** Canonical keys of an array of JSON values (free for a snapshot), or null when it is not one. */
export function keysOf(values: unknown): readonly string[] | null {
  if (!Array.isArray(values)) return null;
  if (values.length === 0) return EMPTY;
  const cached = snapshotKeys(values as Json[]);
  if (cached !== undefined) return cached;
  const keys: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (!isJsonValue(v)) return null;
    keys.push(canonicalJson(v));
  }
  return keys;
}

/** Whether the set holds the value whose canonical JSON is `key`. */
export function hasKey(set: KnownSet, key: string): boolean {
  return set.knownSize > 0 && has(set, key, JSON.parse(key) as Json);
}

/** Whether the set holds `value` (whose canonical JSON is `key`). */
function has(set: KnownSet, key: string, value: Json): boolean {
  return (set.pending !== null && set.pending.has(key)) || inSnapshot(set, key, value);
}

/** Whether the snapshot holds `value`: a binary search in the protocol's order, where 0 means the same value. */
function inSnapshot(set: KnownSet, key: string, value: Json): boolean {
  const values = set.sortedValues;
  const keys = set.sortedKeys;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeyed(values[mid]!, keys[mid]!, value, key);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** The sorted snapshot: an immutable array, the same object until a value is added. */
export function snapshot(set: KnownSet): readonly Json[] {
  if (set.pending !== null) rebuildSorted(set);
  return set.sortedValues;
}

/** Adds a value; returns whether it was new. Calls onLearn once per new value. */
export function learn(set: KnownSet, key: string, value: Json): boolean {
  if (has(set, key, value)) return false;
  addNew(set, key, value);
  return true;
}

/** Adds a value the set does not hold. */
function addNew(set: KnownSet, key: string, value: Json): void {
  (set.pending ??= new Map()).set(key, value);
  set.knownSize++;
  set.digestHex = null;
  if (set.onLearn !== null) set.onLearn(key, value);
}

/** Learns every value of `values` (keys[i] is the key of values[i]); returns how many were new. */
export function merge(set: KnownSet, values: readonly Json[], keys: readonly string[]): number {
  let added = 0;
  if (values.length > 0 && snapshotKeys(values) === keys) {
    // Another node's snapshot: sorted and duplicate-free like ours, so one merge walk finds the new
    // values, mostly by comparing numbers, instead of a Map lookup per value.
    const mine = snapshot(set);
    // The very snapshot we hold (adopted below): nothing to learn, nothing to read.
    if (values === mine) return 0;
    if (mine.length === 0) return adopt(set, values, keys);
    const mineKeys = set.sortedKeys;
    let i = 0;
    let matched = 0;
    for (let j = 0; j < values.length; j++) {
      const v = values[j]!;
      const k = keys[j]!;
      let c = 1;
      while (i < mine.length && (c = compareKeyed(mine[i]!, mineKeys[i]!, v, k)) < 0) i++;
      if (c === 0) {
        i++;
        matched++;
      } else {
        // Not in our snapshot, and nothing was pending (snapshot() above): a new value.
        addNew(set, k, v);
        added++;
      }
    }
    if (matched === mine.length) {
      // Everything we knew was among theirs, so now we know exactly theirs: adopt their snapshot
      // (immutable, sorted and keyed like ours) instead of building an equal one. Nodes that
      // converge then share one array, and the next merge of it is the identity check above.
      set.sortedValues = values;
      set.sortedKeys = keys;
      set.pending = null;
    }
    return added;
  }
  for (let i = 0; i < values.length; i++) if (learn(set, keys[i]!, values[i]!)) added++;
  return added;
}

/**
 * An empty set learns every value of a snapshot (sorted, duplicate-free, keyed): it takes the
 * snapshot as its own. The same values, count, snapshot and onLearn calls, in the same order, as
 * learning them one by one and adopting the snapshot then; an onLearn that reads the set meanwhile
 * sees it whole.
 */
function adopt(set: KnownSet, values: readonly Json[], keys: readonly string[]): number {
  set.sortedValues = values;
  set.sortedKeys = keys;
  set.pending = null;
  set.digestHex = null;
  set.knownSize = values.length;
  if (set.onLearn !== null) for (let i = 0; i < values.length; i++) set.onLearn(keys[i]!, values[i]!);
  return values.length;
}

/** Known values missing from `values` (all of which are known by now), sorted. */
export function lacking(set: KnownSet, values: readonly Json[], keys: readonly string[]): readonly Json[] {
  const mine = snapshot(set);
  const mineKeys = set.sortedKeys;
  const result: Json[] = [];
  if (snapshotKeys(values) === keys) {
    // Both sorted and duplicate-free: one merge walk, and nothing to do when the sizes match.
    if (values.length === mine.length) return EMPTY;
    let j = 0;
    for (let i = 0; i < mine.length; i++) {
      while (j < values.length && compareKeyed(values[j]!, keys[j]!, mine[i]!, mineKeys[i]!) < 0) j++;
      if (j < values.length && keys[j] === mineKeys[i]) j++;
      else {
        result.push(mine[i]!);
      }
    }
  } else {
    const theirs = new Set(keys);
    if (theirs.size === mine.length) return EMPTY;
    for (let i = 0; i < mine.length; i++) {
      if (!theirs.has(mineKeys[i]!)) {
        result.push(mine[i]!);
      }
    }
  }
  return result;
}

/**
 * Builds a new snapshot: the old one merged with the pending values (sorted among themselves).
 * O(n + p log p) for n known and p pending, and the old snapshot stays valid for whoever holds it.
 */
function rebuildSorted(set: KnownSet): void {
  const pending = set.pending!;
  set.pending = null;
  const pendingKeys = [...pending.keys()];
  const pendingValues = [...pending.values()];
  const order = pendingKeys.map((_, i) => i);
  if (order.length > 1) order.sort((a, b) => compareKeyed(pendingValues[a]!, pendingKeys[a]!, pendingValues[b]!, pendingKeys[b]!));
  const oldValues = set.sortedValues;
  const oldKeys = set.sortedKeys;
  const values: Json[] = [];
  const keys: string[] = [];
  let i = 0;
  for (const p of order) {
    const v = pendingValues[p]!;
    const k = pendingKeys[p]!;
    while (i < oldValues.length && compareKeyed(oldValues[i]!, oldKeys[i]!, v, k) < 0) {
      values.push(oldValues[i]!);
      keys.push(oldKeys[i]!);
      i++;
    }
    values.push(v);
    keys.push(k);
  }
  for (; i < oldValues.length; i++) {
    values.push(oldValues[i]!);
    keys.push(oldKeys[i]!);
  }
  set.sortedValues = values;
  set.sortedKeys = keys;
  attachKeys(values, keys);
}

/** FNV-1a 32 of the canonical JSON of the sorted values, hashed piecewise: "[" k1 "," k2 ... "]". */
export function digest(set: KnownSet): string {
  if (set.digestHex !== null) return set.digestHex;
  snapshot(set);
  const keys = set.sortedKeys;
  let h = fnv1a32("[");
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) h = fnv1a32(",", h);
    h = fnv1a32(keys[i]!, h);
  }
  return (set.digestHex = hex32(fnv1a32("]", h)));
}

/**
 * Copies the set's fields from `from` into `to` (a checkpoint), all but onLearn. What the set
 * mutates gets its own copy; snapshots (sortedValues, sortedKeys) are immutable and shared.
 */
export function copyKnownSet(to: KnownSet, from: KnownSet): void {
  to.knownSize = from.knownSize;
  to.sortedValues = from.sortedValues;
  to.sortedKeys = from.sortedKeys;
  to.pending = from.pending === null ? null : new Map(from.pending);
  to.digestHex = from.digestHex;
}
