/**
 * Messages in flight, as the view animates them. Each node-to-node Send record is stored once
 * (src, dest, sentAt, arrivesAt, kind, drop reason, where it stops, its send seq) in a struct of
 * typed arrays; every frame
 * `place` interpolates each one's position from the model clock (raftscope's messageSpec). Nothing
 * here allocates per message or per frame: the arrays grow by doubling when a batch needs room.
 * Pure: times are passed in.
 */
import type { PendingMessages } from "../../sim/engine-api";
import { DropReason, RecordKind, lossAtMs, type JournalBatch } from "../../sim/journal";
import { VIEW_MEMORY_MS } from "../../worker/messages";
import { kindOfType } from "./styles";

/** Beyond this many stored messages new ones are not drawn (counted in `overflow`). */
export const MAX_MESSAGES = 1 << 18;
/**
 * Model ms over which a lost message's cross fades out: a function of model time since the loss, so a
 * paused picture holds still and a moment reached by seeking or from a link draws the same.
 */
export const DROP_FADE_MS = VIEW_MEMORY_MS;

export const MessageState = {
  /** Not drawn: not sent yet at the shown time, or finished. */
  Hidden: 0,
  /** A dot on its way. */
  Moving: 1,
  /** A lost message: stopped, drawn as a fading cross. */
  Failed: 2,
} as const;

/**
 * Model time a lost message stops at, drawn as a mark: halfway when the network lost it in transit
 * (lossAtMs, when its Drop record comes), else when its Drop record says (at the receiver when the
 * receiver was down or a partition began meanwhile; where it was when dropped by hand).
 */
export function dropStopMs(sentAtMs: number, arrivesAtMs: number, lostAtSend: boolean, dropAtMs: number): number {
  return lostAtSend ? lossAtMs(sentAtMs, arrivesAtMs) : Math.min(arrivesAtMs, Math.max(sentAtMs, dropAtMs));
}

/**
 * Fraction of the way from sender to receiver at model time `nowMs`, in [0, 1]; a lost message
 * never passes the point it stops at (`stopAtMs`, NaN when it is not lost).
 */
export function messageProgress(sentAtMs: number, arrivesAtMs: number, stopAtMs: number, nowMs: number): number {
  const span = arrivesAtMs - sentAtMs;
  const at = Number.isNaN(stopAtMs) ? nowMs : Math.min(nowMs, stopAtMs);
  const p = span > 0 ? (at - sentAtMs) / span : at >= sentAtMs ? 1 : 0;
  return Math.max(0, Math.min(1, p));
}

export class MessagePool {
  /** Messages stored (slots 0 .. count-1). */
  count = 0;
  /** Sends not stored because MAX_MESSAGES were already in flight. */
  overflow = 0;
  capacity: number;
  src: Int32Array;
  dest: Int32Array;
  sentAt: Float64Array;
  arrivesAt: Float64Array;
  kind: Uint8Array;
  reason: Uint8Array;
  /** Model time a lost message stops at (NaN while it is not known to be lost). */
  stopAt: Float64Array;
  /** Seq of its Send record: what links it to its Drop record and names it to the worker. Ascending. */
  sendSeq: Float64Array;
  /** Output of `place`, per slot: state (MessageState), position (world units), cross opacity. */
  state: Uint8Array;
  x: Float32Array;
  y: Float32Array;
  alpha: Float32Array;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.src = new Int32Array(this.capacity);
    this.dest = new Int32Array(this.capacity);
    this.sentAt = new Float64Array(this.capacity);
    this.arrivesAt = new Float64Array(this.capacity);
    this.kind = new Uint8Array(this.capacity);
    this.reason = new Uint8Array(this.capacity);
    this.stopAt = new Float64Array(this.capacity);
    this.sendSeq = new Float64Array(this.capacity);
    this.state = new Uint8Array(this.capacity);
    this.x = new Float32Array(this.capacity);
    this.y = new Float32Array(this.capacity);
    this.alpha = new Float32Array(this.capacity);
  }

  clear(): void {
    this.count = 0;
    this.overflow = 0;
  }

  private grow(): boolean {
    if (this.capacity >= MAX_MESSAGES) return false;
    const c = Math.min(MAX_MESSAGES, this.capacity * 2);
    const copy = <T extends Int32Array | Float64Array | Uint8Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a as never);
      return b;
    };
    this.src = copy(this.src, (n) => new Int32Array(n));
    this.dest = copy(this.dest, (n) => new Int32Array(n));
    this.sentAt = copy(this.sentAt, (n) => new Float64Array(n));
    this.arrivesAt = copy(this.arrivesAt, (n) => new Float64Array(n));
    this.kind = copy(this.kind, (n) => new Uint8Array(n));
    this.reason = copy(this.reason, (n) => new Uint8Array(n));
    this.stopAt = copy(this.stopAt, (n) => new Float64Array(n));
    this.sendSeq = copy(this.sendSeq, (n) => new Float64Array(n));
    this.state = copy(this.state, (n) => new Uint8Array(n));
    this.x = copy(this.x, (n) => new Float32Array(n));
    this.y = copy(this.y, (n) => new Float32Array(n));
    this.alpha = copy(this.alpha, (n) => new Float32Array(n));
    this.capacity = c;
    return true;
  }

  /**
   * Stores a message; `reason` != 0 with `stopAtMs` for one known to be lost. Messages are kept in
   * the order of their send seqs (what `find` relies on): one older than the newest stored goes in
   * its place.
   */
  // oxlint-disable-next-line max-params -- hot path: one call per message, its numbers as arguments rather than an object per message
  add(src: number, dest: number, sentAtMs: number, arrivesAtMs: number, kind: number, reason: number, stopAtMs: number, sendSeq: number): void {
    if (this.count === this.capacity && !this.grow()) {
      this.overflow++;
      return;
    }
    let i = this.count++;
    if (i > 0 && this.sendSeq[i - 1]! > sendSeq) {
      const at = this.lowerBound(sendSeq);
      for (let j = i; j > at; j--) this.moveSlot(j - 1, j);
      i = at;
    }
    this.src[i] = src;
    this.dest[i] = dest;
    this.sentAt[i] = sentAtMs;
    this.arrivesAt[i] = Math.max(sentAtMs, arrivesAtMs);
    this.kind[i] = kind;
    this.reason[i] = reason;
    this.stopAt[i] = stopAtMs;
    this.sendSeq[i] = sendSeq;
    this.state[i] = MessageState.Hidden;
  }

  /**
   * Takes the node-to-node Send and Drop records of a batch (`nodeCount` bounds valid indices).
   * A Drop marks its Send (found by its send seq) lost, or when that is not stored adds a message
   * that is only a mark, so a loss is shown even when its Send record was never seen.
   */
  ingest(batch: JournalBatch, nodeCount: number): void {
    const n = batch.to - batch.from;
    for (let k = 0; k < n; k++) {
      const kind = batch.kind[k];
      if (kind !== RecordKind.Send && kind !== RecordKind.Drop) continue;
      const src = batch.src[k]!;
      const dest = batch.dest[k]!;
      if (src < 0 || dest < 0 || src >= nodeCount || dest >= nodeCount) continue;
      const style = kindOfType(batch.type[k]!);
      const sendSeq = batch.sendSeq[k]!;
      if (kind === RecordKind.Send) {
        const reason = batch.reason[k]!;
        const t = batch.t[k]!;
        const at = batch.at[k]!;
        this.add(src, dest, t, at, style, reason, reason === 0 ? NaN : dropStopMs(t, at, true, t), sendSeq);
        continue;
      }
      const reason = batch.reason[k]! || DropReason.Loss;
      const i = this.find(sendSeq);
      if (i < 0) {
        // Its Send was never seen (the view started after it): a mark where it stopped.
        this.add(src, dest, batch.at[k]!, batch.t[k]!, style, reason, batch.t[k]!, sendSeq);
      } else if (this.reason[i] === 0) {
        this.reason[i] = reason;
        this.stopAt[i] = dropStopMs(this.sentAt[i]!, this.arrivesAt[i]!, false, batch.t[k]!);
      }
    }
  }

  /**
   * Replaces what is stored with the messages in flight at a moment the view jumped to (the worker
   * sends them with the journal of the moments before, which `ingest` then takes as it would have).
   */
  reset(pending: PendingMessages, nodeCount: number): void {
    this.clear();
    const order = Array.from(pending.sendSeq.keys()).sort((a, b) => pending.sendSeq[a]! - pending.sendSeq[b]!);
    for (const i of order) {
      const src = pending.src[i]!;
      const dest = pending.dest[i]!;
      if (src < 0 || dest < 0 || src >= nodeCount || dest >= nodeCount) continue;
      const reason = pending.reason[i]!;
      const sentAt = pending.sentAt[i]!;
      const arrivesAt = pending.arrivesAt[i]!;
      // Lost in transit: halfway, as live; to a crashed receiver: on arrival.
      const stopAt = reason === DropReason.None ? NaN : dropStopMs(sentAt, arrivesAt, reason !== DropReason.Crashed, arrivesAt);
      this.add(src, dest, sentAt, arrivesAt, kindOfType(pending.type[i]!), reason, stopAt, pending.sendSeq[i]!);
    }
  }

  /** The first slot whose send seq is >= `sendSeq` (count when none). */
  private lowerBound(sendSeq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sendSeq[mid]! < sendSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The stored message with this send seq; -1 if none. */
  find(sendSeq: number): number {
    const i = this.lowerBound(sendSeq);
    return i < this.count && this.sendSeq[i] === sendSeq ? i : -1;
  }

  /**
   * Computes every message's state, position and opacity at model time `nowMs`, with node positions
   * `xy` (world units): a function of the messages and the moment alone. A message
   * runs between points `insetWorld` inside each end (the nodes' rims) and rides `laneOffset`
   * world units to the right of its direction of travel, so messages crossing an edge in opposite
   * directions pass side by side. Finished messages are removed (compacted).
   */
  place(nowMs: number, xy: Float64Array, insetWorld: number, laneOffset: number): void {
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      const sentAt = this.sentAt[i]!;
      const arrivesAt = this.arrivesAt[i]!;
      const reason = this.reason[i]!;
      const stopAt = this.stopAt[i]!;
      let state: number = MessageState.Hidden;
      let alpha = 1;
      let keep = true;
      if (reason === 0) {
        keep = nowMs < arrivesAt;
        if (keep && nowMs >= sentAt) state = MessageState.Moving;
      } else {
        if (nowMs >= stopAt) {
          alpha = 1 - (nowMs - stopAt) / DROP_FADE_MS;
          if (alpha > 0) state = MessageState.Failed;
          // Kept, invisible, until its arrival time so the Drop record that may follow finds it.
          keep = alpha > 0 || nowMs < arrivesAt;
        } else if (nowMs >= sentAt) {
          state = MessageState.Moving;
        }
      }
      if (!keep) continue;
      if (w !== i) this.moveSlot(i, w);
      this.state[w] = state;
      this.alpha[w] = Math.max(0, Math.min(1, alpha));
      if (state !== MessageState.Hidden) {
        const a = this.src[w]!;
        const b = this.dest[w]!;
        const ax = xy[2 * a]!;
        const ay = xy[2 * a + 1]!;
        const dx = xy[2 * b]! - ax;
        const dy = xy[2 * b + 1]! - ay;
        const p = messageProgress(sentAt, arrivesAt, reason === 0 ? NaN : stopAt, nowMs);
        const len = Math.sqrt(dx * dx + dy * dy);
        const ux = len > 0 ? dx / len : 0;
        const uy = len > 0 ? dy / len : 0;
        // Travel from rim to rim: the dot leaves the sender's edge and reaches the receiver's.
        const along = len > 2 * insetWorld ? insetWorld + p * (len - 2 * insetWorld) : p * len;
        // (-uy, ux) is the right-hand normal on a y-down screen.
        this.x[w] = ax + ux * along - uy * laneOffset;
        this.y[w] = ay + uy * along + ux * laneOffset;
      }
      w++;
    }
    this.count = w;
  }

  private moveSlot(from: number, to: number): void {
    this.src[to] = this.src[from]!;
    this.dest[to] = this.dest[from]!;
    this.sentAt[to] = this.sentAt[from]!;
    this.arrivesAt[to] = this.arrivesAt[from]!;
    this.kind[to] = this.kind[from]!;
    this.reason[to] = this.reason[from]!;
    this.stopAt[to] = this.stopAt[from]!;
    this.sendSeq[to] = this.sendSeq[from]!;
  }
}
