/**
 * The network between nodes: loss (global and per link), partitions and latency, with the run's
 * network generator. Decides each message's fate when it is sent; the engine carries it out.
 */
import type { LatencyDist } from "../config";
import { DropReason } from "../journal";
import { Rng } from "../rng";

/** The live network settings: the engine's config object, read at every send. */
export interface NetworkSettings {
  dropRate: number;
  latencyMs: number;
  latencyDist: LatencyDist;
}

export class Network {
  /** Loss probability per link, keyed min(a, b) * n + max(a, b); absent: the global rate. */
  private readonly linkDrop: Map<number, number>;
  /** Partition group per node (0 when not partitioned). */
  readonly group: Int32Array;
  partitioned = false;

  constructor(
    private readonly n: number,
    private readonly rng: Rng,
    private readonly settings: NetworkSettings,
    linkDrop = new Map<number, number>(),
    group = new Int32Array(n),
  ) {
    this.linkDrop = linkDrop;
    this.group = group;
  }

  /** Why a message sent now from `from` to `dest` will be lost, or DropReason.None. Draws from the generator only under a loss rate > 0. */
  fate(from: number, dest: number): DropReason {
    if (this.partitioned && this.group[from] !== this.group[dest]) return DropReason.Partition;
    const p = this.linkDrop.size > 0 ? (this.linkDrop.get(this.linkKey(from, dest)) ?? this.settings.dropRate) : this.settings.dropRate;
    return p > 0 && this.rng.next() < p ? DropReason.Loss : DropReason.None;
  }

  /** Whether a partition (begun while the message was in flight) now cuts `src` off from `dest`. */
  cut(src: number, dest: number): boolean {
    return this.partitioned && this.group[src] !== this.group[dest];
  }

  /** One-way latency in integer ms, drawn from the configured distribution with mean latencyMs. */
  latency(): number {
    const mean = this.settings.latencyMs;
    switch (this.settings.latencyDist) {
      case "constant":
        return mean;
      case "uniform":
        return Math.floor(this.rng.next() * (2 * mean + 1));
      case "exponential":
        return Math.round(-mean * Math.log(1 - this.rng.next()));
    }
  }

  setLinkDropRate(a: number, b: number, dropRate: number | null): void {
    if (dropRate === null) this.linkDrop.delete(this.linkKey(a, b));
    else this.linkDrop.set(this.linkKey(a, b), dropRate);
  }

  /** `groups[g]` are the nodes of group g + 1; nodes in none are group 0. */
  partition(groups: readonly (readonly number[])[]): void {
    this.group.fill(0);
    groups.forEach((members, g) => {
      for (const i of members) this.group[i] = g + 1;
    });
    this.partitioned = true;
  }

  heal(): void {
    this.group.fill(0);
    this.partitioned = false;
  }

  private linkKey(a: number, b: number): number {
    return Math.min(a, b) * this.n + Math.max(a, b);
  }

  /** A copy reading `settings` (the copied engine's config). */
  copy(settings: NetworkSettings): Network {
    const copy = new Network(this.n, new Rng(this.rng.state), settings, new Map(this.linkDrop), this.group.slice());
    copy.partitioned = this.partitioned;
    return copy;
  }
}
