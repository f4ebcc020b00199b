/**
 * The one source of randomness in the simulation: a seeded 32-bit generator (mulberry32).
 * Its whole state is one uint32, so a node can own one for 4 bytes, and a run replays exactly
 * from its seed. No unseeded source of randomness (nor any clock) appears in src/sim.
 */
/** What each draw adds to mulberry32's state. */
const WEYL_STEP = 0x6d2b79f5;

/** mulberry32's output for a state just advanced (any 32-bit pattern of it: signed or not gives the same). */
function output(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

export class Rng {
  /** The generator's state, a uint32. */
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uint32, uniformly distributed. */
  nextUint32(): number {
    return output((this.state = (this.state + WEYL_STEP) >>> 0));
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n), for 0 < n <= 2^32. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/**
 * The state of a generator in `state` once it has made `draws` more draws. mulberry32 hashes a
 * state that each draw moves by the same constant (a Weyl sequence), so skipping draws is one
 * multiply: a host that knows how many draws a generator made need not keep its state.
 */
export function stateAfter(state: number, draws: number): number {
  return (state + Math.imul(WEYL_STEP, draws)) >>> 0;
}

/** Mixes a seed and a stream number into an independent seed (splitmix32 finaliser). */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Draws min(k, n) distinct integers from [0, n) and returns them ascending (Floyd's algorithm:
 * exactly k draws, no O(n) work, so a round at 100,000 nodes costs the same as at 10).
 * Fanouts are small, so the chosen few are kept in a sorted array (a Set only past 32).
 */
export function sampleAscending(rng: Rng, n: number, k: number): number[] {
  if (k >= n) {
    const all = new Array<number>(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  if (k > 32) {
    const chosen = new Set<number>();
    for (let j = n - k; j < n; j++) {
      const t = rng.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return [...chosen].sort((a, b) => a - b);
  }
  // Sized up front: pushing onto an empty array would allocate room for 16 (this runs for every
  // node every round).
  const chosen = new Array<number>(k);
  rng.state = drawAscending(rng.state, n, k, chosen);
  return chosen;
}

/**
 * sampleAscending's draw for 0 <= k < n and k <= 32 by a generator in state `state`, into
 * chosen[0..k) (a host that draws for every node every round hands the same array each time);
 * returns the generator's state after. Entries at m and beyond are not yet drawn. The state is a
 * local here, not a field: a uint32 in an object's field is a boxed number, and drawing through
 * one cost a third more (at 100,000 nodes a round makes 300,000 draws).
 */
export function drawAscending(state: number, n: number, k: number, chosen: number[]): number {
  for (let m = 0, j = n - k; j < n; j++, m++) {
    // rng.int(j + 1)
    state = (state + WEYL_STEP) | 0;
    const t = Math.floor((output(state) / 4294967296) * (j + 1));
    // Whether t was drawn, and where its pick goes, counted without a branch per entry (all are
    // below 2^31: x >>> 31 of a difference is its sign): the draws' outcomes are random, and
    // mispredicted branches were a third of the draw.
    let seen = 0;
    for (let i = 0; i < m; i++) seen |= ((chosen[i]! ^ t) - 1) >>> 31;
    const pick = t + seen * (j - t);
    let at = 0;
    for (let i = 0; i < m; i++) at += (chosen[i]! - pick) >>> 31;
    for (let i = m; i > at; i--) chosen[i] = chosen[i - 1]!;
    chosen[at] = pick;
  }
  return state >>> 0;
}
