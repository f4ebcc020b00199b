/**
 * Nodes that just learned a value flash: an expanding, fading ring for FLASH_MS of model time since
 * the Learn record, so a paused picture holds still and a restored moment draws the same ring.
 * A node flashing again restarts its flash. Fixed-size arrays per node, no allocation per flash.
 * Pure: model time is passed in.
 */
import { RecordKind, type JournalBatch } from "../../sim/journal";
import { VIEW_MEMORY_MS } from "../../worker/messages";

/** Model ms a flash lasts: 400 ms of wall time at the default speed (no longer than the view's memory). */
export const FLASH_MS = Math.min(100, VIEW_MEMORY_MS);

export class Flashes {
  /** Node indices currently flashing, slots 0 .. count-1. */
  readonly active: Int32Array;
  count = 0;
  /** Per node: model time its flash started. */
  private readonly startedAt: Float64Array;
  private readonly slotOf: Int32Array;

  constructor(nodeCount: number) {
    this.active = new Int32Array(nodeCount);
    this.startedAt = new Float64Array(nodeCount);
    this.slotOf = new Int32Array(nodeCount).fill(-1);
  }

  start(node: number, atMs: number): void {
    if (node < 0 || node >= this.slotOf.length) return;
    this.startedAt[node] = atMs;
    if (this.slotOf[node] === -1) {
      this.slotOf[node] = this.count;
      this.active[this.count++] = node;
    }
  }

  /** Starts a flash for every Learn record of the batch, at the record's time. */
  ingest(batch: JournalBatch): void {
    const n = batch.to - batch.from;
    for (let k = 0; k < n; k++) if (batch.kind[k] === RecordKind.Learn) this.start(batch.dest[k]!, batch.t[k]!);
  }

  /** Age of a node's flash at model time `nowMs` as a fraction of FLASH_MS, from 0 (finished at 1). */
  age(node: number, nowMs: number): number {
    return Math.max(0, (nowMs - this.startedAt[node]!) / FLASH_MS);
  }

  /** Drops the flashes finished at model time `nowMs`. */
  sweep(nowMs: number): void {
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      const node = this.active[i]!;
      if (nowMs - this.startedAt[node]! < FLASH_MS) {
        this.active[w] = node;
        this.slotOf[node] = w++;
      } else {
        this.slotOf[node] = -1;
      }
    }
    this.count = w;
  }
}
