/**
 * The cost model every entry point asks before any work is done: its figures, and the one sentence
 * each entry point gives for a run over its bounds (the URL's, the host's, gossip-sim's and --run's
 * are in their own tests; here the model itself and the Experiments field).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { CLI_BOUNDS, PAGE_BOUNDS, costProblem, edgeCount, runCost, scriptCostProblem } from "../../src/sim/cost";
import { parseExperimentText } from "../../src/sim/experiment-args";

const ring16: SimConfig = { ...DEFAULT_CONFIG, nodes: 16, topology: "ring", fanout: 2 };

describe("the cost model", () => {
  it("bounds the links, a round's messages, the messages in flight and the work to a moment", () => {
    expect([edgeCount({ nodes: 5000, topology: "complete", degree: 4 }), edgeCount({ nodes: 1000, topology: "random", degree: 6 }), edgeCount({ nodes: 10, topology: "star", degree: 4 })]).toEqual([12_497_500, 3000, 10]);
    // A ring of 16, fanout 2 (each node has 2 peers): 32 messages a round; with latency 600 s and a round a millisecond, 600,000 rounds in flight.
    expect(runCost({ ...ring16, latencyMs: 600_000, gossipIntervalMs: 1 }, 100_000)).toEqual({ edges: 16, messagesPerRound: 32, inFlight: 19_200_000, messagesToMoment: 3_200_000 });
    // push-pull answers every message; uniform latency reaches twice its mean.
    expect(runCost({ ...ring16, gossip: "push-pull", latencyDist: "uniform", latencyMs: 700, gossipIntervalMs: 500 })).toMatchObject({ messagesPerRound: 64, inFlight: 192 });
    expect(runCost({ ...ring16, gossip: "off" })).toMatchObject({ messagesPerRound: 0, inFlight: 0 });
  });

  it("refuses over a bound with one sentence naming the figure and the limit", () => {
    expect(costProblem(ring16, PAGE_BOUNDS, "the page")).toBeNull();
    expect(costProblem({ ...ring16, latencyMs: 600_000, gossipIntervalMs: 1 }, PAGE_BOUNDS, "the page")).toBe(
      "this run would hold about 19 million messages in flight (32 a round every 1 ms, each up to 600,000 ms on its way); the page carries 1.0 million",
    );
    expect(costProblem({ ...ring16, gossipIntervalMs: 1 }, PAGE_BOUNDS, "the page", 360_000_000)).toBe("reaching 360,000 s would simulate about 12 billion messages; the page replays at most 20 million");
    expect(costProblem({ ...ring16, gossipIntervalMs: 1 }, CLI_BOUNDS, "gossip-sim", 360_000_000)).toBeNull();
  });

  it("follows the settings a script changes, stage by stage", () => {
    const commands = [
      { t: 1000, type: "configure" as const, gossipIntervalMs: 1 },
      { t: 2000, type: "setLatency" as const, latencyMs: 600_000 },
    ];
    expect(scriptCostProblem(ring16, commands, PAGE_BOUNDS, "the page", 1500)).toBeNull();
    expect(scriptCostProblem(ring16, commands, PAGE_BOUNDS, "the page", 2500)).toMatch(/^this run would hold about 19 million messages in flight/);
    // The work adds up over the stages: 1 s of a round every 500 ms, then rounds every millisecond.
    expect(scriptCostProblem(ring16, commands.slice(0, 1), { ...PAGE_BOUNDS, messagesToMoment: 100_000 }, "the page", 5000)).toBe(
      "reaching 5 s would simulate about 128,064 messages; the page replays at most 100,000",
    );
  });

  it("holds the Experiments field to gossip-sim's sentence", () => {
    expect(parseExperimentText("--nodes 1000000 --topology random --degree 1000")).toEqual({ error: "this random graph would have about 500 million links; gossip-sim builds at most 13 million" });
  });
});
