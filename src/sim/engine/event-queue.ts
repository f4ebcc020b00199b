/**
 * The engine's pending events: a FIFO bucket per millisecond and a min-heap of the distinct times,
 * so that events due at the same millisecond run in the order they were scheduled.
 *
 * A message in flight costs no object of its own: its numbers sit in typed arrays (no pointers, so
 * no GC work), and a parallel array holds the message (null for a timer), or for a message packed
 * into numbers (./packed.ts) what it carries. Chunks of events are reused: at 100,000 nodes a round
 * puts hundreds of thousands of events in flight, and regrowing arrays every round cost copies and
 * garbage.
 */
import { DropReason } from "../journal";
import type { Message } from "../protocol";
import { pack, unpack } from "./packed";
import { TimeHeap, TimedBuckets } from "./timed-buckets";

/**
 * An event's numbers, in two arrays: 64 bytes in all. Integers in an Int32Array, ISTRIDE per event:
 * (src, dest, round, type, values, bytes, then a packed message's shape and count; shape 0 when the
 * message travels as an object). Times and sequence numbers, which outgrow 32 bits, in a
 * Float64Array, FSTRIDE per event: (sentAt, sendSeq, then a packed message's msg_id and in_reply_to).
 * A timer is (ROUND_TICK or the node index, then zeros). A message whose receiver crashed while it
 * was in flight has its dest marked as -1 - dest: it is lost on arrival, even if the receiver
 * restarted meanwhile. A message the network loses is queued at the moment it is lost (halfway, see
 * lossAtMs) with its dest marked lostDest(dest, reason). A message dropped by hand has its dest set
 * to CANCELLED: it is skipped on arrival.
 * `bytes` is stored as its 32 bits (read it with `>>> 0`), as the journal keeps it.
 */
export const ISTRIDE = 8;
export const FSTRIDE = 4;
export const SRC = 0;
export const DEST = 1;
export const ROUND = 2;
export const TYPE = 3;
export const VALUES = 4;
export const BYTES = 5;
/** Where a packed message's integers (shape first) and floats (msg_id first) begin. */
const PACKED_INTS = 6;
const PACKED_FLOATS = 2;
export const SENT_AT = 0;
export const SEND_SEQ = 1;
export const ROUND_TICK = -1;
export const CANCELLED = -(2 ** 31);

/** Node indices stay below this (MAX_NODES is 1,000,000): a lost message's mark holds its reason above it. */
const LOST_STRIDE = 1 << 24;

/** The dest slot of a message the network loses for `reason` (DropReason.Loss or .Partition). */
export function lostDest(dest: number, reason: number): number {
  return -1 - (dest + reason * LOST_STRIDE);
}

/** The receiver a message's dest slot names, whether or not it was marked lost. */
export function destOf(marked: number): number {
  return marked < 0 ? (-1 - marked) % LOST_STRIDE : marked;
}

/** Why a message whose dest slot is `marked` is lost on arrival: DropReason.None (0) when it is not. */
export function lostReasonOf(marked: number): DropReason {
  if (marked >= 0) return DropReason.None;
  return (Math.floor((-1 - marked) / LOST_STRIDE) || DropReason.Crashed) as DropReason;
}
/**
 * Events per chunk. A bucket's events sit in chunks of this many, not in one array that doubles:
 * nothing is copied as a bucket grows, at most one chunk is part-used, and a running bucket hands
 * each chunk back as soon as its events have run, so that at 1,000,000 nodes a round's replies
 * reuse the chunks its pushes leave instead of doubling the memory in flight.
 */
const CHUNK_SHIFT = 10;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;

/** The offset of event k's integers in its chunk's array (Bucket.intsOf). */
export function intSlot(k: number): number {
  return (k & CHUNK_MASK) * ISTRIDE;
}

/** The offset of event k's floats in its chunk's array (Bucket.floatsOf). */
export function floatSlot(k: number): number {
  return (k & CHUNK_MASK) * FSTRIDE;
}

class Chunk {
  readonly ints = new Int32Array(CHUNK * ISTRIDE);
  readonly floats = new Float64Array(CHUNK * FSTRIDE);
  readonly msgs: unknown[] = new Array<unknown>(CHUNK).fill(null);
}

export class Bucket {
  /** chunks[c] holds events c * CHUNK ... (null once run and handed back). */
  private chunks: (Chunk | null)[] = [];
  count = 0;

  /** `pool`: the queue's spare chunks, taken from and given back to. */
  constructor(private readonly pool: Chunk[]) {}

  /** A timer, or a message that travels as the object itself. */
  // oxlint-disable-next-line max-params -- hot path: an event's numbers, written straight into the chunk's typed arrays with no object per event
  push(msg: Message | null, src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number, sendSeq: number): void {
    const k = this.count++;
    const chunk = this.chunkFor(k);
    chunk.msgs[k & CHUNK_MASK] = msg;
    chunk.ints[intSlot(k) + PACKED_INTS] = 0;
    write(chunk, k, src, dest, sentAt, round, type, values, bytes, sendSeq);
  }

  /** A message from the node named `srcName`, packed into numbers when its shape allows (./packed.ts). */
  // oxlint-disable-next-line max-params -- hot path: an event's numbers, written straight into the chunk's typed arrays with no object per event
  pushMessage(msg: Message, srcName: string, src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number, sendSeq: number): void {
    const k = this.count++;
    const chunk = this.chunkFor(k);
    chunk.msgs[k & CHUNK_MASK] = pack(msg, srcName, chunk.ints, intSlot(k) + PACKED_INTS, chunk.floats, floatSlot(k) + PACKED_FLOATS) ?? msg;
    write(chunk, k, src, dest, sentAt, round, type, values, bytes, sendSeq);
  }

  /** The integers of event k, at intSlot(k). */
  intsOf(k: number): Int32Array {
    return this.chunks[k >> CHUNK_SHIFT]!.ints;
  }

  /** The floats of event k, at floatSlot(k). */
  floatsOf(k: number): Float64Array {
    return this.chunks[k >> CHUNK_SHIFT]!.floats;
  }

  /** Whether event k is a timer (else a message). */
  isTimer(k: number): boolean {
    return this.chunks[k >> CHUNK_SHIFT]!.msgs[k & CHUNK_MASK] === null;
  }

  /** The message of event k (not a timer): the object sent, or an equal one rebuilt from its numbers (`names`: node names). */
  messageAt(k: number, names: readonly string[]): Message {
    const chunk = this.chunks[k >> CHUNK_SHIFT]!;
    const ints = chunk.ints;
    const i = intSlot(k);
    const ref = chunk.msgs[k & CHUNK_MASK];
    if (ints[i + PACKED_INTS] === 0) return ref as Message;
    return unpack(names[ints[i + SRC]!]!, names[destOf(ints[i + DEST]!)]!, ref, ints, i + PACKED_INTS, chunk.floats, floatSlot(k) + PACKED_FLOATS);
  }

  /**
   * Event k has run: let its message go (a reused chunk must not keep it alive), and once a whole
   * chunk has run, hand it back. Events run in order, and a running bucket only grows past them.
   */
  ran(k: number): void {
    const c = k >> CHUNK_SHIFT;
    const chunk = this.chunks[c]!;
    chunk.msgs[k & CHUNK_MASK] = null;
    if ((k & CHUNK_MASK) === CHUNK_MASK) {
      this.chunks[c] = null;
      this.pool.push(chunk);
    }
  }

  /** Forgets every event (the bucket has run), handing its chunks back. */
  clear(): void {
    for (const chunk of this.chunks) {
      if (chunk === null) continue;
      chunk.msgs.fill(null);
      this.pool.push(chunk);
    }
    this.chunks.length = 0;
    this.count = 0;
  }

  /** A copy (of a bucket that has not started to run) drawing on `pool`. */
  copy(pool: Chunk[]): Bucket {
    const b = new Bucket(pool);
    for (const chunk of this.chunks) {
      const c = new Chunk();
      c.ints.set(chunk!.ints);
      c.floats.set(chunk!.floats);
      for (let i = 0; i < CHUNK; i++) c.msgs[i] = chunk!.msgs[i];
      b.chunks.push(c);
    }
    b.count = this.count;
    return b;
  }

  private chunkFor(k: number): Chunk {
    const c = k >> CHUNK_SHIFT;
    if (c < this.chunks.length) return this.chunks[c]!;
    const chunk = this.pool.pop() ?? new Chunk();
    this.chunks.push(chunk);
    return chunk;
  }
}

// oxlint-disable-next-line max-params -- hot path: an event's numbers, written straight into the chunk's typed arrays with no object per event
function write(chunk: Chunk, k: number, src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number, sendSeq: number): void {
  const ints = chunk.ints;
  const i = intSlot(k);
  ints[i + SRC] = src;
  ints[i + DEST] = dest;
  ints[i + ROUND] = round;
  ints[i + TYPE] = type;
  ints[i + VALUES] = values;
  ints[i + BYTES] = bytes;
  const floats = chunk.floats;
  const f = floatSlot(k);
  floats[f + SENT_AT] = sentAt;
  floats[f + SEND_SEQ] = sendSeq;
}

export class EventQueue extends TimedBuckets<Bucket> {
  /** `buckets`: given the queue's pool of spare chunks (at most what was once in flight at a time), its buckets (a copy's). */
  constructor(buckets?: (pool: Chunk[]) => Map<number, Bucket>, times?: TimeHeap) {
    const chunks: Chunk[] = [];
    super(() => new Bucket(chunks), buckets?.(chunks), times);
  }

  /** Calls `f(bucket, k, t)` for every message (not timer) still pending; `t` is its arrival time. */
  forEachMessage(f: (bucket: Bucket, k: number, t: number) => void): void {
    for (const [t, bucket] of this.buckets) {
      for (let k = 0; k < bucket.count; k++) if (!bucket.isTimer(k)) f(bucket, k, t);
    }
  }

  /** Every message in flight to `node` is lost on arrival (marked -1 - node). */
  markReceiverCrashed(node: number): void {
    this.forEachMessage((bucket, k) => {
      const ints = bucket.intsOf(k);
      const i = intSlot(k);
      if (ints[i + DEST] === node) ints[i + DEST] = -1 - node;
    });
  }

  /** Finds the pending message whose Send record is `sendSeq`: [bucket, k, arrival time], or null. */
  findMessage(sendSeq: number): [Bucket, number, number] | null {
    for (const [t, bucket] of this.buckets) {
      for (let k = 0; k < bucket.count; k++) {
        if (bucket.isTimer(k)) continue;
        if (bucket.floatsOf(k)[floatSlot(k) + SEND_SEQ] === sendSeq && bucket.intsOf(k)[intSlot(k) + DEST] !== CANCELLED) return [bucket, k, t];
      }
    }
    return null;
  }

  /** A deep copy: the messages themselves are shared (never mutated once sent). */
  copy(): EventQueue {
    return new EventQueue((pool) => {
      const buckets = new Map<number, Bucket>();
      for (const [t, b] of this.buckets) buckets.set(t, b.copy(pool));
      return buckets;
    }, this.times.copy());
  }
}
