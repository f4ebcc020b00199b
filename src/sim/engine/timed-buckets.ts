/**
 * Events in time order: a FIFO bucket per millisecond and a min-heap of the distinct times, so that
 * events due at the same millisecond run in the order they were scheduled. What a bucket holds is
 * its subclass's: the engine's messages and timers (./event-queue.ts), or the headless run's
 * events of numbers only (./number-queue.ts).
 */

/** Buckets kept for reuse once run: a round's traffic lands in a few milliseconds. */
const BUCKET_POOL_MAX = 8;

/** Min-heap of distinct due times. */
export class TimeHeap {
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

/** A bucket: forgets its events (and hands back their storage) once it has run. */
export interface Clearable {
  clear(): void;
}

export class TimedBuckets<B extends Clearable> {
  protected readonly buckets: Map<number, B>;
  protected readonly times: TimeHeap;
  /** The bucket at() returned last and its time; null once that bucket has run. */
  private lastBucket: B | null = null;
  private lastBucketAt = 0;
  /** Run buckets, empty, for reuse. */
  private readonly freeBuckets: B[] = [];

  constructor(
    /** A new empty bucket. */
    private readonly make: () => B,
    buckets = new Map<number, B>(),
    times = new TimeHeap(),
  ) {
    this.buckets = buckets;
    this.times = times;
  }

  /** The events due at `t`, created (and its time queued) on first use. */
  at(t: number): B {
    // With a constant latency every message sent at one time lands in the same bucket.
    if (this.lastBucket !== null && this.lastBucketAt === t) return this.lastBucket;
    let bucket = this.buckets.get(t);
    if (bucket === undefined) {
      this.buckets.set(t, (bucket = this.freeBuckets.pop() ?? this.make()));
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
  take(t: number): B {
    this.times.pop();
    return this.buckets.get(t)!;
  }

  /** A bucket from take() has run: forget it and keep it for reuse. */
  release(t: number, bucket: B): void {
    this.buckets.delete(t);
    if (this.lastBucket === bucket) this.lastBucket = null;
    bucket.clear();
    if (this.freeBuckets.length < BUCKET_POOL_MAX) this.freeBuckets.push(bucket);
  }
}
