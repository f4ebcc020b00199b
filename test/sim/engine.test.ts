import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { createEngine, runTopology } from "../../src/sim/engine";
import type { Engine } from "../../src/sim/engine-api";
import { MESSAGE_TYPES, RecordKind, batchToJsonLines, lossAtMs, type JournalBatch } from "../../src/sim/journal";
import { runUntilConverged } from "../../src/sim/run";
import { applyAt } from "../../src/sim/script";
import { END_MS, EVERY_COMMAND, replayJournal } from "./scripted";

const base: SimConfig = { ...DEFAULT_CONFIG, nodes: 12, topology: "ring", latencyMs: 100, gossipIntervalMs: 500, dropRate: 0, forward: true, seed: 11 };

function journalLines(e: Engine): string[] {
  return batchToJsonLines(e.readJournal(0));
}

function count(b: JournalBatch, pred: (k: number) => boolean): number {
  let c = 0;
  for (let k = 0; k < b.to - b.from; k++) if (pred(k)) c++;
  return c;
}

describe("engine determinism", () => {
  it("gives the same journal, byte for byte, in one call or in many slices", () => {
    /** The script's run, advanced in slices of `sliceMs`, each command applied when its time comes. */
    const sliced = (sliceMs: number): string[] => {
      const e = createEngine(EVERY_COMMAND.config, { journalCapacity: 1 << 20 });
      for (const command of [...EVERY_COMMAND.commands, null]) {
        const until = command?.t ?? END_MS;
        while (e.nowMs < until) e.advanceTo(Math.min(until, e.nowMs + sliceMs));
        if (command) applyAt(e, command);
      }
      return journalLines(e);
    };
    const whole = replayJournal();
    expect(whole.length).toBeGreaterThan(1000);
    expect(sliced(7)).toEqual(whole);
    expect(sliced(1)).toEqual(whole);
    expect(sliced(333)).toEqual(whole);
  });

  it("gives another journal for another seed", () => {
    // Fanout 1 on a ring: each round a node picks one of its two neighbours, at random.
    const a = createEngine({ ...base, fanout: 1 });
    const b = createEngine({ ...base, fanout: 1, seed: 12 });
    for (const e of [a, b]) {
      e.apply({ type: "inject", node: 0 });
      e.advanceTo(3000);
    }
    expect(journalLines(a)).not.toEqual(journalLines(b));
  });
});

describe("engine network", () => {
  it("never drops client requests: with drop rate 1 only the origin learns the value", () => {
    const e = createEngine({ ...base, dropRate: 1 });
    e.apply({ type: "inject", node: 4 });
    // Round 20 fires at 10,000 ms; its messages are lost halfway, 50 ms later.
    e.advanceTo(10_060);
    const m = e.metrics();
    expect(m.values[0]!.knownBy).toBe(1);
    expect(e.knows(4, 0)).toBe(true);
    expect(m.dropped).toBe(m.serverMessages);
    expect(m.droppedByReason).toEqual({ loss: m.serverMessages, partition: 0, crashed: 0, dropped: 0 });
    expect(m.delivered).toBe(0);
    // 20 rounds, 2 peers each, 2 forwards of the broadcast: all lost.
    expect(m.serverMessages).toBe(2 + 20 * 2);
    expect(m.messagesByType).toEqual({ broadcast: 2, gossip_sync: 40 });
  });

  it("loses what is in flight to a crashed node, and a restarted node catches up by gossip", () => {
    const e = createEngine({ ...base, forward: false, fanout: 2 });
    e.apply({ type: "inject", node: 0 });
    e.advanceTo(500); // round 1: n1 pushes to its two ring neighbours n2 and n12
    e.apply({ type: "crash", node: 1 });
    e.advanceTo(700);
    const b = e.readJournal(0);
    const drops = count(b, (k) => b.kind[k] === RecordKind.Drop && b.dest[k] === 1 && b.reason[k] === 3);
    expect(drops).toBe(1);
    expect(e.isAlive(1)).toBe(false);
    expect(e.knownCount(1)).toBe(0);
    expect(() => e.apply({ type: "inject", node: 1 })).toThrow(/n2 is crashed/);
    e.apply({ type: "restart", node: 1 });
    expect(e.isAlive(1)).toBe(true);
    expect(e.inspect(1).known).toEqual([]);
    runUntilConverged(e, 100);
    expect(e.converged()).toBe(true);
    expect(e.knows(1, 0)).toBe(true);
  });

  it("cuts partitions off, messages in flight included, and converges after healing", () => {
    const e = createEngine({ ...base, forward: true });
    e.apply({ type: "partition", groups: [[0, 1, 2, 3, 4, 5]] }); // n1..n6 | n7..n12
    e.apply({ type: "inject", node: 0 });
    e.advanceTo(5000);
    const v = e.values()[0]!;
    expect(v.knownBy).toBe(6);
    expect(e.metrics().droppedByReason.partition).toBeGreaterThan(0);
    e.apply({ type: "heal" });
    runUntilConverged(e, 100);
    expect(e.converged()).toBe(true);
    expect(e.values()[0]!.knownBy).toBe(12);
  });

  it("applies a per-link drop rate to that link only", () => {
    const e = createEngine({ ...base, topology: "line", nodes: 3, gossip: "off" });
    e.apply({ type: "setLinkDropRate", a: 1, b: 2, dropRate: 1 });
    e.apply({ type: "inject", node: 0 });
    e.advanceTo(2000);
    expect([e.knows(0, 0), e.knows(1, 0), e.knows(2, 0)]).toEqual([true, true, false]);
    e.apply({ type: "setLinkDropRate", a: 1, b: 2, dropRate: null });
    e.apply({ type: "inject", node: 0, value: 2 });
    e.advanceTo(4000);
    expect(e.knows(2, 1)).toBe(true);
  });

  it("draws latencies from the configured distribution", () => {
    for (const latencyDist of ["constant", "uniform", "exponential"] as const) {
      const e = createEngine({ ...base, topology: "complete", nodes: 30, latencyMs: 80, latencyDist, forward: false });
      e.apply({ type: "inject", node: 0 });
      e.advanceTo(5000);
      const b = e.readJournal(0);
      const lat: number[] = [];
      for (let k = 0; k < b.to - b.from; k++) if (b.kind[k] === RecordKind.Send && b.src[k]! >= 0 && b.dest[k]! >= 0) lat.push(b.at[k]! - b.t[k]!);
      const mean = lat.reduce((a, x) => a + x, 0) / lat.length;
      expect(lat.every(Number.isInteger)).toBe(true);
      if (latencyDist === "constant") expect(new Set(lat)).toEqual(new Set([80]));
      if (latencyDist === "uniform") expect(Math.min(...lat) >= 0 && Math.max(...lat) <= 160).toBe(true);
      expect(Math.abs(mean - 80)).toBeLessThan(latencyDist === "constant" ? 1e-9 : 12);
    }
  });

  it("rejects bad commands and leaves the run unchanged", () => {
    const e = createEngine(base);
    const before = e.journalEnd;
    expect(() => e.apply({ type: "setDropRate", dropRate: 1.5 })).toThrow(RangeError);
    expect(() => e.apply({ type: "crash", node: 99 })).toThrow(/no node with index 99/);
    expect(() => e.apply({ type: "restart", node: 0 })).toThrow(/not crashed/);
    expect(() => e.apply({ type: "partition", groups: [[1], [1]] })).toThrow(/two partition groups/);
    expect(() => e.apply({ type: "configure", fanout: -1 })).toThrow(/fanout/);
    expect(() => e.apply({ type: "nope" } as never)).toThrow(/unknown command/);
    expect(e.journalEnd).toBe(before);
    expect(e.controlLog).toEqual([]);
    expect(() => createEngine({ ...base, topology: "random", nodes: 5, degree: 3 })).toThrow(/even/);
  });

  it("builds a run's graph once: the engine reuses the graph asked for first", () => {
    const random = { ...base, topology: "random" as const, nodes: 40, degree: 4 };
    const graph = runTopology(random);
    expect(createEngine(random).edges).toBe(graph.edges);
    expect(runTopology({ ...random, seed: 12 }).edges).not.toEqual(graph.edges);
    expect(runTopology({ ...random, degree: 6 }).edges.length).toBe(40 * 6);
    expect(() => runTopology({ ...random, nodes: 5, degree: 3 })).toThrow(/even/);
    expect(() => runTopology({ ...random, nodes: 2.5 })).toThrow(RangeError);
  });

  it("journals every change with its time", () => {
    const e = createEngine(base);
    e.advanceTo(1234);
    e.apply({ type: "setDropRate", dropRate: 0.25 });
    e.apply({ type: "configure", fanout: 3 });
    expect(e.controlLog.map((c) => [c.t, c.text])).toEqual([
      [1234, "drop rate 0 -> 0.25"],
      [1234, "fanout 3"],
    ]);
    // configure travels to every node as a protocol message from c0.
    expect(e.inspect(5).fanout).toBe(3);
  });
});

describe("engine rounds", () => {
  it("fires round k at k x interval, and an interval change takes effect from the last round", () => {
    const e = createEngine(base);
    expect(e.nextRoundAtMs()).toBe(500);
    e.advanceTo(1200);
    expect(e.round).toBe(2);
    e.apply({ type: "configure", gossipIntervalMs: 300 });
    expect(e.nextRoundAtMs()).toBe(1300);
    e.advanceTo(1900); // rounds 3, 4, 5 at 1300, 1600, 1900
    expect(e.round).toBe(5);
    e.apply({ type: "configure", gossipIntervalMs: 1000 });
    expect(e.nextRoundAtMs()).toBe(2900);
    e.advanceTo(2899);
    expect(e.round).toBe(5);
    e.advanceTo(2900);
    expect(e.round).toBe(6);
  });

  it("counts a value's rounds from its injection", () => {
    // Line of 4, push only, fanout 2 (both neighbours): one hop a round.
    const e = createEngine({ ...base, topology: "line", nodes: 4, forward: false });
    e.advanceTo(1100); // two rounds fire before the injection
    e.apply({ type: "inject", node: 0 });
    runUntilConverged(e, 50);
    const v = e.values()[0]!;
    expect(v.injectedRound).toBe(2);
    expect(v.rounds).toBe(3);
    expect(v.fullAtMs).toBe(2500 + 100);
    // The curve: who knew it by each of its rounds (the origin at 0, one more node a round).
    expect(e.metrics().values[0]!.byRound).toEqual([1, 2, 3, 4]);
  });

  it("counts flooding that beats the first round as 0 rounds", () => {
    const e = createEngine({ ...base, gossip: "off" });
    e.apply({ type: "inject", node: 0 });
    runUntilConverged(e, 10);
    expect(e.values()[0]!.rounds).toBe(0);
    expect(e.values()[0]!.fullAtMs).toBe(600); // ring of 12: eccentricity 6, 100 ms a hop
  });
});

describe("engine metrics", () => {
  it("counts msgs-per-op, redundancy and payload on a small exact run", () => {
    // Triangle (complete 3), flooding only: n1 forwards to n2, n3; each forwards to the other.
    const e = createEngine({ ...base, topology: "complete", nodes: 3, gossip: "off" });
    e.apply({ type: "inject", node: 0, value: 1234 });
    e.apply({ type: "read", node: 2 });
    e.advanceTo(1000);
    const m = e.metrics();
    // broadcasts: 2 from n1, 1 each from n2 and n3 = 2E - N + 1 = 4; each answered with broadcast_ok.
    expect(m.messagesByType).toEqual({ broadcast: 4, broadcast_ok: 4 });
    expect(m.serverMessages).toBe(8);
    expect(m.clientOps).toBe(2);
    expect(m.msgsPerOp).toBe(4);
    // n2 and n3 each get the value twice: the second copy taught nothing.
    expect(m.redundantDeliveries).toBe(2);
    expect(m.payloadValues).toBe(4);
    expect(m.payloadBytes).toBe(4 * "[1234]".length);
    expect(m.stableLatencyMs).toEqual({ "0": 100, "0.5": 100, "0.95": 100, "0.99": 100, "1": 100 });
  });

  it("keeps the same figures counting only, with nothing per node and value, and says what it cannot answer", () => {
    const run = (countsOnly: boolean): Engine => {
      const e = createEngine({ ...base, nodes: 40, topology: "random", degree: 4, fanout: 2, gossip: "push", forward: false, dropRate: 0.2 }, { countsOnly });
      for (let i = 0; i < 40; i++) {
        e.advanceTo(i * 250);
        e.apply({ type: "inject", node: (i * 7) % 40 });
      }
      runUntilConverged(e, 100);
      return e;
    };
    const [full, counts] = [run(false), run(true)];
    expect(counts.converged()).toBe(true);
    expect(counts.values()).toEqual(full.values());
    expect(counts.metrics()).toEqual(full.metrics());
    expect(full.knows(3, 39)).toBe(true);
    expect(() => counts.knows(3, 39)).toThrow(/counts only/);
    expect(() => counts.apply({ type: "crash", node: 3 })).toThrow(/counts only/);
    expect(counts.isAlive(3)).toBe(true);
    expect(counts.metrics()).toEqual(full.metrics());
  });

  it("keeps the journal bounded and says what a slow reader lost", () => {
    const e = createEngine(base, { journalCapacity: 256 });
    e.apply({ type: "inject", node: 0 });
    e.advanceTo(20_000);
    expect(e.journalEnd).toBeGreaterThan(256);
    const b = e.readJournal(0);
    expect(b.to - b.from).toBe(256);
    expect(b.lost).toBe(e.journalEnd - 256);
    expect(b.to).toBe(e.journalEnd);
  });

  it("records recent protocol messages of an inspected node, from its first inspection, as Maelstrom JSON lines", () => {
    const e = createEngine(base, { traceDepth: 4 });
    e.apply({ type: "inject", node: 0 });
    expect(e.inspect(0).recent).toEqual([]);
    // Not recorded for a node nobody inspects: checkpoints then hold no messages of theirs.
    e.advanceTo(600);
    expect(e.inspect(1).recent).toEqual([]);
    const recent = e.inspect(0).recent;
    expect(recent.length).toBe(4);
    for (const r of recent) {
      const msg = JSON.parse(r.line) as { src: string; dest: string; body: { type: string } };
      expect(r.direction === "out" ? msg.src : msg.dest).toBe("n1");
    }
  });
});

describe("engine crash semantics", () => {
  it("loses what was in flight to a node that crashed, even when it restarts before arrival", () => {
    const e = createEngine({ ...base, latencyMs: 300, forward: true, gossip: "off" });
    e.apply({ type: "inject", node: 0 }); // n1 forwards to n2 and n12, arriving at 300
    e.advanceTo(100);
    e.apply({ type: "crash", node: 1 });
    e.advanceTo(200);
    e.apply({ type: "restart", node: 1 });
    e.advanceTo(400);
    expect(e.knows(1, 0)).toBe(false);
    expect(e.knows(11, 0)).toBe(true);
    const b = e.readJournal(0);
    const lost = count(b, (k) => b.kind[k] === RecordKind.Drop && b.dest[k] === 1);
    expect(lost).toBe(1);
    expect(e.metrics().droppedByReason.crashed).toBe(1);
  });
});

describe("messages in flight", () => {
  it("adds up: sent = delivered + dropped + in flight, and drops one by hand", () => {
    const e = createEngine({ ...base, dropRate: 0.3, latencyDist: "uniform" }, { journalCapacity: 1 << 16 });
    e.apply({ type: "inject", node: 0 });
    e.advanceTo(1030);
    const b = e.readJournal(0);
    const pending: number[] = [];
    for (let k = 0; k < b.to - b.from; k++) {
      // A message the network loses is in flight until it is lost, halfway.
      const until = b.reason[k] === 0 ? b.at[k]! : lossAtMs(b.t[k]!, b.at[k]!);
      if (b.kind[k] === RecordKind.Send && b.src[k]! >= 0 && b.dest[k]! >= 0 && until > 1030) pending.push(b.from + k);
    }
    let m = e.metrics();
    expect(m.inFlight).toBe(pending.length);
    expect(m.serverMessages).toBe(m.delivered + m.dropped + m.inFlight);
    const seq = pending[0]!;
    const message = e.inFlight(seq)!;
    expect(JSON.parse(message.line)).toMatchObject({ src: `n${message.src + 1}`, dest: `n${message.dest + 1}`, body: { type: "gossip_sync" } });
    e.apply({ type: "dropMessage", sendSeq: seq });
    m = e.metrics();
    expect(m.inFlight).toBe(pending.length - 1);
    expect(m.droppedByReason.dropped).toBe(1);
    expect(e.inFlight(seq)).toBeNull();
    expect(() => e.apply({ type: "dropMessage", sendSeq: seq })).toThrow(`message #${seq} is not in flight`);
    const last = batchToJsonLines(e.readJournal(e.journalEnd - 2));
    expect(JSON.parse(last[0]!)).toMatchObject({ kind: "drop", reason: "dropped", send_seq: seq, t: 1030 });
    expect(JSON.parse(last[1]!)).toMatchObject({ kind: "control", command: "dropMessage" });
    e.advanceTo(3000);
    m = e.metrics();
    expect(m.serverMessages).toBe(m.delivered + m.dropped + m.inFlight);
  });
});

describe("the story of a value", () => {
  const line = { ...base, topology: "line" as const, nodes: 5, forward: false, fanout: 2 };

  it("tells how a node learned a value: the chain of first deliveries from the origin", () => {
    const e = createEngine(line, { recordLearning: true });
    e.apply({ type: "inject", node: 0 });
    runUntilConverged(e, 20);
    // One hop a round along the line: n1 -> n2 -> n3 -> n4 -> n5, each a gossip_sync of its round.
    const chain = e.howLearned(4, 0)!;
    expect(chain.map((h) => [h.from, h.node, MESSAGE_TYPES[h.type], h.sentAtMs, h.learnedAtMs, h.round])).toEqual([
      [0, 1, "gossip_sync", 500, 600, 1],
      [1, 2, "gossip_sync", 1000, 1100, 2],
      [2, 3, "gossip_sync", 1500, 1600, 3],
      [3, 4, "gossip_sync", 2000, 2100, 4],
    ]);
    // Each hop is a delivery of the journal: its send record names the same nodes and time.
    const b = e.readJournal(0);
    for (const h of chain) {
      const k = h.sendSeq - b.from;
      expect([b.kind[k], b.src[k], b.dest[k], b.t[k]]).toEqual([RecordKind.Send, h.from, h.node, h.sentAtMs]);
    }
    expect(e.howLearned(0, 0)).toEqual([]);
    expect(e.spreadTree(0)!.map((l) => l?.from ?? null)).toEqual([-2, 0, 1, 2, 3]);
    expect(e.roundsLearned(0)).toEqual(Int32Array.of(0, 1, 2, 3, 4));
  });

  it("keeps no story unless asked to, and none for a node that does not know the value", () => {
    const e = createEngine(line);
    e.apply({ type: "inject", node: 0 });
    e.advanceTo(700);
    expect(e.howLearned(1, 0)).toBeNull();
    expect(e.spreadTree(0)).toBeNull();
    const r = createEngine(line, { recordLearning: true });
    r.apply({ type: "inject", node: 0 });
    r.advanceTo(700);
    expect(r.howLearned(3, 0)).toBeNull();
  });

  it("freezes a value's cost when it reaches everyone, while the run's totals go on", () => {
    const e = createEngine({ ...line, dropRate: 0 }, { wireBytes: true });
    e.apply({ type: "inject", node: 2 });
    runUntilConverged(e, 20);
    const at = e.metrics();
    const v = at.values[0]!;
    expect(v.rounds).toBe(2);
    // The node-to-node sends the journal holds before the learning that completed it.
    const b = e.readJournal(0);
    let lastLearn = -1;
    for (let k = 0; k < b.to - b.from; k++) if (b.kind[k] === RecordKind.Learn) lastLearn = k;
    let sends = 0;
    for (let k = 0; k < lastLearn; k++) if (b.kind[k] === RecordKind.Send && b.src[k]! >= 0 && b.dest[k]! >= 0) sends++;
    expect(v.msgsToAll).toBe(sends);
    // The completing node's own reply comes after: the totals have moved on already.
    expect(at.serverMessages).toBe(sends + 1);
    expect(v.bytesToAll).toBeLessThan(at.wireBytes!);
    expect(v.redundancy).toBeCloseTo(v.msgsToAll! / 4 - 1, 12);
    e.advanceTo(at.nowMs + 3000);
    const later = e.metrics();
    expect(later.serverMessages).toBeGreaterThan(at.serverMessages);
    expect(later.values[0]).toMatchObject({ msgsToAll: v.msgsToAll, bytesToAll: v.bytesToAll, redundancy: v.redundancy });
  });

  it("counts bytes on the wire as the JSON of each message", () => {
    const e = createEngine({ ...base, nodes: 2, topology: "line", gossip: "off", forward: true, dropRate: 0 }, { wireBytes: true });
    e.apply({ type: "inject", node: 0, value: 7 });
    e.advanceTo(300);
    // n1 forwards the broadcast to n2, which answers: the two node-to-node messages.
    const sent = ['{"src":"n1","dest":"n2","body":{"type":"broadcast","message":7,"msg_id":2}}', '{"src":"n2","dest":"n1","body":{"type":"broadcast_ok","in_reply_to":2,"msg_id":2}}'];
    expect(e.metrics().wireBytes).toBe(sent[0]!.length + sent[1]!.length);
    expect(createEngine(base).metrics().wireBytes).toBeNull();
  });
});
