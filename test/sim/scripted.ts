/**
 * A run that uses every command kind (loss, exponential latency, jitter, push-pull, crash, restart,
 * partition, heal, link loss, live reconfiguration, a read, a message dropped by hand), shared by
 * the determinism tests in Node and in Chromium: both must produce the same journal, byte for byte,
 * whether the script is replayed in one go or driven as the page drives it.
 */
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { batchToJsonLines } from "../../src/sim/journal";
import type { RunScript } from "../../src/sim/script";
import { Timeline, replay } from "../../src/sim/timeline";

export const END_MS = 8000;

export const EVERY_COMMAND: RunScript = {
  config: { ...DEFAULT_CONFIG, nodes: 12, topology: "ring", latencyMs: 100, gossipIntervalMs: 500, forward: true, seed: 11, dropRate: 0.2, latencyDist: "exponential", gossip: "push-pull", jitterMs: 70 },
  commands: [
    { t: 0, type: "inject", node: 3 },
    { t: 740, type: "inject", node: 8, value: { b: [1, "x"], a: null } },
    { t: 900, type: "read", node: 2 },
    { t: 1210, type: "crash", node: 5 },
    { t: 1400, type: "setLinkDropRate", a: 0, b: 1, dropRate: 1 },
    { t: 1600, type: "setDropRate", dropRate: 0.5 },
    { t: 2100, type: "partition", groups: [[0, 1, 2, 3], [4, 5, 6]] },
    { t: 2540, type: "dropMessage", sendSeq: 522 },
    { t: 2900, type: "restart", node: 5 },
    { t: 3300, type: "heal" },
    { t: 3500, type: "configure", fanout: 3, gossip: "digest" },
    { t: 3800, type: "setLinkDropRate", a: 0, b: 1, dropRate: null },
    { t: 4000, type: "setLatency", latencyMs: 40, latencyDist: "uniform" },
    { t: 5000, type: "configure", gossipIntervalMs: 300, forward: false },
    { t: 5000, type: "inject", node: 0 },
  ],
};

/** The script's whole journal, replayed in one go, as JSON lines. */
export function replayJournal(): string[] {
  return batchToJsonLines(replay(EVERY_COMMAND, END_MS, { journalCapacity: 1 << 20 }).readJournal(0));
}

/**
 * The same run driven as the page drives it: advanced in slices of `sliceMs`, each command applied
 * when its time comes, and on the way a seek back to half the time and forward again.
 */
export function liveJournal(sliceMs: number): string[] {
  const timeline = new Timeline({ config: EVERY_COMMAND.config, commands: [] }, { journalCapacity: 1 << 20, maxCheckpoints: 4 });
  const advance = (to: number) => {
    while (timeline.nowMs < to) timeline.advanceTo(Math.min(to, timeline.nowMs + sliceMs));
  };
  for (const { t, ...command } of EVERY_COMMAND.commands) {
    advance(t);
    timeline.seek(Math.floor(t / 2));
    advance(t);
    timeline.act(command);
  }
  advance(END_MS);
  return batchToJsonLines(timeline.journal.readSince(0));
}
