/**
 * The space-time diagram's data: the node-to-node messages of a window of the run, each once, with
 * its fate (from the journal's send links, never matched by guessing), what it taught, and the
 * moments nodes learned values. Pure: a journal window in, plain arrays out.
 */
import { DropReason, MESSAGE_TYPES, RecordKind, lossAtMs, type JournalBatch } from "../../sim/journal";

export interface DiagramMessage {
  sendSeq: number;
  src: number;
  dest: number;
  /** Protocol type, e.g. "gossip_sync". */
  type: string;
  sentAt: number;
  /** When it arrives (or would have arrived, when lost); NaN when its Send record is outside the window. */
  arrivesAt: number;
  /** Delivered at this time, or lost at it; NaN while in flight at the window's end. */
  endAt: number;
  /** DropReason when lost (DropReason.None when delivered or in flight). */
  lost: DropReason;
  /** Lost in transit (loss, or a partition in force when it was sent): drawn stopping midway. */
  lostAtSend: boolean;
  /** Indices of the values it taught its receiver (first deliveries). */
  taught: number[];
}

export interface DiagramLearn {
  node: number;
  value: number;
  t: number;
}

export interface DiagramModel {
  fromMs: number;
  toMs: number;
  messages: DiagramMessage[];
  learns: DiagramLearn[];
}

/** Builds the model of a journal window for a run of `nodeCount` nodes. */
export function buildDiagram(batch: JournalBatch, fromMs: number, toMs: number, nodeCount: number): DiagramModel {
  const bySeq = new Map<number, DiagramMessage>();
  const messages: DiagramMessage[] = [];
  const learns: DiagramLearn[] = [];
  const isNode = (i: number) => i >= 0 && i < nodeCount;
  const n = batch.to - batch.from;
  for (let k = 0; k < n; k++) {
    const kind = batch.kind[k];
    if (kind === RecordKind.Learn) {
      const node = batch.dest[k]!;
      learns.push({ node, value: batch.values[k]!, t: batch.t[k]! });
      const teacher = bySeq.get(batch.sendSeq[k]!);
      if (teacher && teacher.dest === node) teacher.taught.push(batch.values[k]!);
      continue;
    }
    if (kind !== RecordKind.Send && kind !== RecordKind.Deliver && kind !== RecordKind.Drop) continue;
    const src = batch.src[k]!;
    const dest = batch.dest[k]!;
    if (!isNode(src) || !isNode(dest)) continue;
    const seq = batch.sendSeq[k]!;
    let m = bySeq.get(seq);
    if (m === undefined) {
      // A Deliver or Drop whose Send came before the window: it knows when it was sent.
      const sentAt = kind === RecordKind.Send ? batch.t[k]! : batch.at[k]!;
      m = { sendSeq: seq, src, dest, type: MESSAGE_TYPES[batch.type[k]!] ?? "other", sentAt, arrivesAt: NaN, endAt: NaN, lost: DropReason.None, lostAtSend: false, taught: [] };
      bySeq.set(seq, m);
      messages.push(m);
    }
    if (kind === RecordKind.Send) {
      m.arrivesAt = batch.at[k]!;
      if (batch.reason[k] !== DropReason.None) m.lostAtSend = true;
    } else {
      m.endAt = batch.t[k]!;
      if (kind === RecordKind.Drop) m.lost = batch.reason[k]! as DropReason;
    }
  }
  return { fromMs, toMs, messages, learns };
}

/** When a lost message was lost (its Drop record: halfway when the network lost it in transit); NaN when it was not lost. */
export function lossAt(m: DiagramMessage): number {
  if (m.lost === DropReason.None) return NaN;
  return Number.isNaN(m.endAt) ? lossAtMs(m.sentAt, m.arrivesAt) : m.endAt;
}

/** Where a message's line ends at time `nowMs`: its time and the fraction of the way from src to dest lane. */
export function messageEnd(m: DiagramMessage, nowMs: number): { t: number; fraction: number } {
  const arrives = Number.isNaN(m.arrivesAt) ? m.endAt : m.arrivesAt;
  const span = arrives - m.sentAt;
  const stop = m.lost !== DropReason.None ? lossAt(m) : Number.isNaN(m.endAt) ? arrives : m.endAt;
  const t = Math.min(stop, nowMs);
  const fraction = span > 0 ? Math.max(0, Math.min(1, (t - m.sentAt) / span)) : 1;
  return { t, fraction };
}
