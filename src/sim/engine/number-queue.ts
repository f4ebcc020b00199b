/**
 * The headless run's pending events (../headless.ts), in the engine's order (./timed-buckets.ts):
 * each is five int32s in a chunk of an Int32Array, and nothing else. 20 bytes an event where the
 * engine's take 64 and a reference: at 1,000,000 nodes a round puts millions in flight.
 */
import { TimedBuckets } from "./timed-buckets";

/** An event's fields, STRIDE int32s from its offset (NumberBucket.offset). */
export const STRIDE = 5;
export const SRC = 0;
export const DEST = 1;
export const ROUND = 2;
/** What the event is (the host's codes). */
export const KIND = 3;
/** What it carries (the host's encoding). */
export const PAYLOAD = 4;

/** Destinations a batch slot holds: a power of two (shifts, not divisions), the most a slot's STRIDE fits. */
const BATCH_SHIFT = 2;
export const BATCH_WIDTH = 1 << BATCH_SHIFT;
/** What the batch fields hold when no batch is open. */
const EMPTY = new Int32Array(0);

/** Events per chunk, as in the engine's queue: a running bucket hands each chunk back once its events have run. */
const CHUNK_SHIFT = 10;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;

export class NumberBucket {
  /** chunks[c] holds events c * CHUNK ... (null once run and handed back). */
  private readonly chunks: (Int32Array | null)[] = [];
  /** Slots in use (an event takes one; a batch, one and a slot per BATCH_WIDTH destinations). */
  count = 0;
  /**
   * The batch the bucket ends with, if open (else its last slot is an event of its own): its
   * (kind, round, payload), its slot's chunk and offset, the chunk and offset of its last slot of
   * destinations, and how many of that slot are filled.
   */
  private batchOpen = false;
  private batchKind = 0;
  private batchRound = 0;
  private batchPayload = 0;
  private headChunk: Int32Array = EMPTY;
  private headOffset = 0;
  private destChunk: Int32Array = EMPTY;
  private destOffset = 0;
  private destFill = BATCH_WIDTH;

  /** `pool`: the queue's spare chunks, taken from and given back to. */
  constructor(private readonly pool: Int32Array[]) {}

  push(src: number, dest: number, round: number, kind: number, payload: number): void {
    this.batchOpen = false;
    const k = this.count++;
    const chunk = this.chunkFor(k);
    const o = (k & CHUNK_MASK) * STRIDE;
    chunk[o + SRC] = src;
    chunk[o + DEST] = dest;
    chunk[o + ROUND] = round;
    chunk[o + KIND] = kind;
    chunk[o + PAYLOAD] = payload;
  }

  /**
   * Events of kind `kind` alike in all but their destinations (given next, by addToBatch), whose
   * source does not matter to their host: pushed one after another, they take one slot between
   * them and a slot per BATCH_WIDTH destinations (4 or 5 bytes a message where one takes 20). The
   * batch's slot holds (count, -, round, kind, payload), its destinations follow in order
   * (batchSlot), so the events run in the order they were pushed. Continues the batch the bucket ends
   * with when it is alike. Only for a bucket that is not running.
   */
  openBatch(kind: number, round: number, payload: number): void {
    if (this.batchOpen && this.batchKind === kind && this.batchRound === round && this.batchPayload === payload) return;
    this.push(0, -1, round, kind, payload);
    const k = this.count - 1;
    this.headChunk = this.ints(k);
    this.headOffset = offset(k);
    this.destFill = BATCH_WIDTH;
    this.batchOpen = true;
    this.batchKind = kind;
    this.batchRound = round;
    this.batchPayload = payload;
  }

  /** One more event of the open batch, to `dest`. */
  addToBatch(dest: number): void {
    if (this.destFill === BATCH_WIDTH) {
      const k = this.count++;
      this.destChunk = this.chunkFor(k);
      this.destOffset = offset(k);
      this.destFill = 0;
    }
    this.destChunk[this.destOffset + this.destFill++] = dest;
    this.headChunk[this.headOffset + SRC]!++;
  }

  /** The chunk that holds event k, at offset(k). */
  ints(k: number): Int32Array {
    return this.chunks[k >> CHUNK_SHIFT]!;
  }

  /**
   * Adds `n` to the payload of the last event when it is of kind `kind` (a count), so that events
   * whose order does not matter take one slot between them. Only for a bucket that is not running.
   */
  countInLast(kind: number, n: number): boolean {
    const k = this.count - 1;
    if (k < 0 || this.batchOpen) return false;
    const chunk = this.chunks[k >> CHUNK_SHIFT]!;
    const o = (k & CHUNK_MASK) * STRIDE;
    if (chunk[o + KIND] !== kind) return false;
    chunk[o + PAYLOAD]! += n;
    return true;
  }

  /** Event k has run: once its whole chunk has, the chunk is handed back (events run in order). */
  ran(k: number): void {
    if ((k & CHUNK_MASK) !== CHUNK_MASK) return;
    const c = k >> CHUNK_SHIFT;
    this.pool.push(this.chunks[c]!);
    this.chunks[c] = null;
  }

  /** Forgets every event (the bucket has run), handing its chunks back. */
  clear(): void {
    for (const chunk of this.chunks) if (chunk !== null) this.pool.push(chunk);
    this.chunks.length = 0;
    this.count = 0;
    this.batchOpen = false;
    this.headChunk = this.destChunk = EMPTY;
  }

  /** The chunk for slot k, taken from the pool if k is the first slot past the last chunk. */
  private chunkFor(k: number): Int32Array {
    const c = k >> CHUNK_SHIFT;
    if (c < this.chunks.length) return this.chunks[c]!;
    const chunk = this.pool.pop() ?? new Int32Array(CHUNK * STRIDE);
    this.chunks.push(chunk);
    return chunk;
  }
}

/** The offset of event k's fields in its chunk (NumberBucket.ints). */
export function offset(k: number): number {
  return (k & CHUNK_MASK) * STRIDE;
}

/** A batch at slot b: its count is ints(b)[offset(b) + SRC]; its destination j is in slot batchSlot(b, j), at j % BATCH_WIDTH. */
export function batchSlot(b: number, j: number): number {
  return b + 1 + (j >> BATCH_SHIFT);
}

export class NumberQueue extends TimedBuckets<NumberBucket> {
  constructor() {
    const pool: Int32Array[] = [];
    super(() => new NumberBucket(pool));
  }
}
