/**
 * The message bodies a run sends by the million, held in numbers while in flight.
 *
 * Why. A message waits in the event queue for its latency, long enough to outlive a young-
 * generation collection: at 100,000 nodes a round puts hundreds of thousands of messages in flight,
 * so every message object was copied by the scavenger and promoted, and collecting them was about
 * a quarter of a run. Packed, a message in flight is a few numbers in its bucket's Float64Array and
 * one reference to what it carries (a node's sorted snapshot, long-lived and shared); the object
 * the node emitted dies young, and the one its receiver is handed is made on arrival and dies young.
 *
 * Exact. A body is packed only when its keys are exactly one of SHAPES, in that order, with
 * numbers where numbers go; unpack() rebuilds an object with the same keys, in the same order,
 * with the same values, so a node, a trace or JSON.stringify cannot tell the difference. Any
 * other body (and any message whose src is not the sender's own name) travels as the object itself.
 */
import type { Body, Message } from "../protocol";

/** What a packed message holds in its reference slot when its shape carries nothing (never null: null marks a timer). */
export const NO_REF: readonly never[] = Object.freeze([]);

/**
 * Shape codes (0: not packed) and their keys, in wire order. Numbers go in the event's slots:
 * integers (shape, then c) and floats (a, b); the one non-number key is the reference.
 */
const Shape = {
  None: 0,
  /** push: {type, messages, msg_id}; a = msg_id. */
  GossipSync: 1,
  /** push-pull: {type, messages, pull: true, msg_id}; a = msg_id. */
  GossipSyncPull: 2,
  /** push's reply: {type, new_count, in_reply_to, msg_id}; a = msg_id, b = in_reply_to, c = new_count. */
  GossipSyncOk: 3,
  /** push-pull's reply: {type, new_count, missing, in_reply_to, msg_id}; as GossipSyncOk, ref = missing. */
  GossipSyncOkMissing: 4,
  /** A forwarded broadcast: {type, message, msg_id}; a = msg_id, ref = message (not null). */
  Broadcast: 5,
  /** {type, in_reply_to, msg_id}; a = msg_id, b = in_reply_to. */
  BroadcastOk: 6,
} as const;
type Shape = (typeof Shape)[keyof typeof Shape];

/** KEYS[shape]: the keys of a body of that shape, in order. */
const KEYS: readonly (readonly string[])[] = [
  [],
  ["type", "messages", "msg_id"],
  ["type", "messages", "pull", "msg_id"],
  ["type", "new_count", "in_reply_to", "msg_id"],
  ["type", "new_count", "missing", "in_reply_to", "msg_id"],
  ["type", "message", "msg_id"],
  ["type", "in_reply_to", "msg_id"],
];

/** Whether the body's own enumerable keys are exactly `keys`, in order (for-in: no allocation). */
function keysAre(body: Body, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in body) {
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

function isInt32(x: unknown): boolean {
  return typeof x === "number" && (x | 0) === x && !Object.is(x, -0);
}

/** The shape of a body, or Shape.None. */
function shapeOf(body: Body): Shape {
  const f = body as Record<string, unknown>;
  if (typeof f.msg_id !== "number") return Shape.None;
  switch (body.type) {
    case "gossip_sync":
      if (!Array.isArray(f.messages)) return Shape.None;
      if (keysAre(body, KEYS[Shape.GossipSync]!)) return Shape.GossipSync;
      return f.pull === true && keysAre(body, KEYS[Shape.GossipSyncPull]!) ? Shape.GossipSyncPull : Shape.None;
    case "gossip_sync_ok":
      // new_count goes in an Int32Array.
      if (!isInt32(f.new_count) || typeof f.in_reply_to !== "number") return Shape.None;
      if (keysAre(body, KEYS[Shape.GossipSyncOk]!)) return Shape.GossipSyncOk;
      return Array.isArray(f.missing) && keysAre(body, KEYS[Shape.GossipSyncOkMissing]!) ? Shape.GossipSyncOkMissing : Shape.None;
    case "broadcast":
      return f.message !== null && f.message !== undefined && keysAre(body, KEYS[Shape.Broadcast]!) ? Shape.Broadcast : Shape.None;
    case "broadcast_ok":
      return typeof f.in_reply_to === "number" && keysAre(body, KEYS[Shape.BroadcastOk]!) ? Shape.BroadcastOk : Shape.None;
    default:
      return Shape.None;
  }
}

/**
 * Packs `msg` (from the node named `srcName`) into ints[io..io + 2) (shape, c) and floats[fo..fo + 2)
 * (a, b), and returns its reference (NO_REF when it carries none); returns null, writing only a 0
 * shape, when it does not pack: then the message object itself travels.
 */
export function pack(msg: Message, srcName: string, ints: Int32Array, io: number, floats: Float64Array, fo: number): unknown {
  const body = msg.body;
  const shape = msg.src === srcName ? shapeOf(body) : Shape.None;
  ints[io] = shape;
  if (shape === Shape.None) return null;
  const f = body as Record<string, unknown>;
  floats[fo] = f.msg_id as number;
  switch (shape) {
    case Shape.GossipSync:
    case Shape.GossipSyncPull:
      return f.messages;
    case Shape.GossipSyncOk:
    case Shape.GossipSyncOkMissing:
      floats[fo + 1] = f.in_reply_to as number;
      ints[io + 1] = f.new_count as number;
      return shape === Shape.GossipSyncOk ? NO_REF : f.missing;
    case Shape.Broadcast:
      return f.message;
    case Shape.BroadcastOk:
      floats[fo + 1] = f.in_reply_to as number;
      return NO_REF;
  }
}

/** The message packed at ints[io..], floats[fo..] with reference `ref`, rebuilt: a fresh object equal to the one sent. */
// oxlint-disable-next-line max-params -- hot path: reads a packed message where it lies in the queue's typed arrays
export function unpack(src: string, dest: string, ref: unknown, ints: Int32Array, io: number, floats: Float64Array, fo: number): Message {
  const a = floats[fo]!;
  switch (ints[io] as Shape) {
    case Shape.GossipSync:
      return { src, dest, body: { type: "gossip_sync", messages: ref, msg_id: a } };
    case Shape.GossipSyncPull:
      return { src, dest, body: { type: "gossip_sync", messages: ref, pull: true, msg_id: a } };
    case Shape.GossipSyncOk:
      return { src, dest, body: { type: "gossip_sync_ok", new_count: ints[io + 1]!, in_reply_to: floats[fo + 1]!, msg_id: a } };
    case Shape.GossipSyncOkMissing:
      return { src, dest, body: { type: "gossip_sync_ok", new_count: ints[io + 1]!, missing: ref, in_reply_to: floats[fo + 1]!, msg_id: a } };
    case Shape.Broadcast:
      return { src, dest, body: { type: "broadcast", message: ref, msg_id: a } };
    case Shape.BroadcastOk:
      return { src, dest, body: { type: "broadcast_ok", in_reply_to: floats[fo + 1]!, msg_id: a } };
    default:
      throw new RangeError(`not a packed message (shape ${ints[io]})`);
  }
}
