import { describe, expect, it } from "vitest";
import { PAGE_MAX_MESSAGES_PER_ROUND, maxDegree, messagesPerRound, pageCostProblem } from "../../src/sim/cost";

describe("what a run costs the page", () => {
  it("finds a graph's largest degree", () => {
    // A star of 4 leaves on node 0, and one more edge.
    expect(maxDegree(6, [0, 1, 0, 2, 0, 3, 0, 4, 4, 5])).toBe(4);
    expect(maxDegree(3, [])).toBe(0);
  });

  it("bounds a round's messages by nodes x min(fanout, degree), doubled when peers answer", () => {
    expect(messagesPerRound({ nodes: 5000, fanout: 3, gossip: "push" }, 4999)).toBe(15_000);
    expect(messagesPerRound({ nodes: 5000, fanout: 1000, gossip: "push" }, 2)).toBe(10_000);
    expect(messagesPerRound({ nodes: 5000, fanout: 1000, gossip: "push-pull" }, 4999)).toBe(10_000_000);
    expect(messagesPerRound({ nodes: 5000, fanout: 1000, gossip: "digest" }, 4999)).toBe(10_000_000);
    expect(messagesPerRound({ nodes: 5000, fanout: 1000, gossip: "off" }, 4999)).toBe(0);
  });

  it("refuses only what passes the page's limit, and says why and what to do", () => {
    expect(pageCostProblem({ nodes: 20_000, fanout: 50, gossip: "push" }, 6)).toBeNull();
    expect(pageCostProblem({ nodes: 1000, fanout: 1000, gossip: "push" }, 999)).toBeNull();
    expect(pageCostProblem({ nodes: 1001, fanout: 1000, gossip: "push" }, 1000)).toBe(
      `this run sends up to 1,001,000 messages a gossip round (1,001 nodes × 1000 peers), more than the page can hold (${PAGE_MAX_MESSAGES_PER_ROUND.toLocaleString("en")})`,
    );
  });
});
