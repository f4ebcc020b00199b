/**
 * The node against PROTOCOL.md sections 3 to 5: every row of the message table, every step of the
 * dispatch order, every configure check. Full outputs are compared as parsed JSON.
 */
import type { NodeCounters } from "../../src/sim/protocol";
import { describe, expect, it } from "vitest";
import { createNode, handleLine } from "../../src/sim/node";
import type { Body, Json } from "../../src/sim/protocol";
import { booted, feed, msg } from "./helpers";

/** A message from n1 (the node under test). */
const n1 = (dest: string, body: Record<string, unknown>) => ({ src: "n1", dest, body });
const c1 = (body: Body) => msg("c1", "n1", body);

describe("init", () => {
  it("answers init_ok and sets the node's identity", () => {
    const node = createNode({});
    expect(node.nodeId).toBeNull();
    expect(feed(node, msg("c0", "n1", { type: "init", msg_id: 7, node_id: "n1", node_ids: ["n1", "n2"] }))).toEqual([
      n1("c0", { type: "init_ok", in_reply_to: 7, msg_id: 0 }),
    ]);
    expect(node.nodeId).toBe("n1");
    expect(node.nodeIds).toEqual(["n1", "n2"]);
  });

  it("a second init is answered and changes nothing", () => {
    const node = booted();
    const ids = node.nodeIds;
    expect(feed(node, msg("c0", "n1", { type: "init", msg_id: 2, node_id: "n1", node_ids: ["n1", "n9"] }))).toEqual([
      n1("c0", { type: "init_ok", in_reply_to: 2, msg_id: 1 }),
    ]);
    expect(node.nodeId).toBe("n1");
    expect(node.nodeIds).toBe(ids);
  });

  it("an init without msg_id initialises silently", () => {
    const node = createNode({});
    expect(feed(node, msg("c0", "n1", { type: "init", node_id: "n1", node_ids: ["n1"] }))).toEqual([]);
    expect(feed(node, c1({ type: "read", msg_id: 1 }))).toEqual([n1("c1", { type: "read_ok", messages: [], in_reply_to: 1, msg_id: 0 })]);
  });

  it.each([
    [{ node_ids: ["n1"] }, "init needs node_id (a non-empty string)"],
    [{ node_id: 1, node_ids: ["n1"] }, "init needs node_id (a non-empty string)"],
    [{ node_id: "", node_ids: ["n1"] }, "init needs node_id (a non-empty string)"],
    [{ node_id: "n1" }, "init needs node_ids (an array of distinct non-empty strings)"],
    [{ node_id: "n1", node_ids: "n1" }, "init needs node_ids (an array of distinct non-empty strings)"],
    [{ node_id: "n1", node_ids: ["n1", 2] }, "init needs node_ids (an array of distinct non-empty strings)"],
    [{ node_id: "n1", node_ids: ["n1", "n1"] }, "init needs node_ids (an array of distinct non-empty strings)"],
  ])("malformed init %j is error 12 and leaves the node uninitialised", (fields, text) => {
    const node = createNode({});
    expect(feed(node, msg("c0", "n1", { type: "init", msg_id: 1, ...fields }))).toEqual([
      { src: "n1", dest: "c0", body: { type: "error", code: 12, text, in_reply_to: 1, msg_id: 0 } },
    ]);
    expect(node.nodeId).toBeNull();
  });
});

describe("topology and tree_info", () => {
  it("stores the node's own entry minus itself, in order; tree_info shows it", () => {
    const node = booted();
    const topology = { n1: ["n3", "n1", "n2"], n2: ["n1"] };
    expect(feed(node, c1({ type: "tree_info", msg_id: 1 }), c1({ type: "topology", msg_id: 2, topology }), c1({ type: "tree_info", msg_id: 3 }))).toEqual([
      n1("c1", { type: "tree_info_ok", neighbors: [], message_count: 0, in_reply_to: 1, msg_id: 1 }),
      n1("c1", { type: "topology_ok", in_reply_to: 2, msg_id: 2 }),
      n1("c1", { type: "tree_info_ok", neighbors: ["n3", "n2"], message_count: 0, in_reply_to: 3, msg_id: 3 }),
    ]);
    expect(node.neighbors).toEqual(["n3", "n2"]);
    // The input is not touched.
    expect(topology.n1).toEqual(["n3", "n1", "n2"]);
  });

  it("keeps the host's array by reference when it does not contain the node", () => {
    const node = booted();
    const mine = ["n2", "n3"];
    feed(node, c1({ type: "topology", topology: { n1: mine } }));
    expect(node.neighbors).toBe(mine);
  });

  it("no entry means no neighbours (but a topology is known)", () => {
    const node = booted();
    expect(node.neighbors).toBeNull();
    feed(node, c1({ type: "topology", topology: { n2: ["n3"] } }));
    expect(node.neighbors).toEqual([]);
  });

  it.each([
    [{}, "topology needs topology (an object: node id -> array of node ids)"],
    [{ topology: ["n2"] }, "topology needs topology (an object: node id -> array of node ids)"],
    [{ topology: null }, "topology needs topology (an object: node id -> array of node ids)"],
    [{ topology: { n1: "n2" } }, "topology.n1 must be an array of node ids"],
    [{ topology: { n1: ["n2", 3] } }, "topology.n1 must be an array of node ids"],
  ])("malformed topology %j is error 12, state unchanged", (fields, text) => {
    const node = booted();
    expect(feed(node, c1({ type: "topology", msg_id: 5, ...fields }))).toEqual([n1("c1", { type: "error", code: 12, text, in_reply_to: 5, msg_id: 1 })]);
    expect(node.neighbors).toBeNull();
  });
});

describe("broadcast and read", () => {
  it("acknowledges, stores, and forwards a new value to the neighbours except the sender", () => {
    const node = booted();
    feed(node, c1({ type: "topology", topology: { n1: ["n2", "n3"] } }));
    expect(feed(node, msg("n2", "n1", { type: "broadcast", msg_id: 4, message: 5 }))).toEqual([
      n1("n2", { type: "broadcast_ok", in_reply_to: 4, msg_id: 1 }),
      n1("n3", { type: "broadcast", message: 5, msg_id: 2 }),
    ]);
    expect(feed(node, c1({ type: "broadcast", msg_id: 5, message: 6 }))).toEqual([
      n1("c1", { type: "broadcast_ok", in_reply_to: 5, msg_id: 3 }),
      n1("n2", { type: "broadcast", message: 6, msg_id: 4 }),
      n1("n3", { type: "broadcast", message: 6, msg_id: 5 }),
    ]);
  });

  it("a known value is acknowledged and not forwarded", () => {
    const node = booted();
    feed(node, c1({ type: "topology", topology: { n1: ["n2"] } }), c1({ type: "broadcast", message: "x" }));
    expect(feed(node, c1({ type: "broadcast", msg_id: 9, message: "x" }))).toEqual([n1("c1", { type: "broadcast_ok", in_reply_to: 9, msg_id: 2 })]);
  });

  it("forward off: acknowledged, stored, not forwarded", () => {
    const node = booted({ forward: false });
    feed(node, c1({ type: "topology", topology: { n1: ["n2"] } }));
    expect(feed(node, c1({ type: "broadcast", msg_id: 2, message: 1 }), c1({ type: "read", msg_id: 3 }))).toEqual([
      n1("c1", { type: "broadcast_ok", in_reply_to: 2, msg_id: 1 }),
      n1("c1", { type: "read_ok", messages: [1], in_reply_to: 3, msg_id: 2 }),
    ]);
  });

  it("a broadcast without msg_id is stored and forwarded, with no reply", () => {
    const node = booted();
    feed(node, c1({ type: "topology", topology: { n1: ["n2"] } }));
    expect(feed(node, c1({ type: "broadcast", message: null }))).toEqual([n1("n2", { type: "broadcast", message: null, msg_id: 1 })]);
    expect(node.knownValues()).toEqual([null]);
  });

  it("without a topology, pushes to all other nodes when there are fanout or fewer", () => {
    const node = booted({ fanout: 2 });
    expect(feed(node, msg("n3", "n1", { type: "broadcast", msg_id: 1, message: 1 }))).toEqual([
      n1("n3", { type: "broadcast_ok", in_reply_to: 1, msg_id: 1 }),
      n1("n2", { type: "broadcast", message: 1, msg_id: 2 }),
    ]);
  });

  it.each([[{}], [{ message: undefined }]])("a broadcast without a JSON message %j is error 12", (fields) => {
    const node = booted();
    expect(feed(node, c1({ type: "broadcast", msg_id: 3, ...fields }))).toEqual([
      n1("c1", { type: "error", code: 12, text: "broadcast needs message (a JSON value)", in_reply_to: 3, msg_id: 1 }),
    ]);
    expect(node.knownCount()).toBe(0);
  });

  it.each([[Number.NaN], [Infinity], [[1, undefined]], [{ a: () => 1 }], [new Date(0)], [new Map()]])(
    "a message that is not a JSON value (%s) is error 12",
    (message) => {
      const node = booted();
      expect(feed(node, c1({ type: "broadcast", msg_id: 3, message }))).toEqual([
        n1("c1", { type: "error", code: 12, text: "broadcast needs message (a JSON value)", in_reply_to: 3, msg_id: 1 }),
      ]);
    },
  );

  it("read returns the values in sorted order", () => {
    const node = booted({ forward: false });
    for (const message of [3, "b", 1, "a"]) feed(node, c1({ type: "broadcast", message }));
    expect(feed(node, c1({ type: "read", msg_id: 1 }))).toEqual([n1("c1", { type: "read_ok", messages: [1, 3, "a", "b"], in_reply_to: 1, msg_id: 1 })]);
  });
});

describe("value identity and order", () => {
  it("1 and 1.0 are one value, 1 and \"1\" two; objects are equal whatever their key order", () => {
    const node = booted({ forward: false });
    const lines = [
      '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":1,"message":1}}',
      '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":2,"message":1.0}}',
      '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":3,"message":"1"}}',
      '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":4,"message":{"a":1,"b":[2,{"d":1,"c":0}]}}}',
      '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":5,"message":{"b":[2,{"c":0,"d":1}],"a":1.0}}}',
      '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":6,"message":-0}}',
      '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":7,"message":0}}',
      '{"src":"c1","dest":"n1","body":{"type":"read","msg_id":8}}',
    ];
    const out = lines.flatMap((l) => handleLine(node, l).out);
    expect(node.knownCount()).toBe(4);
    expect(node.knowsKey("1")).toBe(true);
    expect(node.knowsKey('"1"')).toBe(true);
    expect(node.knowsKey('{"a":1,"b":[2,{"c":0,"d":1}]}')).toBe(true);
    expect(node.knowsKey("0")).toBe(true);
    expect(JSON.parse(out[7]!)).toEqual(n1("c1", { type: "read_ok", messages: [0, 1, "1", { a: 1, b: [2, { d: 1, c: 0 }] }], in_reply_to: 8, msg_id: 8 }));
  });

  it("sorts numbers, strings (UTF-16 code units), false, true, null, arrays, objects", () => {
    const node = booted({ forward: false });
    const values: Json[] = [{ b: 0 }, [], "a", null, true, [2], "\u{1F600}", 3, {}, false, "\uFF46", [1], -2.5, "B", { a: 1 }, [1, 2], 1e21, 0];
    feed(node, c1({ type: "gossip_sync", messages: values }));
    // Arrays and objects by canonical JSON: "[1,2]" < "[1]" < "[2]" < "[]" since "," < "]" < "1".
    // U+1F600 is the code units D83D DE00, so it sorts before U+FF46 (by code point it would be after).
    expect(feed(node, c1({ type: "read", msg_id: 1 }))).toEqual([
      n1("c1", {
        type: "read_ok",
        messages: [-2.5, 0, 3, 1e21, "B", "a", "\u{1F600}", "\uFF46", false, true, null, [1, 2], [1], [2], [], { a: 1 }, { b: 0 }, {}],
        in_reply_to: 1,
        msg_id: 1,
      }),
    ]);
  });
});

describe("gossip_sync", () => {
  it("merges, counts distinct new values, and does not forward them", () => {
    const node = booted();
    feed(node, c1({ type: "topology", topology: { n1: ["n2", "n3"] } }), c1({ type: "broadcast", message: 2 }));
    expect(feed(node, msg("n2", "n1", { type: "gossip_sync", msg_id: 3, messages: [3, 2, 3, 1] }))).toEqual([
      n1("n2", { type: "gossip_sync_ok", new_count: 2, in_reply_to: 3, msg_id: 3 }),
    ]);
    expect(node.knownValues()).toEqual([1, 2, 3]);
  });

  it("with pull: true, also returns the sorted values the sender lacked", () => {
    const node = booted({ forward: false });
    feed(node, c1({ type: "gossip_sync", messages: [5, "z", 1, 2] }));
    expect(feed(node, msg("n2", "n1", { type: "gossip_sync", msg_id: 3, messages: [2, 7], pull: true }))).toEqual([
      n1("n2", { type: "gossip_sync_ok", new_count: 1, missing: [1, 5, "z"], in_reply_to: 3, msg_id: 1 }),
    ]);
    expect(feed(node, msg("n2", "n1", { type: "gossip_sync", msg_id: 4, messages: [], pull: false }))).toEqual([
      n1("n2", { type: "gossip_sync_ok", new_count: 0, in_reply_to: 4, msg_id: 2 }),
    ]);
    expect(feed(node, msg("n2", "n1", { type: "gossip_sync", msg_id: 5, messages: [7, 5, 2, 1, "z"], pull: true }))).toEqual([
      n1("n2", { type: "gossip_sync_ok", new_count: 0, missing: [], in_reply_to: 5, msg_id: 3 }),
    ]);
  });

  it.each([
    [{}, "gossip_sync needs messages (an array of JSON values)"],
    [{ messages: 1 }, "gossip_sync needs messages (an array of JSON values)"],
    [{ messages: [1, Number.NaN] }, "gossip_sync needs messages (an array of JSON values)"],
    [{ messages: [1], pull: "yes" }, "gossip_sync pull must be a boolean"],
  ])("malformed gossip_sync %j is error 12 and merges nothing", (fields, text) => {
    const node = booted();
    expect(feed(node, msg("n2", "n1", { type: "gossip_sync", msg_id: 1, ...fields }))).toEqual([n1("n2", { type: "error", code: 12, text, in_reply_to: 1, msg_id: 1 })]);
    expect(node.knownCount()).toBe(0);
  });
});

describe("gossip_round", () => {
  it("push: replies with peers and values, then one gossip_sync each, sharing one payload", () => {
    const node = booted({ seed: 1 });
    feed(node, c1({ type: "topology", topology: { n1: ["n2", "n3"] } }), c1({ type: "gossip_sync", messages: [2, 1] }));
    const { out } = node.handle(c1({ type: "gossip_round", msg_id: 9 }));
    expect(JSON.parse(JSON.stringify(out))).toEqual([
      n1("c1", { type: "gossip_round_ok", peers_contacted: 2, messages_sent: 2, in_reply_to: 9, msg_id: 1 }),
      n1("n2", { type: "gossip_sync", messages: [1, 2], msg_id: 2 }),
      n1("n3", { type: "gossip_sync", messages: [1, 2], msg_id: 3 }),
    ]);
    expect(out[1]!.body.messages).toBe(out[2]!.body.messages);
  });

  it("push with nothing known: the reply only; a tick emits nothing", () => {
    const node = booted();
    expect(feed(node, c1({ type: "gossip_round", msg_id: 2 }))).toEqual([n1("c1", { type: "gossip_round_ok", peers_contacted: 2, messages_sent: 0, in_reply_to: 2, msg_id: 1 })]);
    expect(node.tick()).toEqual([]);
  });

  it("push-pull: gossip_sync with pull even when nothing is known", () => {
    const node = booted({ strategy: "push-pull", fanout: 5 });
    expect(feed(node, c1({ type: "gossip_round", msg_id: 2 }))).toEqual([
      n1("c1", { type: "gossip_round_ok", peers_contacted: 2, messages_sent: 0, in_reply_to: 2, msg_id: 1 }),
      n1("n2", { type: "gossip_sync", messages: [], pull: true, msg_id: 2 }),
      n1("n3", { type: "gossip_sync", messages: [], pull: true, msg_id: 3 }),
    ]);
  });

  it("digest: digest_sync with the own digest and null messages; messages_sent 0", () => {
    const node = booted({ strategy: "digest" });
    feed(node, c1({ type: "topology", topology: { n1: ["n3"] } }), c1({ type: "gossip_sync", messages: [1, 2, 3] }));
    expect(feed(node, c1({ type: "gossip_round", msg_id: 2 }))).toEqual([
      n1("c1", { type: "gossip_round_ok", peers_contacted: 1, messages_sent: 0, in_reply_to: 2, msg_id: 1 }),
      n1("n3", { type: "digest_sync", remote_digest: "e0f965d9", remote_messages: null, msg_id: 2 }),
    ]);
  });

  it("no peers (empty topology or fanout 0): peers_contacted 0, messages_sent 0, nothing sent", () => {
    const node = booted({ fanout: 0 });
    feed(node, c1({ type: "broadcast", message: 1 }));
    expect(feed(node, c1({ type: "gossip_round", msg_id: 2 }))).toEqual([n1("c1", { type: "gossip_round_ok", peers_contacted: 0, messages_sent: 0, in_reply_to: 2, msg_id: 1 })]);
    const alone = booted();
    feed(alone, c1({ type: "topology", topology: {} }), c1({ type: "broadcast", message: 1 }));
    expect(feed(alone, c1({ type: "gossip_round", msg_id: 2 }))).toEqual([n1("c1", { type: "gossip_round_ok", peers_contacted: 0, messages_sent: 0, in_reply_to: 2, msg_id: 1 })]);
    expect(alone.tick()).toEqual([]);
  });

  it("a tick is a round with no reply", () => {
    const node = booted({ fanout: 1, seed: 3 });
    feed(node, c1({ type: "topology", topology: { n1: ["n2", "n3"] } }), c1({ type: "gossip_sync", messages: ["v"] }));
    const out = node.tick();
    expect(out).toHaveLength(1);
    expect(out[0]!.body).toEqual({ type: "gossip_sync", messages: ["v"], msg_id: 1 });
  });

  it("a tick before init emits nothing", () => {
    expect(createNode({}).tick()).toEqual([]);
  });
});

describe("configure", () => {
  it("changes the settings it names and keeps the rest", () => {
    const node = booted();
    expect(feed(node, c1({ type: "configure", msg_id: 1, fanout: 0, gossip_interval_ms: 50 }))).toEqual([n1("c1", { type: "configure_ok", in_reply_to: 1, msg_id: 1 })]);
    expect([node.fanout, node.gossipIntervalMs, node.strategy, node.forward]).toEqual([0, 50, "push", true]);
    feed(node, c1({ type: "configure", strategy: "digest", forward: false }));
    expect([node.fanout, node.gossipIntervalMs, node.strategy, node.forward]).toEqual([0, 50, "digest", false]);
  });

  it.each([
    [{ fanout: -1 }, "configure fanout must be an integer >= 0"],
    [{ fanout: 1.5 }, "configure fanout must be an integer >= 0"],
    [{ fanout: "2" }, "configure fanout must be an integer >= 0"],
    [{ gossip_interval_ms: 0 }, "configure gossip_interval_ms must be an integer > 0"],
    [{ gossip_interval_ms: 2.5 }, "configure gossip_interval_ms must be an integer > 0"],
    [{ gossip_interval_ms: null }, "configure gossip_interval_ms must be an integer > 0"],
    [{ strategy: "flood" }, "configure strategy must be one of push, push-pull, digest"],
    [{ strategy: 1 }, "configure strategy must be one of push, push-pull, digest"],
    [{ forward: "false" }, "configure forward must be a boolean"],
    [{ fanout: 3, strategy: "pull" }, "configure strategy must be one of push, push-pull, digest"],
  ])("%j is error 12 and changes nothing", (fields, text) => {
    const node = booted();
    expect(feed(node, c1({ type: "configure", msg_id: 4, ...fields }))).toEqual([n1("c1", { type: "error", code: 12, text, in_reply_to: 4, msg_id: 1 })]);
    expect([node.fanout, node.gossipIntervalMs, node.strategy, node.forward]).toEqual([2, 200, "push", true]);
  });
});

describe("gossip_stats", () => {
  it("counts client broadcasts, messages to other nodes, and their ratio", () => {
    const node = booted({ fanout: 2 });
    feed(
      node,
      c1({ type: "broadcast", msg_id: 1, message: 1 }), // to c1: not counted; forwards to n2, n3: 2
      msg("n2", "n1", { type: "broadcast", msg_id: 2, message: 2 }), // from a node: not a client broadcast; reply + forward: 2
      c1({ type: "broadcast", msg_id: 3, message: 1 }), // a client broadcast of a known value
      msg("n3", "n1", { type: "gossip_sync", msg_id: 4, messages: [3] }), // the reply to n3: 1
    );
    expect(feed(node, c1({ type: "gossip_stats", msg_id: 5 }))).toEqual([
      n1("c1", { type: "gossip_stats_ok", broadcasts_received: 2, gossip_messages_sent: 5, messages_per_op: 2.5, unique_messages: 3, in_reply_to: 5, msg_id: 8 }),
    ]);
    expect(node.counters).toEqual({ broadcastsReceived: 2, gossipMessagesSent: 5, messagesDropped: 0, messagesReceived: 6 });
  });
});

describe("digest and digest_sync", () => {
  // FNV-1a 32 of the canonical JSON of the sorted values: "[]" is 741638a5 (PROTOCOL.md), "[1,2,3]" is e0f965d9.
  it("digest of the empty set and of [1,2,3] (any arrival order)", () => {
    const node = booted();
    expect(feed(node, c1({ type: "digest", msg_id: 1 }))).toEqual([n1("c1", { type: "digest_ok", digest: "741638a5", count: 0, in_reply_to: 1, msg_id: 1 })]);
    feed(node, c1({ type: "gossip_sync", messages: [3, 1] }), c1({ type: "gossip_sync", messages: [2] }));
    expect(feed(node, c1({ type: "digest", msg_id: 2 }))).toEqual([n1("c1", { type: "digest_ok", digest: "e0f965d9", count: 3, in_reply_to: 2, msg_id: 2 })]);
  });

  it("digest of multi-byte strings hashes their UTF-8 bytes", () => {
    const node = booted();
    // ["é"] is the bytes 5b 22 c3 a9 22 5d.
    feed(node, c1({ type: "gossip_sync", messages: ["é"] }));
    expect(feed(node, c1({ type: "digest", msg_id: 1 }))[0]).toEqual(n1("c1", { type: "digest_ok", digest: "fa3c7d99", count: 1, in_reply_to: 1, msg_id: 1 }));
  });

  it("a matching digest transfers nothing and merges nothing", () => {
    const node = booted();
    feed(node, c1({ type: "gossip_sync", messages: [1, 2, 3] }));
    expect(feed(node, msg("n2", "n1", { type: "digest_sync", msg_id: 1, remote_digest: "e0f965d9", remote_messages: [9] }))).toEqual([
      n1("n2", { type: "digest_sync_ok", match: true, transferred: 0, in_reply_to: 1, msg_id: 1 }),
    ]);
    expect(node.knownCount()).toBe(3);
  });

  it("a mismatch merges remote_messages and returns the sorted union", () => {
    const node = booted();
    feed(node, c1({ type: "gossip_sync", messages: [1, 3] }));
    expect(feed(node, msg("n2", "n1", { type: "digest_sync", msg_id: 1, remote_digest: "00000000", remote_messages: [4, 2, 3] }))).toEqual([
      n1("n2", { type: "digest_sync_ok", match: false, transferred: 2, local_messages: [1, 2, 3, 4], in_reply_to: 1, msg_id: 1 }),
    ]);
    expect(feed(node, msg("n2", "n1", { type: "digest_sync", msg_id: 2, remote_digest: "00000000", remote_messages: null }))).toEqual([
      n1("n2", { type: "digest_sync_ok", match: false, transferred: 0, local_messages: [1, 2, 3, 4], in_reply_to: 2, msg_id: 2 }),
    ]);
  });

  it.each([
    [{ remote_messages: null }, "digest_sync needs remote_digest (a string)"],
    [{ remote_digest: 1, remote_messages: null }, "digest_sync needs remote_digest (a string)"],
    [{ remote_digest: "x" }, "digest_sync needs remote_messages (an array of JSON values, or null)"],
    [{ remote_digest: "x", remote_messages: {} }, "digest_sync needs remote_messages (an array of JSON values, or null)"],
  ])("malformed digest_sync %j is error 12", (fields, text) => {
    const node = booted();
    expect(feed(node, msg("n2", "n1", { type: "digest_sync", msg_id: 1, ...fields }))).toEqual([n1("n2", { type: "error", code: 12, text, in_reply_to: 1, msg_id: 1 })]);
  });
});

describe("partition, heal, partition_status", () => {
  it("a blocked destination takes no msg_id and counts as dropped; heal keeps the count", () => {
    const node = booted({ fanout: 2 });
    expect(feed(node, c1({ type: "partition", msg_id: 1, blocked: ["n3", "c9", "n3"] }), c1({ type: "broadcast", msg_id: 2, message: 1 }))).toEqual([
      n1("c1", { type: "partition_ok", in_reply_to: 1, msg_id: 1 }),
      n1("c1", { type: "broadcast_ok", in_reply_to: 2, msg_id: 2 }),
      n1("n2", { type: "broadcast", message: 1, msg_id: 3 }),
    ]);
    // A reply to a blocked client is dropped too.
    expect(feed(node, msg("c9", "n1", { type: "read", msg_id: 1 }))).toEqual([]);
    expect(feed(node, c1({ type: "partition_status", msg_id: 3 }), c1({ type: "heal", msg_id: 4 }), c1({ type: "partition_status", msg_id: 5 }))).toEqual([
      n1("c1", { type: "partition_status_ok", blocked: ["c9", "n3"], is_partitioned: true, messages_dropped: 2, in_reply_to: 3, msg_id: 4 }),
      n1("c1", { type: "heal_ok", in_reply_to: 4, msg_id: 5 }),
      n1("c1", { type: "partition_status_ok", blocked: [], is_partitioned: false, messages_dropped: 2, in_reply_to: 5, msg_id: 6 }),
    ]);
    expect(node.counters.gossipMessagesSent).toBe(1);
  });

  it("partition replaces the blocked set; an empty list clears it", () => {
    const node = booted();
    feed(node, c1({ type: "partition", blocked: ["n2"] }), c1({ type: "partition", blocked: ["n3"] }));
    expect(feed(node, c1({ type: "partition_status", msg_id: 1 }))[0]).toMatchObject({ body: { blocked: ["n3"], is_partitioned: true } });
    feed(node, c1({ type: "partition", blocked: [] }));
    expect(feed(node, c1({ type: "partition_status", msg_id: 2 }))[0]).toMatchObject({ body: { blocked: [], is_partitioned: false } });
  });

  it.each([[{}], [{ blocked: "n2" }], [{ blocked: ["n2", 3] }]])("malformed partition %j is error 12", (fields) => {
    const node = booted();
    expect(feed(node, c1({ type: "partition", msg_id: 1, ...fields }))).toEqual([
      n1("c1", { type: "error", code: 12, text: "partition needs blocked (an array of node ids)", in_reply_to: 1, msg_id: 1 }),
    ]);
  });
});

describe("dispatch order and errors (section 4)", () => {
  it("1. not JSON, or not an envelope: nothing emitted, no msg_id taken, a problem to log", () => {
    const node = booted();
    const bad: [string, string][] = [
      ["{", "not JSON: "],
      ["[1]", "not a message: expected a JSON object {src, dest, body}"],
      ["null", "not a message: expected a JSON object {src, dest, body}"],
      ['{"dest":"n1","body":{"type":"read","msg_id":1}}', "not a message: src must be a non-empty string"],
      ['{"src":"","dest":"n1","body":{"type":"read","msg_id":1}}', "not a message: src must be a non-empty string"],
      ['{"src":"c1","dest":1,"body":{"type":"read","msg_id":1}}', "not a message: dest must be a non-empty string"],
      ['{"src":"c1","dest":"n1","body":[]}', "not a message: body must be a JSON object"],
      ['{"src":"c1","dest":"n1"}', "not a message: body must be a JSON object"],
      ['{"src":"c1","dest":"n1","body":{"type":"read","msg_id":"1"}}', "not a message: body.msg_id must be an integer"],
      ['{"src":"c1","dest":"n1","body":{"type":"read","msg_id":1.5}}', "not a message: body.msg_id must be an integer"],
      ['{"src":"c1","dest":"n1","body":{"type":"read_ok","in_reply_to":null}}', "not a message: body.in_reply_to must be an integer"],
    ];
    for (const [line, problem] of bad) {
      const r = handleLine(node, line);
      expect(r.out).toEqual([]);
      expect(r.problem?.startsWith(problem)).toBe(true);
    }
    expect(feed(node, c1({ type: "read", msg_id: 1 }))).toEqual([n1("c1", { type: "read_ok", messages: [], in_reply_to: 1, msg_id: 1 })]);
    // init and read: the invalid lines are not counted.
    expect((node.counters as NodeCounters).messagesReceived).toBe(2);
  });

  it("2. a response is never answered (even with a msg_id or an unknown type)", () => {
    const node = booted();
    expect(
      feed(
        node,
        msg("n2", "n1", { type: "broadcast_ok", in_reply_to: 3, msg_id: 4 }),
        msg("n2", "n1", { type: "whatever", in_reply_to: 3, msg_id: 5 }),
        msg("n2", "n1", { type: "broadcast", in_reply_to: 3, message: 1 }),
        msg("n2", "n1", { type: "error", code: 10, text: "no", in_reply_to: 3 }),
      ),
    ).toEqual([]);
    expect(node.knownCount()).toBe(0);
  });

  it("2. a gossip_sync_ok response merges its missing values (and is not forwarded)", () => {
    const node = booted();
    feed(node, c1({ type: "topology", topology: { n1: ["n2"] } }));
    expect(feed(node, msg("n2", "n1", { type: "gossip_sync_ok", new_count: 0, missing: [2, 1], in_reply_to: 1, msg_id: 8 }))).toEqual([]);
    expect(node.knownValues()).toEqual([1, 2]);
    // Malformed missing is ignored whole.
    expect(feed(node, msg("n2", "n1", { type: "gossip_sync_ok", missing: [3, Number.NaN], in_reply_to: 2 }))).toEqual([]);
    expect(node.knownCount()).toBe(2);
  });

  it("3. a type that is not a string: error 12 with a msg_id, else dropped", () => {
    const node = booted();
    expect(feed(node, c1({ type: 5 as unknown as string, msg_id: 1 }), c1({ type: null as unknown as string }))).toEqual([
      n1("c1", { type: "error", code: 12, text: "body.type must be a string", in_reply_to: 1, msg_id: 1 }),
    ]);
    expect(feed(createNode({}), msg("c1", "n7", { msg_id: 2 } as unknown as Body))).toEqual([
      { src: "n7", dest: "c1", body: { type: "error", code: 12, text: "body.type must be a string", in_reply_to: 2, msg_id: 0 } },
    ]);
  });

  it("4. before init: error 11 from the request's dest; without msg_id, nothing", () => {
    const node = createNode({});
    expect(feed(node, msg("c1", "n4", { type: "read", msg_id: 3 }), msg("c1", "n4", { type: "broadcast", message: 1 }), msg("c1", "n4", { type: "nope", msg_id: 4 }))).toEqual([
      { src: "n4", dest: "c1", body: { type: "error", code: 11, text: "node not initialized", in_reply_to: 3, msg_id: 0 } },
      { src: "n4", dest: "c1", body: { type: "error", code: 11, text: "node not initialized", in_reply_to: 4, msg_id: 1 } },
    ]);
    expect(feed(node, msg("c0", "n4", { type: "init", msg_id: 5, node_id: "n4", node_ids: ["n4"] }))).toEqual([
      { src: "n4", dest: "c0", body: { type: "init_ok", in_reply_to: 5, msg_id: 2 } },
    ]);
    expect(node.knownCount()).toBe(0);
  });

  it("5. after init, a message for another node is dropped silently (no msg_id taken)", () => {
    const node = booted();
    expect(feed(node, msg("c1", "n2", { type: "read", msg_id: 1 }), msg("c1", "n2", { type: "broadcast", msg_id: 2, message: 1 }), msg("c1", "n2", { type: "nope", msg_id: 3 }))).toEqual([]);
    expect(node.knownCount()).toBe(0);
    expect(feed(node, c1({ type: "read", msg_id: 4 }))).toEqual([n1("c1", { type: "read_ok", messages: [], in_reply_to: 4, msg_id: 1 })]);
  });

  it("6. an unknown type: error 10 naming it; without msg_id, nothing", () => {
    const node = booted();
    expect(feed(node, c1({ type: "echo", msg_id: 2, echo: "hi" }), c1({ type: "echo" }), c1({ type: "read_ok", msg_id: 3 }))).toEqual([
      n1("c1", { type: "error", code: 10, text: "unsupported message type: echo", in_reply_to: 2, msg_id: 1 }),
      n1("c1", { type: "error", code: 10, text: "unsupported message type: read_ok", in_reply_to: 3, msg_id: 2 }),
    ]);
  });

  it("7. a malformed request without msg_id changes nothing and gets no reply", () => {
    const node = booted();
    expect(feed(node, c1({ type: "configure", fanout: -1 }), c1({ type: "gossip_sync", messages: "x" }))).toEqual([]);
    expect(node.fanout).toBe(2);
  });

  it("never mutates its input", () => {
    const node = booted({ strategy: "push-pull" });
    const input = c1({ type: "gossip_sync", msg_id: 1, messages: [3, 1, { b: 1, a: 2 }], pull: true });
    const copy = structuredClone(input);
    feed(node, input);
    expect(input).toEqual(copy);
    expect(Object.keys((input.body.messages as Json[])[2] as object)).toEqual(["b", "a"]);
  });
});

describe("createNode options", () => {
  it("defaults: fanout 2, interval 200 ms, push, forward on", () => {
    const node = createNode({});
    expect([node.fanout, node.gossipIntervalMs, node.strategy, node.forward, node.neighbors, node.nodeIds]).toEqual([2, 200, "push", true, null, []]);
  });

  it.each([
    [{ fanout: -1 }, "createNode: fanout must be an integer >= 0, got -1"],
    [{ gossipIntervalMs: 1.5 }, "createNode: gossipIntervalMs must be an integer >= 0, got 1.5"],
    [{ strategy: "flood" as "push" }, "createNode: strategy must be one of push, push-pull, digest, got flood"],
    [{ seed: -1 }, "createNode: seed must be an integer from 0 to 4294967295, got -1"],
    [{ forward: 1 as unknown as boolean }, "createNode: forward must be a boolean, got 1"],
  ])("rejects %j with a RangeError", (options, text) => {
    expect(() => createNode(options)).toThrow(new RangeError(text));
  });

  it("onLearn is called once per new value, with its canonical key", () => {
    const node = booted();
    const learned: [string, Json][] = [];
    node.onLearn = (key, value) => learned.push([key, value]);
    feed(
      node,
      c1({ type: "broadcast", message: { b: 1, a: 2 } }),
      c1({ type: "gossip_sync", messages: [{ a: 2, b: 1 }, 1, 1] }),
      c1({ type: "digest_sync", remote_digest: "x", remote_messages: [1, "1"] }),
      msg("n2", "n1", { type: "gossip_sync_ok", missing: [2], in_reply_to: 1 }),
      msg("n2", "n1", { type: "digest_sync_ok", match: false, local_messages: [3, 2], in_reply_to: 2 }),
    );
    expect(learned).toEqual([
      ['{"a":2,"b":1}', { b: 1, a: 2 }],
      ["1", 1],
      ['"1"', "1"],
      ["2", 2],
      ["3", 3],
    ]);
  });
});
