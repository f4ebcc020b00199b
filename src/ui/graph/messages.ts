/**
 * Messages in flight, as the view animates them. Each node-to-node Send record is stored once
 * (src, dest, sentAt, arrivesAt, kind, drop reason) in a struct of typed arrays; every frame
 * `place` interpolates each one's position from the model clock (raftscope's messageSpec). Nothing
 * here allocates per message or per frame: the arrays grow by doubling when a batch needs room.
 * Pure: times are passed in.
 */
import { DropReason, RecordKind, type JournalBatch } from "../../sim/journal";
import { kindOfType } from "./styles";

/** Beyond this many stored messages new ones are not drawn (counted in `overflow`). */
export const MAX_MESSAGES = 1 << 18;
/** Wall ms (paused time excluded) over which a dropped message's cross fades out. */
export const DROP_FADE_MS = 900;

export const MessageState = {
  /** Not drawn: not sent yet at the shown time, or finished. */
  Hidden: 0,
  /** A dot on its way. */
  Moving: 1,
  /** A lost message: stopped, drawn as a fading cross. */
  Failed: 2,
} as const;

/** Where along its edge a lost message stops: midway when the network lost it, at the receiver when the receiver was down. */
export function dropStopFraction(reason: number): number {
  return reason === DropReason.Crashed ? 1 : 0.5;
}

/**
 * Fraction of the way from sender to receiver at model time `nowMs`, in [0, 1]; a dropped message
 * (reason != 0) never passes its stop fraction.
 */
export function messageProgress(sentAtMs: number, arrivesAtMs: number, reason: number, nowMs: number): number {
  const span = arrivesAtMs - sentAtMs;
  let p = span > 0 ? (nowMs - sentAtMs) / span : nowMs >= sentAtMs ? 1 : 0;
  p = Math.max(0, Math.min(1, p));
  return reason === 0 ? p : Math.min(p, dropStopFraction(reason));
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
  /** Fade clock time the cross appeared (NaN before). */
  failedAt: Float64Array;
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
    this.failedAt = new Float64Array(this.capacity);
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
    this.failedAt = copy(this.failedAt, (n) => new Float64Array(n));
    this.state = copy(this.state, (n) => new Uint8Array(n));
    this.x = copy(this.x, (n) => new Float32Array(n));
    this.y = copy(this.y, (n) => new Float32Array(n));
    this.alpha = copy(this.alpha, (n) => new Float32Array(n));
    this.capacity = c;
    return true;
  }

  add(src: number, dest: number, sentAtMs: number, arrivesAtMs: number, kind: number, reason: number): void {
    if (this.count === this.capacity && !this.grow()) {
      this.overflow++;
      return;
    }
    const i = this.count++;
    this.src[i] = src;
    this.dest[i] = dest;
    this.sentAt[i] = sentAtMs;
    this.arrivesAt[i] = Math.max(sentAtMs, arrivesAtMs);
    this.kind[i] = kind;
    this.reason[i] = reason;
    this.failedAt[i] = NaN;
    this.state[i] = MessageState.Hidden;
  }

  /**
   * Takes the node-to-node Send and Drop records of a batch (`nodeCount` bounds valid indices).
   * A Drop marks its Send failed if that is still stored, else it adds a message that is only a
   * cross, so a loss is shown even when its Send record was never seen.
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
      if (kind === RecordKind.Send) {
        this.add(src, dest, batch.t[k]!, batch.at[k]!, style, batch.reason[k]!);
      } else {
        const sentAt = batch.at[k]!;
        const reason = batch.reason[k]! || DropReason.Loss;
        const i = this.find(src, dest, sentAt, style);
        if (i < 0) this.add(src, dest, sentAt, batch.t[k]!, style, reason);
        else if (this.reason[i] === 0) this.reason[i] = reason;
      }
    }
  }

  /** Newest stored message with this sender, receiver, send time and kind; -1 if none. */
  private find(src: number, dest: number, sentAtMs: number, kind: number): number {
    for (let i = this.count - 1; i >= 0; i--) {
      if (this.sentAt[i] === sentAtMs && this.src[i] === src && this.dest[i] === dest && this.kind[i] === kind) return i;
    }
    return -1;
  }

  /**
   * Computes every message's state, position and opacity at model time `nowMs` and fade-clock time
   * `fadeMs` (wall ms that stops while paused), with node positions `xy` (world units). A message
   * runs between points `insetWorld` inside each end (the nodes' rims) and rides `laneOffset`
   * world units to the right of its direction of travel, so messages crossing an edge in opposite
   * directions pass side by side. Finished messages are removed (compacted).
   */
  place(nowMs: number, fadeMs: number, xy: Float64Array, insetWorld: number, laneOffset: number): void {
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      const sentAt = this.sentAt[i]!;
      const arrivesAt = this.arrivesAt[i]!;
      const reason = this.reason[i]!;
      let state: number = MessageState.Hidden;
      let alpha = 1;
      let keep = true;
      if (reason === 0) {
        keep = nowMs < arrivesAt;
        if (keep && nowMs >= sentAt) state = MessageState.Moving;
      } else {
        const stopAt = sentAt + dropStopFraction(reason) * (arrivesAt - sentAt);
        if (nowMs >= stopAt) {
          if (Number.isNaN(this.failedAt[i]!)) this.failedAt[i] = fadeMs;
          alpha = 1 - (fadeMs - this.failedAt[i]!) / DROP_FADE_MS;
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
        const p = messageProgress(sentAt, arrivesAt, reason, nowMs);
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
    this.failedAt[to] = this.failedAt[from]!;
  }
}
