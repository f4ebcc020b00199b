/**
 * PROTOCOL.md section 6 end to end: two or three nodes wired by hand, every message between them
 * compared as parsed JSON; forwarding; push targets; seeded peer choice.
 */
import { describe, expect, it } from "vitest";
import { createNode } from "../../src/sim/node";
import { Rng, sampleAscending } from "../../src/sim/rng";
import { fnv1a32 } from "../../src/sim/values";
import type { Json } from "../../src/sim/protocol";
import { booted, cluster, feed, msg, wire } from "./helpers";

const m = (src: string, dest: string, body: Record<string, unknown>) => ({ src, dest, body });

describe("push", () => {
  it("each tick sends the sorted known values to the peers, who merge them", () => {
    const w = cluster({ n1: { forward: false }, n2: { forward: false }, n3: { forward: false } });
    w.client("c1", "n1", { type: "broadcast", message: 1 });
    w.client("c1", "n2", { type: "broadcast", message: 2 });
    w.tick("n1");
    w.tick("n2");
    expect(wire(w.log)).toEqual([
      m("n1", "n2", { type: "gossip_sync", messages: [1], msg_id: 1 }),
      m("n1", "n3", { type: "gossip_sync", messages: [1], msg_id: 2 }),
      m("n2", "n1", { type: "gossip_sync_ok", new_count: 1, in_reply_to: 1, msg_id: 1 }),
      m("n3", "n1", { type: "gossip_sync_ok", new_count: 1, in_reply_to: 2, msg_id: 1 }),
      m("n2", "n1", { type: "gossip_sync", messages: [1, 2], msg_id: 2 }),
      m("n2", "n3", { type: "gossip_sync", messages: [1, 2], msg_id: 3 }),
      m("n1", "n2", { type: "gossip_sync_ok", new_count: 1, in_reply_to: 2, msg_id: 3 }),
      m("n3", "n2", { type: "gossip_sync_ok", new_count: 1, in_reply_to: 3, msg_id: 2 }),
    ]);
    for (const node of w.nodes.values()) expect(node.knownValues()).toEqual([1, 2]);
    // A tick with nothing new still sends (push is not incremental), and teaches nothing.
    w.tick("n3");
    expect(wire(w.log.slice(8))).toEqual([
      m("n3", "n1", { type: "gossip_sync", messages: [1, 2], msg_id: 3 }),
      m("n3", "n2", { type: "gossip_sync", messages: [1, 2], msg_id: 4 }),
      m("n1", "n3", { type: "gossip_sync_ok", new_count: 0, in_reply_to: 3, msg_id: 4 }),
      m("n2", "n3", { type: "gossip_sync_ok", new_count: 0, in_reply_to: 4, msg_id: 4 }),
    ]);
  });
});

describe("push-pull", () => {
  it("the initiator sends with pull and merges the missing values of the reply", () => {
    const w = cluster({ n1: { strategy: "push-pull", forward: false }, n2: { strategy: "push-pull", forward: false } });
    for (const message of [1, 2]) w.client("c1", "n1", { type: "broadcast", message });
    for (const message of [2, 3]) w.client("c1", "n2", { type: "broadcast", message });
    w.tick("n1");
    expect(wire(w.log)).toEqual([
      m("n1", "n2", { type: "gossip_sync", messages: [1, 2], pull: true, msg_id: 1 }),
      m("n2", "n1", { type: "gossip_sync_ok", new_count: 1, missing: [3], in_reply_to: 1, msg_id: 1 }),
    ]);
    expect(w.nodes.get("n1")!.knownValues()).toEqual([1, 2, 3]);
    expect(w.nodes.get("n2")!.knownValues()).toEqual([1, 2, 3]);
  });

  it("a node that knows nothing pulls everything in one exchange", () => {
    const w = cluster({ n1: { strategy: "push-pull" }, n2: {} });
    w.deliver(w.nodes.get("n2")!.handle(msg("c1", "n2", { type: "gossip_sync", messages: ["a", "b"] })).out);
    w.tick("n1");
    expect(wire(w.log)).toEqual([
      m("n1", "n2", { type: "gossip_sync", messages: [], pull: true, msg_id: 1 }),
      m("n2", "n1", { type: "gossip_sync_ok", new_count: 0, missing: ["a", "b"], in_reply_to: 1, msg_id: 1 }),
    ]);
    expect(w.nodes.get("n1")!.knownValues()).toEqual(["a", "b"]);
  });
});

describe("digest", () => {
  it("on a mismatch the initiator merges local_messages and sends only the values the peer lacks", () => {
    const w = cluster({ n1: { strategy: "digest", forward: false }, n2: { strategy: "digest", forward: false } });
    for (const message of [1, 2]) w.client("c1", "n1", { type: "broadcast", message });
    for (const message of [2, 3]) w.client("c1", "n2", { type: "broadcast", message });
    w.tick("n1");
    expect(wire(w.log)).toEqual([
      // FNV-1a 32 of "[1,2]".
      m("n1", "n2", { type: "digest_sync", remote_digest: "7d8e8676", remote_messages: null, msg_id: 1 }),
      m("n2", "n1", { type: "digest_sync_ok", match: false, transferred: 0, local_messages: [2, 3], in_reply_to: 1, msg_id: 1 }),
      m("n1", "n2", { type: "gossip_sync", messages: [1], msg_id: 2 }),
      m("n2", "n1", { type: "gossip_sync_ok", new_count: 1, in_reply_to: 2, msg_id: 2 }),
    ]);
    expect(w.nodes.get("n1")!.knownValues()).toEqual([1, 2, 3]);
    expect(w.nodes.get("n2")!.knownValues()).toEqual([1, 2, 3]);
    // Now the digests agree ("[1,2,3]"): nothing is transferred.
    w.tick("n2");
    expect(wire(w.log.slice(4))).toEqual([
      m("n2", "n1", { type: "digest_sync", remote_digest: "e0f965d9", remote_messages: null, msg_id: 3 }),
      m("n1", "n2", { type: "digest_sync_ok", match: true, transferred: 0, in_reply_to: 3, msg_id: 3 }),
    ]);
  });

  it("no follow-up when the peer lacks nothing", () => {
    const w = cluster({ n1: { strategy: "digest" }, n2: {} });
    w.deliver(w.nodes.get("n2")!.handle(msg("c1", "n2", { type: "gossip_sync", messages: [2, 3] })).out);
    w.tick("n1");
    expect(wire(w.log)).toEqual([
      m("n1", "n2", { type: "digest_sync", remote_digest: "741638a5", remote_messages: null, msg_id: 1 }),
      m("n2", "n1", { type: "digest_sync_ok", match: false, transferred: 0, local_messages: [2, 3], in_reply_to: 1, msg_id: 1 }),
    ]);
    expect(w.nodes.get("n1")!.knownValues()).toEqual([2, 3]);
  });
});

describe("snapshots passed between nodes", () => {
  // One node's knownValues() array, handed to another as is (as the engine does), takes the merge
  // walk; the same values as a fresh array take the Map path. Both must agree exactly.
  const mixed: Json[] = [[1], 3, "b", { k: 1 }, null, -1, true, "a", [], 10];
  const theirs: Json[] = [10, "a", 2, { k: 1 }, [0], false, "c", null, -5];

  function exchange(asSnapshot: boolean) {
    const sender = booted({ forward: false }, ["n1", "n2"], "n1");
    const receiver = booted({ forward: false }, ["n1", "n2"], "n2");
    feed(sender, msg("c1", "n1", { type: "gossip_sync", messages: mixed }));
    feed(receiver, msg("c1", "n2", { type: "gossip_sync", messages: theirs }));
    const snapshot = sender.knownValues();
    const messages = asSnapshot ? snapshot : [...snapshot];
    const reply = feed(receiver, msg("n1", "n2", { type: "gossip_sync", msg_id: 7, messages, pull: true }));
    return { reply, known: receiver.knownValues() };
  }

  it("merge and missing are the same for a snapshot and for a copy of it", () => {
    const viaSnapshot = exchange(true);
    expect(viaSnapshot).toEqual(exchange(false));
    expect(viaSnapshot.reply).toEqual([m("n2", "n1", { type: "gossip_sync_ok", new_count: 6, missing: [-5, 2, "c", false, [0]], in_reply_to: 7, msg_id: 1 })]);
    expect(viaSnapshot.known).toEqual([-5, -1, 2, 3, 10, "a", "b", "c", false, true, null, [0], [1], [], { k: 1 }]);
  });

  it("a snapshot serialises as a plain array", () => {
    const node = booted({ forward: false });
    feed(node, msg("c1", "n1", { type: "gossip_sync", messages: [2, 1] }));
    expect(JSON.stringify(node.knownValues())).toBe("[1,2]");
    expect(structuredClone(node.knownValues())).toEqual([1, 2]);
  });
});

describe("forwarding", () => {
  const line = { n1: ["n2"], n2: ["n1", "n3"], n3: ["n2"] };

  it("on: a client broadcast floods a line topology, never back to the sender", () => {
    const w = cluster({ n1: {}, n2: {}, n3: {} });
    for (const id of ["n1", "n2", "n3"]) w.client("c0", id, { type: "topology", topology: line });
    w.client("c1", "n1", { type: "broadcast", msg_id: 1, message: 7 });
    expect(wire(w.log)).toEqual([
      m("n1", "n2", { type: "broadcast", message: 7, msg_id: 2 }),
      m("n2", "n1", { type: "broadcast_ok", in_reply_to: 2, msg_id: 1 }),
      m("n2", "n3", { type: "broadcast", message: 7, msg_id: 2 }),
      m("n3", "n2", { type: "broadcast_ok", in_reply_to: 2, msg_id: 1 }),
    ]);
    for (const node of w.nodes.values()) expect(node.knownValues()).toEqual([7]);
  });

  it("off: only the node that was told knows", () => {
    const w = cluster({ n1: { forward: false }, n2: { forward: false }, n3: { forward: false } });
    for (const id of ["n1", "n2", "n3"]) w.client("c0", id, { type: "topology", topology: line });
    w.client("c1", "n1", { type: "broadcast", msg_id: 1, message: 7 });
    expect(w.log).toEqual([]);
    expect([...w.nodes.values()].map((n) => n.knownCount())).toEqual([1, 0, 0]);
  });

  it("configure forward: false turns it off at run time", () => {
    const node = booted();
    feed(node, msg("c1", "n1", { type: "configure", forward: false }));
    expect(feed(node, msg("c1", "n1", { type: "broadcast", message: 1 }))).toEqual([]);
  });
});

describe("seeded peer choice", () => {
  const ids = ["n1", "n2", "n3", "n4", "n5", "n6"];
  /** Peers of three ticks of node n3 (which knows one value, so each tick gossips). */
  function peersOfTicks(options: { seed?: number }): string[][] {
    const node = booted({ ...options, fanout: 2 }, ids, "n3");
    feed(node, msg("c1", "n3", { type: "gossip_sync", messages: [1] }));
    return [0, 1, 2].map(() => node.tick().map((x) => x.dest));
  }

  it("seed 42 picks exactly these peers, in nodeIds order", () => {
    expect(peersOfTicks({ seed: 42 })).toEqual([
      ["n4", "n6"],
      ["n5", "n6"],
      ["n1", "n4"],
    ]);
  });

  it("the same seed replays the same peers; they are the rng's draws over nodeIds minus self", () => {
    expect(peersOfTicks({ seed: 42 })).toEqual(peersOfTicks({ seed: 42 }));
    const rng = new Rng(42);
    const others = ["n1", "n2", "n4", "n5", "n6"];
    const drawn = [0, 1, 2].map(() => sampleAscending(rng, 5, 2).map((i) => others[i]!));
    expect(peersOfTicks({ seed: 42 })).toEqual(drawn);
  });

  it("without a seed, the seed is FNV-1a 32 of the node id", () => {
    expect(fnv1a32("n3")).toBe(104193830);
    expect(peersOfTicks({})).toEqual(peersOfTicks({ seed: 104193830 }));
    expect(peersOfTicks({})).toEqual([
      ["n1", "n5"],
      ["n2", "n6"],
      ["n2", "n6"],
    ]);
  });

  it("a push round with nothing known advances the generator as a real draw would", () => {
    const idle = booted({ fanout: 2, seed: 42 }, ids, "n3");
    expect(feed(idle, msg("c1", "n3", { type: "gossip_round", msg_id: 1 }))).toEqual([
      m("n3", "c1", { type: "gossip_round_ok", peers_contacted: 2, messages_sent: 0, in_reply_to: 1, msg_id: 1 }),
    ]);
    expect(idle.tick()).toEqual([]);
    feed(idle, msg("c1", "n3", { type: "gossip_sync", messages: [1] }));
    // Two draws were spent on the idle round and tick; the third is the one used.
    expect(idle.tick().map((x) => x.dest)).toEqual(peersOfTicks({ seed: 42 })[2]);
    expect(peersOfTicks({ seed: 42 })[2]).toEqual(["n1", "n4"]);
  });

  it("with a topology, peers are drawn from the neighbours, in topology order", () => {
    const node = booted({ fanout: 2, seed: 42 }, ids, "n3");
    feed(node, msg("c0", "n3", { type: "topology", topology: { n3: ["n6", "n5", "n3", "n4", "n1", "n2"] } }), msg("c1", "n3", { type: "gossip_sync", messages: [1] }));
    // Candidates n6 n5 n4 n1 n2; seed 42 draws indices 2, 4 first.
    expect(node.tick().map((x) => x.dest)).toEqual(["n4", "n2"]);
  });

  it("push targets without a topology skip self and the sender: seed 9 picks n2 and n6 from n2 n3 n5 n6", () => {
    expect(sampleAscending(new Rng(9), 4, 2)).toEqual([0, 3]);
    const node = booted({ fanout: 2, seed: 9 }, ids, "n1");
    expect(feed(node, msg("n4", "n1", { type: "broadcast", msg_id: 3, message: "v" }))).toEqual([
      m("n1", "n4", { type: "broadcast_ok", in_reply_to: 3, msg_id: 1 }),
      m("n1", "n2", { type: "broadcast", message: "v", msg_id: 2 }),
      m("n1", "n6", { type: "broadcast", message: "v", msg_id: 3 }),
    ]);
  });

  it("a node whose id is missing from node_ids draws from all of them", () => {
    const node = createNode({ fanout: 5 });
    feed(node, msg("c0", "x", { type: "init", node_id: "x", node_ids: ["n1", "n2"] }), msg("c1", "x", { type: "broadcast", message: 1 }));
    expect(node.tick().map((t) => t.dest)).toEqual(["n1", "n2"]);
  });
});
