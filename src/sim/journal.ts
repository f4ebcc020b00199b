/**
 * The journal: every send, delivery, drop and learning event of a run, in the order the engine
 * produced it. Metrics, animation and export all read it.
 *
 * Memory stays bounded: records live in a ring of `capacity` slots held as a struct of typed arrays
 * (50 bytes a record, no objects). A reader that falls more than `capacity` records behind is told how
 * many it lost. The engine's metrics consume each record as it is written, so they stay exact
 * however long the run, and the journal itself never grows.
 */

export const RecordKind = {
  /** A message left `src` for `dest`. `at` = arrival time; `reason` != 0 when the network will lose it (at lossAtMs). */
  Send: 0,
  /** The message sent at `at` reached `dest`. */
  Deliver: 1,
  /** The message sent at `at` was lost; `reason` says why. */
  Drop: 2,
  /** Node `dest` learned value number `values` (index into the run's injected values). */
  Learn: 3,
  /** Gossip round `values` fired (aligned rounds: all nodes at once). */
  Round: 4,
  /**
   * A command changed the run: `type` is its CONTROL_TYPES code, `dest` the node it names (crash,
   * restart, inject, read; -1 otherwise), `values` its entry in the engine's control log.
   */
  Control: 5,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** Why a message was lost. `Dropped`: a person dropped it in flight (the `dropMessage` command). */
export const DropReason = { None: 0, Loss: 1, Partition: 2, Crashed: 3, Dropped: 4 } as const;
export type DropReason = (typeof DropReason)[keyof typeof DropReason];
export const DROP_REASON_NAMES = ["none", "loss", "partition", "crashed", "dropped"] as const;

/**
 * The network loses a message in transit, halfway: a lost message's Send record holds an arrival
 * time an even number of ms after its sending (what it would have taken, rounded down to even), and
 * its Drop record comes at this moment, an integer ms. Until then it is in flight like any other.
 */
export function lossAtMs(sentAtMs: number, arrivesAtMs: number): number {
  return sentAtMs + Math.floor((arrivesAtMs - sentAtMs) / 2);
}

/** The arrival time a lost message's Send record holds (see lossAtMs): its latency rounded down to even. */
export function lostArrivalMs(sentAtMs: number, latencyMs: number): number {
  return sentAtMs + 2 * Math.floor(latencyMs / 2);
}

/** Command types with a code each, for Control records (`type`). Index 0 is unused. */
export const CONTROL_TYPES = [
  "other",
  "inject",
  "read",
  "setDropRate",
  "setLinkDropRate",
  "setLatency",
  "configure",
  "crash",
  "restart",
  "partition",
  "heal",
  "dropMessage",
] as const;
export type ControlTypeName = (typeof CONTROL_TYPES)[number];
const CONTROL_CODES: ReadonlyMap<string, number> = new Map(CONTROL_TYPES.map((t, i) => [t, i]));
export function controlTypeCode(type: string): number {
  return CONTROL_CODES.get(type) ?? 0;
}

/** Protocol message types with a code each, so a record can hold its type in one byte. */
export const MESSAGE_TYPES = [
  "other",
  "init",
  "init_ok",
  "topology",
  "topology_ok",
  "broadcast",
  "broadcast_ok",
  "read",
  "read_ok",
  "gossip_round",
  "gossip_round_ok",
  "gossip_sync",
  "gossip_sync_ok",
  "configure",
  "configure_ok",
  "gossip_stats",
  "gossip_stats_ok",
  "digest",
  "digest_ok",
  "digest_sync",
  "digest_sync_ok",
  "tree_info",
  "tree_info_ok",
  "partition",
  "partition_ok",
  "heal",
  "heal_ok",
  "partition_status",
  "partition_status_ok",
  "error",
] as const;
export type MessageTypeName = (typeof MESSAGE_TYPES)[number];
const TYPE_CODES: ReadonlyMap<string, number> = new Map(MESSAGE_TYPES.map((t, i) => [t, i]));
export function messageTypeCode(type: string): number {
  return TYPE_CODES.get(type) ?? 0;
}

/**
 * Node index >= 0 for servers (n1 is 0); clients are negative: c0 is -1, c1 is -2, ...
 */
export function endpointName(endpoint: number): string {
  return endpoint >= 0 ? `n${endpoint + 1}` : `c${-endpoint - 1}`;
}

/** A slice of the journal as parallel typed arrays (transferable to the UI). Record i is seq `from + i`. */
export interface JournalBatch {
  /** Seq of the first record in the batch. */
  from: number;
  /** Seq after the last record (the cursor to read from next). */
  to: number;
  /** Records the reader missed because the ring had overwritten them. */
  lost: number;
  kind: Uint8Array;
  /** Model time of the record, ms. */
  t: Float64Array;
  src: Int32Array;
  dest: Int32Array;
  /** Message type code (MESSAGE_TYPES). */
  type: Uint8Array;
  /** Send: arrival time. Deliver/Drop: send time. */
  at: Float64Array;
  /** Send/Deliver/Drop: values in the payload. Learn: value index. Round: round number. Control: log index. */
  values: Uint32Array;
  /** Payload bytes: UTF-8 length of the canonical JSON of the values carried. */
  bytes: Uint32Array;
  reason: Uint8Array;
  /** The gossip round that caused the message (the round of the tick, or inherited from the input). */
  round: Int32Array;
  /**
   * The seq of the Send record this record belongs to: its own for a Send, its message's Send for a
   * Deliver or Drop, and for a Learn the Send of the message that taught it. -1 for Round and Control.
   */
  sendSeq: Float64Array;
}

export interface JournalRecord {
  seq: number;
  kind: RecordKind;
  t: number;
  src: number;
  dest: number;
  type: number;
  at: number;
  values: number;
  bytes: number;
  reason: number;
  round: number;
  sendSeq: number;
}

export class Journal {
  readonly capacity: number;
  private readonly mask: number;
  /** The next record's seq. */
  end = 0;
  /** The oldest seq held: records before it were overwritten, or cut off by rewind(). */
  private first = 0;
  private readonly kind: Uint8Array;
  private readonly t: Float64Array;
  private readonly src: Int32Array;
  private readonly dest: Int32Array;
  private readonly type: Uint8Array;
  private readonly at: Float64Array;
  private readonly values: Uint32Array;
  private readonly bytes: Uint32Array;
  private readonly reason: Uint8Array;
  private readonly round: Int32Array;
  private readonly sendSeq: Float64Array;

  /** `capacity` is rounded up to a power of two. */
  constructor(capacity = 1 << 16) {
    let c = 1;
    while (c < capacity) c <<= 1;
    this.capacity = c;
    this.mask = c - 1;
    this.kind = new Uint8Array(c);
    this.t = new Float64Array(c);
    this.src = new Int32Array(c);
    this.dest = new Int32Array(c);
    this.type = new Uint8Array(c);
    this.at = new Float64Array(c);
    this.values = new Uint32Array(c);
    this.bytes = new Uint32Array(c);
    this.reason = new Uint8Array(c);
    this.round = new Int32Array(c);
    this.sendSeq = new Float64Array(c);
  }

  /** Appends a record; returns its seq. */
  // oxlint-disable-next-line max-params -- hot path: a record's columns, written straight into the typed arrays with no object per record
  append(kind: RecordKind, t: number, src: number, dest: number, type: number, at: number, values: number, bytes: number, reason: number, round: number, sendSeq: number): number {
    const i = this.end & this.mask;
    this.kind[i] = kind;
    this.t[i] = t;
    this.src[i] = src;
    this.dest[i] = dest;
    this.type[i] = type;
    this.at[i] = at;
    this.values[i] = values;
    this.bytes[i] = bytes;
    this.reason[i] = reason;
    this.round[i] = round;
    this.sendSeq[i] = sendSeq;
    return this.end++;
  }

  /** The oldest seq still held. */
  get start(): number {
    return Math.max(this.first, this.end - this.capacity);
  }

  /**
   * Makes `seq` the next record's seq: a run restored from a checkpoint writes from there. Back from
   * the end, the records from `seq` on are forgotten and those before it that the ring still holds
   * stay; past the end (a checkpoint ahead), the journal starts empty at `seq`.
   */
  rewind(seq: number): void {
    if (!(Number.isInteger(seq) && seq >= 0)) throw new RangeError(`rewind needs a seq >= 0, got ${seq}`);
    this.first = seq > this.end ? seq : Math.min(this.start, seq);
    this.end = seq;
  }

  /** Whether every record with time >= tMs is still held (none was overwritten or cut off). */
  holdsFrom(tMs: number): boolean {
    const start = this.start;
    return start === 0 || (start < this.end && this.t[start & this.mask]! < tMs);
  }

  /** The first seq held whose record's time is >= tMs (records are in time order); `end` when none. */
  seqAtTime(tMs: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.t[mid & this.mask]! < tMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Copies records from `cursor` on (at most `max`) into a fresh batch. */
  readSince(cursor: number, max = Infinity): JournalBatch {
    const from = Math.max(cursor, this.start);
    const to = Math.min(this.end, from + max);
    const n = Math.max(0, to - from);
    const b: JournalBatch = {
      from,
      to: from + n,
      lost: from - Math.min(cursor, from),
      kind: new Uint8Array(n),
      t: new Float64Array(n),
      src: new Int32Array(n),
      dest: new Int32Array(n),
      type: new Uint8Array(n),
      at: new Float64Array(n),
      values: new Uint32Array(n),
      bytes: new Uint32Array(n),
      reason: new Uint8Array(n),
      round: new Int32Array(n),
      sendSeq: new Float64Array(n),
    };
    for (let k = 0; k < n; k++) {
      const i = (from + k) & this.mask;
      b.kind[k] = this.kind[i]!;
      b.t[k] = this.t[i]!;
      b.src[k] = this.src[i]!;
      b.dest[k] = this.dest[i]!;
      b.type[k] = this.type[i]!;
      b.at[k] = this.at[i]!;
      b.values[k] = this.values[i]!;
      b.bytes[k] = this.bytes[i]!;
      b.reason[k] = this.reason[i]!;
      b.round[k] = this.round[i]!;
      b.sendSeq[k] = this.sendSeq[i]!;
    }
    return b;
  }
}

/** The typed arrays of a batch, for `postMessage(..., transfer)`. */
export function batchBuffers(b: JournalBatch): ArrayBuffer[] {
  return [b.kind, b.t, b.src, b.dest, b.type, b.at, b.values, b.bytes, b.reason, b.round, b.sendSeq].map((a) => a.buffer as ArrayBuffer);
}

export function batchRecord(b: JournalBatch, k: number): JournalRecord {
  return {
    seq: b.from + k,
    kind: b.kind[k]! as RecordKind,
    t: b.t[k]!,
    src: b.src[k]!,
    dest: b.dest[k]!,
    type: b.type[k]!,
    at: b.at[k]!,
    values: b.values[k]!,
    bytes: b.bytes[k]!,
    reason: b.reason[k]!,
    round: b.round[k]!,
    sendSeq: b.sendSeq[k]!,
  };
}

const KIND_NAMES = ["send", "deliver", "drop", "learn", "round", "control"] as const;

/** One record as a JSON line (the journal's export format). */
export function recordToJson(r: JournalRecord): string {
  const kind = KIND_NAMES[r.kind];
  switch (r.kind) {
    case RecordKind.Learn:
      return JSON.stringify({ seq: r.seq, kind, t: r.t, node: endpointName(r.dest), value_index: r.values, round: r.round, send_seq: r.sendSeq });
    case RecordKind.Round:
      return JSON.stringify({ seq: r.seq, kind, t: r.t, round: r.values });
    case RecordKind.Control:
      return JSON.stringify({
        seq: r.seq,
        kind,
        t: r.t,
        command: CONTROL_TYPES[r.type] ?? "other",
        ...(r.dest >= 0 ? { node: endpointName(r.dest) } : {}),
        control: r.values,
      });
    default:
      return JSON.stringify({
        seq: r.seq,
        kind,
        t: r.t,
        src: endpointName(r.src),
        dest: endpointName(r.dest),
        type: MESSAGE_TYPES[r.type] ?? "other",
        [r.kind === RecordKind.Send ? "arrives_at" : "sent_at"]: r.at,
        values: r.values,
        bytes: r.bytes,
        ...(r.reason ? { reason: DROP_REASON_NAMES[r.reason] } : {}),
        round: r.round,
        ...(r.kind === RecordKind.Send ? {} : { send_seq: r.sendSeq }),
      });
  }
}

export function batchToJsonLines(b: JournalBatch): string[] {
  const lines: string[] = [];
  for (let k = 0; k < b.to - b.from; k++) lines.push(recordToJson(batchRecord(b, k)));
  return lines;
}
