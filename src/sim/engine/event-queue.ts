/**
 * The engine's pending events: a FIFO bucket per millisecond and a min-heap of the distinct times,
 * so that events due at the same millisecond run in the order they were scheduled.
 *
 * A message in flight costs no object beyond the message itself: its numbers sit in a Float64Array
 * (exact for every integer the engine stores; no pointers, so no GC work), the message (null for a
 * timer) in a parallel array. A run bucket is emptied and reused: at 100,000 nodes one holds
 * hundreds of thousands of events, and regrowing it every round cost copies and garbage.
 */
import type { Message } from "../protocol";

/**
 * Numbers per event: (src, dest, sentAt, round, type, values, bytes, sendSeq). A timer is (ROUND_TICK
 * or the node index, then zeros). A message whose receiver crashed while it was in flight has its
 * dest slot marked as -1 - dest: it is lost on arrival, even if the receiver restarted meanwhile.
 * A message dropped by hand has its dest slot set to CANCELLED: it is skipped on arrival.
 */
export const STRIDE = 8;
export const ROUND_TICK = -1;
export const CANCELLED = -(2 ** 40);

/** The receiver a message's dest slot names, whether or not it was marked lost (-1 - dest). */
export function destOf(marked: number): number {
  return marked < 0 ? -1 - marked : marked;
}
/** Buckets kept for reuse once run: a round's traffic lands in a few milliseconds. */
const BUCKET_POOL_MAX = 8;

export class Bucket {
  msgs: (Message | null)[] = [];
  nums = new Float64Array(STRIDE * 64);
  count = 0;

  push(msg: Message | null, src: number, dest: number, sentAt: number, round: number, type: number, values: number, bytes: number, sendSeq: number): void {
    const k = this.count++;
    if (k < this.msgs.length) this.msgs[k] = msg;
    else this.msgs.push(msg);
    let nums = this.nums;
    const o = k * STRIDE;
    if (o + STRIDE > nums.length) {
      const grown = new Float64Array(nums.length * 2);
      grown.set(nums);
      this.nums = nums = grown;
    }
    nums[o] = src;
    nums[o + 1] = dest;
    nums[o + 2] = sentAt;
    nums[o + 3] = round;
    nums[o + 4] = type;
    nums[o + 5] = values;
    nums[o + 6] = bytes;
    nums[o + 7] = sendSeq;
  }

  /** A copy (of a bucket that has not started to run). */
  copy(): Bucket {
    const b = new Bucket();
    b.msgs = this.msgs.slice(0, this.count);
    b.nums = this.nums.slice(0, Math.max(STRIDE * 64, this.count * STRIDE));
    b.count = this.count;
    return b;
  }
}

/** Min-heap of distinct due times. */
class TimeHeap {
  constructor(private readonly a: number[] = []) {}
  get size(): number {
    return this.a.length;
  }
  peek(): number | undefined {
    return this.a[0];
  }
  push(t: number): void {
    const a = this.a;
    let i = a.length;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= t) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = t;
  }
  pop(): number | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
  copy(): TimeHeap {
    return new TimeHeap(this.a.slice());
  }
}

export class EventQueue {
  private readonly buckets: Map<number, Bucket>;
  private readonly times: TimeHeap;
  /** The bucket at() returned last and its time; null once that bucket has run. */
  private lastBucket: Bucket | null = null;
  private lastBucketAt = 0;
  /** Run buckets, empty, for reuse. */
  private readonly freeBuckets: Bucket[] = [];

  constructor(buckets = new Map<number, Bucket>(), times = new TimeHeap()) {
    this.buckets = buckets;
    this.times = times;
  }

  /** The events due at `t`, created (and its time queued) on first use. */
  at(t: number): Bucket {
    // With a constant latency every message sent at one time lands in the same bucket.
    if (this.lastBucket !== null && this.lastBucketAt === t) return this.lastBucket;
    let bucket = this.buckets.get(t);
    if (bucket === undefined) {
      this.buckets.set(t, (bucket = this.freeBuckets.pop() ?? new Bucket()));
      this.times.push(t);
    }
    this.lastBucket = bucket;
    this.lastBucketAt = t;
    return bucket;
  }

  /** Time of the next pending event, or undefined. */
  nextTime(): number | undefined {
    return this.times.peek();
  }

  /** Removes the earliest time from the queue and returns its bucket, to run (it may still grow). */
  take(t: number): Bucket {
    this.times.pop();
    return this.buckets.get(t)!;
  }

  /** A bucket from take() has run: forget it and keep it for reuse. */
  release(t: number, bucket: Bucket): void {
    this.buckets.delete(t);
    if (this.lastBucket === bucket) this.lastBucket = null;
    bucket.count = 0;
    if (this.freeBuckets.length < BUCKET_POOL_MAX) this.freeBuckets.push(bucket);
  }

  /** Calls `f(bucket, k, t)` for every message (not timer) still pending; `t` is its arrival time. */
  forEachMessage(f: (bucket: Bucket, k: number, t: number) => void): void {
    for (const [t, bucket] of this.buckets) {
      for (let k = 0; k < bucket.count; k++) if (bucket.msgs[k] !== null) f(bucket, k, t);
    }
  }

  /** Every message in flight to `node` is lost on arrival (marked -1 - node). */
  markReceiverCrashed(node: number): void {
    this.forEachMessage((bucket, k) => {
      if (bucket.nums[k * STRIDE + 1] === node) bucket.nums[k * STRIDE + 1] = -1 - node;
    });
  }

  /** Finds the pending message whose Send record is `sendSeq`: [bucket, k, arrival time], or null. */
  findMessage(sendSeq: number): [Bucket, number, number] | null {
    for (const [t, bucket] of this.buckets) {
      for (let k = 0; k < bucket.count; k++) {
        if (bucket.msgs[k] !== null && bucket.nums[k * STRIDE + 7] === sendSeq && bucket.nums[k * STRIDE + 1] !== CANCELLED) return [bucket, k, t];
      }
    }
    return null;
  }

  /** A deep copy: the messages themselves are shared (never mutated once sent). */
  copy(): EventQueue {
    const buckets = new Map<number, Bucket>();
    for (const [t, b] of this.buckets) buckets.set(t, b.copy());
    return new EventQueue(buckets, this.times.copy());
  }
}
