import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { spreadBand, spreadCurve } from "../../src/sim/band";
import { predictFlooding, predictRounds } from "../../src/sim/theory";

const base = { ...DEFAULT_CONFIG, forward: false, dropRate: 0, fanout: 1 };

describe("theory beside the run", () => {
  it("names Pittel for push on the complete graph, and Doerr and Kostrygin with loss or a larger fanout", () => {
    const pittel = predictRounds({ ...base, nodes: 1000, topology: "complete", gossip: "push" })!;
    expect(pittel.rounds).toBeCloseTo(Math.log2(1000) + Math.log(1000), 12);
    expect(pittel).toMatchObject({ formula: "log₂ 1000 + ln 1000 = 16.87", source: "Pittel 1987: push on the complete graph" });
    const lossy = predictRounds({ ...base, nodes: 1000, topology: "complete", gossip: "push", dropRate: 0.1 })!;
    expect(lossy.rounds).toBeCloseTo(Math.log(1000) / Math.log(1.9) + Math.log(1000) / 0.9, 12);
    expect(lossy.source).toContain("Pittel 1987");
    expect(lossy.source).toContain("Doerr and Kostrygin 2017");
    expect(predictRounds({ ...base, nodes: 1000, topology: "complete", gossip: "push", fanout: 2 })!.rounds).toBeCloseTo(Math.log(1000) / Math.log(3) + Math.log(1000) / 2, 12);
  });

  it("names Karp et al. for push-pull, Fountoulakis and Panagiotou for random regular graphs", () => {
    expect(predictRounds({ ...base, nodes: 100, topology: "complete", gossip: "push-pull" })!.rounds).toBeCloseTo(Math.log(100) / Math.log(3) + Math.log2(Math.log(100)), 12);
    const d = 4;
    const cd = 1 / Math.log(2 * (1 - 1 / d)) - 1 / (d * Math.log(1 - 1 / d));
    expect(predictRounds({ ...base, nodes: 500, topology: "random", degree: 4, gossip: "push" })!.rounds).toBeCloseTo(cd * Math.log(500), 12);
  });

  it("says nothing where no result covers the settings", () => {
    expect(predictRounds({ ...base, nodes: 100, topology: "ring", gossip: "push" })).toBeNull();
    expect(predictRounds({ ...base, nodes: 100, topology: "complete", gossip: "push", forward: true })).toBeNull();
    expect(predictRounds({ ...base, nodes: 100, topology: "complete", gossip: "push", dropRate: 1 })).toBeNull();
  });

  it("puts flooding's last learning at the origin's eccentricity x latency, with 2E - N + 1 broadcasts", () => {
    // A line of 5: from n2 the farthest is n5, 3 hops.
    const line = Uint32Array.of(0, 1, 1, 2, 2, 3, 3, 4);
    expect(predictFlooding(5, line, 1, 100)).toEqual({ timeMs: 300, messages: 4, eccentricity: 3 });
  });
});

describe("the spread of many runs", () => {
  it("gives the 5th to 95th percentile of the share knowing a value, round by round", () => {
    const config = { ...DEFAULT_CONFIG, nodes: 20, topology: "complete" as const, gossip: "push" as const, fanout: 1, dropRate: 0, forward: false, seed: 1 };
    const band = spreadBand(config, 0, 1, 40);
    expect(band.seeds).toBe(40);
    expect(band.p5.length).toBe(band.p95.length);
    for (let r = 0; r < band.p5.length; r++) expect(band.p5[r]).toBeLessThanOrEqual(band.p95[r]!);
    // Round 0: only the origin knows it; the last round: everyone, in every run.
    expect([band.p5[0], band.p95[0]]).toEqual([0.05, 0.05]);
    expect([band.p5.at(-1), band.p95.at(-1)]).toEqual([1, 1]);
    // The same seeds, the same band; each curve is one run's.
    expect(spreadBand(config, 0, 1, 40)).toEqual(band);
    expect(spreadCurve({ ...config, seed: 1 }, 0)).toEqual(spreadBand(config, 0, 1, 1).p5);
    // Stopping early keeps the runs done.
    expect(spreadBand(config, 0, 1, 40, (done) => done < 3).seeds).toBe(3);
  });
});
