/**
 * The generator's shortcuts against the plain definitions they stand for: sampleAscending's draw
 * (branch-free, on a local state) against Floyd's algorithm on Rng.int, and stateAfter against
 * drawing. Fixed seeds; a failure names its case.
 */
import { describe, expect, it } from "vitest";
import { Rng, sampleAscending, stateAfter } from "../../src/sim/rng";

/** Floyd's algorithm as written down: k draws of rng.int, the chosen kept in a sorted array. */
function floyd(rng: Rng, n: number, k: number): number[] {
  const chosen: number[] = [];
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.push(chosen.includes(t) ? j : t);
    chosen.sort((a, b) => a - b);
  }
  return chosen;
}

describe("the generator's shortcuts", () => {
  it("sampleAscending draws what Floyd's algorithm draws, and leaves the generator where it would", () => {
    const cases: [number, number][] = [[6, 3], [2, 1], [3, 2], [10, 9], [40, 7], [999, 32], [1000, 33], [5, 5], [4, 9], [7, 0]];
    for (const [n, k] of cases) {
      for (let seed = 0; seed < 300; seed++) {
        const a = new Rng(seed * 2654435761);
        const b = new Rng(seed * 2654435761);
        for (let draw = 0; draw < 3; draw++) {
          const expected = k >= n ? [...Array(n).keys()] : floyd(b, n, k);
          expect(sampleAscending(a, n, k), `n ${n}, k ${k}, seed ${seed}`).toEqual(expected);
          expect(a.state).toBe(b.state);
        }
      }
    }
  });

  it("stateAfter(s, d) is the state after d draws", () => {
    for (const [seed, draws] of [[0, 0], [1, 1], [0xffffffff, 7], [123456789, 1000], [42, 3 * 99_999]]) {
      const rng = new Rng(seed!);
      for (let i = 0; i < draws!; i++) rng.nextUint32();
      expect(stateAfter(seed!, draws!)).toBe(rng.state);
    }
  });
});
