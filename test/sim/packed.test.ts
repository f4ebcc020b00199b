import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type SimConfig } from "../../src/sim/config";
import { createEngine } from "../../src/sim/engine";
import { pack, unpack } from "../../src/sim/engine/packed";
import type { Body, Message } from "../../src/sim/protocol";

/** pack() then unpack(): the message a receiver would be handed, or null when it travels as itself. */
function roundTrip(msg: Message): Message | null {
  const ints = new Int32Array(2);
  const floats = new Float64Array(2);
  const ref = pack(msg, msg.src, ints, 0, floats, 0);
  return ref === null ? null : unpack(msg.src, msg.dest, ref, ints, 0, floats, 0);
}

const m = (body: Body): Message => ({ src: "n1", dest: "n2", body });

describe("packed messages", () => {
  it("rebuild the very JSON of every shape they pack", () => {
    const values = [1, "a", [2]];
    const bodies: Body[] = [
      { type: "gossip_sync", messages: values, msg_id: 7 },
      { type: "gossip_sync", messages: values, pull: true, msg_id: 8 },
      { type: "gossip_sync_ok", new_count: 2, in_reply_to: 7, msg_id: 3 },
      { type: "gossip_sync_ok", new_count: 0, missing: values, in_reply_to: 8, msg_id: 4 },
      { type: "broadcast", message: { x: [1, null] }, msg_id: 9 },
      { type: "broadcast_ok", in_reply_to: 9, msg_id: 10 },
    ];
    for (const body of bodies) {
      const back = roundTrip(m(body));
      expect(back).not.toBeNull();
      expect(JSON.stringify(back)).toBe(JSON.stringify(m(body)));
      expect(back!.body).not.toBe(body);
    }
  });

  it("leave any other body as it is: other keys, another order, a value of another kind, another sender's name", () => {
    const bodies: Body[] = [
      { type: "gossip_sync", msg_id: 7, messages: [1] },
      { type: "gossip_sync", messages: [1], msg_id: 7, extra: 1 },
      { type: "gossip_sync", messages: [1], pull: false, msg_id: 7 },
      { type: "gossip_sync", messages: "1", msg_id: 7 },
      { type: "gossip_sync_ok", new_count: "2", in_reply_to: 7, msg_id: 3 },
      { type: "gossip_sync_ok", new_count: 2 ** 31, in_reply_to: 7, msg_id: 3 },
      { type: "broadcast", message: null, msg_id: 9 },
      { type: "broadcast_ok", msg_id: 10 },
      { type: "read", msg_id: 1 },
    ];
    for (const body of bodies) expect(roundTrip(m(body))).toBeNull();
    expect(pack(m({ type: "gossip_sync", messages: [1], msg_id: 7 }), "n9", new Int32Array(2), 0, new Float64Array(2), 0)).toBeNull();
  });

  it("are in flight exactly the messages their senders emitted, in every strategy", () => {
    // The engine packs from 10,000 nodes on; a sample of what is in flight at a few moments.
    for (const gossip of ["push", "push-pull", "digest"] as const) {
      const config: SimConfig = { ...DEFAULT_CONFIG, nodes: 10_000, topology: "random", degree: 4, forward: true, dropRate: 0.1, gossip, seed: 5 };
      // Every 53rd message is kept (all of them would not fit in memory).
      const sent = new Map<number, string>();
      const observer = { sent: (seq: number, msg: object) => void (seq % 53 === 0 && sent.set(seq, JSON.stringify(msg))), settled: () => {} };
      const e = createEngine(config, { observer });
      e.apply({ type: "inject", node: 0 });
      e.apply({ type: "inject", node: 3, value: { a: [1, 2] } });
      let checked = 0;
      for (const t of [50, 550, 650, 1050, 1150]) {
        e.advanceTo(t);
        const p = e.pendingMessages();
        for (let i = 0; i < p.sendSeq.length && checked < 2000; i++) {
          const seq = p.sendSeq[i]!;
          if (!sent.has(seq)) continue;
          expect(e.inFlight(seq)!.line).toBe(sent.get(seq));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    }
  });
});
