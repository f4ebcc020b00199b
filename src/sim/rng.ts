/**
 * The one source of randomness in the simulation: a seeded 32-bit generator (mulberry32).
 * Its whole state is one uint32, so a node can own one for 4 bytes, and a run replays exactly
 * from its seed. No unseeded source of randomness (nor any clock) appears in src/sim.
 */
export class Rng {
  /** The generator's state, a uint32. */
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uint32, uniformly distributed. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
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
  return sampleInto(rng, n, k, new Array<number>(k));
}

/**
 * sampleAscending's draw for 0 <= k < n and k <= 32, into chosen[0..k) (a host that draws for
 * every node every round hands the same array each time). Entries at m and beyond are not yet drawn.
 */
export function sampleInto(rng: Rng, n: number, k: number, chosen: number[]): number[] {
  for (let m = 0, j = n - k; j < n; j++, m++) {
    const t = rng.int(j + 1);
    let seen = false;
    for (let i = 0; i < m; i++) if (chosen[i] === t) seen = true;
    const pick = seen ? j : t;
    let i = m;
    while (i > 0 && chosen[i - 1]! > pick) {
      chosen[i] = chosen[i - 1]!;
      i--;
    }
    chosen[i] = pick;
  }
  return chosen;
}
