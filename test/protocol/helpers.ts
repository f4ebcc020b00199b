/** Small drivers for protocol tests: build messages, feed nodes, wire a few nodes together by hand. */
import { expect } from "vitest";
import { createNode } from "../../src/sim/node";
import type { Body, GossipNode, Message, NodeOptions } from "../../src/sim/protocol";

export function msg(src: string, dest: string, body: Body): Message {
  return { src, dest, body };
}

/** What a node emits, as the JSON a peer would parse (so comparisons see exactly what goes on the wire). */
export function wire(out: readonly Message[]): unknown[] {
  return JSON.parse(JSON.stringify(out)) as unknown[];
}

/** Handles each input in turn (all must be valid envelopes) and returns everything emitted, as wire JSON. */
export function feed(node: GossipNode, ...inputs: unknown[]): unknown[] {
  const out: Message[] = [];
  for (const input of inputs) {
    const r = node.handle(input);
    expect(r.problem).toBeUndefined();
    out.push(...r.out);
  }
  return wire(out);
}

/** A node `id` of `ids`, initialised by c0 (the init_ok, msg_id 0, is discarded). */
export function booted(options: NodeOptions = {}, ids: string[] = ["n1", "n2", "n3"], id = "n1"): GossipNode {
  const node = createNode(options);
  const r = node.handle(msg("c0", id, { type: "init", msg_id: 1, node_id: id, node_ids: ids }));
  expect(wire(r.out)).toEqual([{ src: id, dest: "c0", body: { type: "init_ok", in_reply_to: 1, msg_id: 0 } }]);
  return node;
}

/**
 * Nodes wired by hand: `deliver` runs messages FIFO until none is left between nodes; messages to
 * anyone else (clients) are collected in `toClients`. `log` records every node-to-node message.
 */
export class Wiring {
  readonly toClients: Message[] = [];
  readonly log: Message[] = [];
  private readonly queue: Message[] = [];

  constructor(readonly nodes: ReadonlyMap<string, GossipNode>) {}

  /** Queues what a node emitted and runs the network until it is quiet. */
  deliver(out: readonly Message[]): void {
    this.queue.push(...out);
    for (let m = this.queue.shift(); m !== undefined; m = this.queue.shift()) {
      const node = this.nodes.get(m.dest);
      if (node === undefined) {
        this.toClients.push(m);
        continue;
      }
      this.log.push(m);
      const r = node.handle(m);
      expect(r.problem).toBeUndefined();
      this.queue.push(...r.out);
    }
  }

  /** A client request to a node, delivered with everything it sets off. */
  client(src: string, dest: string, body: Body): void {
    this.deliver(this.nodes.get(dest)!.handle(msg(src, dest, body)).out);
  }

  tick(id: string): void {
    this.deliver(this.nodes.get(id)!.tick());
  }
}

/** Nodes n1..nK (or the given names), each initialised with all names and its options. */
export function cluster(options: Record<string, NodeOptions>): Wiring {
  const ids = Object.keys(options);
  return new Wiring(new Map(ids.map((id) => [id, booted(options[id], ids, id)])));
}
