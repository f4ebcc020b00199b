/**
 * Nodes that just learned a value flash: an expanding, fading ring for FLASH_MS of wall time.
 * A node flashing again restarts its flash. Fixed-size arrays per node, no allocation per flash.
 * Pure: wall time is passed in.
 */
import { RecordKind, type JournalBatch } from "../../sim/journal";

export const FLASH_MS = 400;

export class Flashes {
  /** Node indices currently flashing, slots 0 .. count-1. */
  readonly active: Int32Array;
  count = 0;
  /** Per node: wall time its flash started. */
  private readonly startedAt: Float64Array;
  private readonly slotOf: Int32Array;

  constructor(nodeCount: number) {
    this.active = new Int32Array(nodeCount);
    this.startedAt = new Float64Array(nodeCount);
    this.slotOf = new Int32Array(nodeCount).fill(-1);
  }

  start(node: number, wallMs: number): void {
    if (node < 0 || node >= this.slotOf.length) return;
    this.startedAt[node] = wallMs;
    if (this.slotOf[node] === -1) {
      this.slotOf[node] = this.count;
      this.active[this.count++] = node;
    }
  }

  /** Starts a flash for every Learn record of the batch. */
  ingest(batch: JournalBatch, wallMs: number): void {
    const n = batch.to - batch.from;
    for (let k = 0; k < n; k++) if (batch.kind[k] === RecordKind.Learn) this.start(batch.dest[k]!, wallMs);
  }

  /** Age of a node's flash as a fraction of FLASH_MS, in [0, 1). */
  age(node: number, wallMs: number): number {
    return Math.max(0, (wallMs - this.startedAt[node]!) / FLASH_MS);
  }

  /** Drops finished flashes. */
  sweep(wallMs: number): void {
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      const node = this.active[i]!;
      if (wallMs - this.startedAt[node]! < FLASH_MS) {
        this.active[w] = node;
        this.slotOf[node] = w++;
      } else {
        this.slotOf[node] = -1;
      }
    }
    this.count = w;
  }
}
