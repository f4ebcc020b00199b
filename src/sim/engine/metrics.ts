/**
 * RunMetrics from a run's counters and coverage: the one definition the engine and the headless run
 * (./headless.ts) both report through, so that their figures cannot drift apart.
 */
import type { RunMetrics, StableLatency } from "../engine-api";
import { MESSAGE_TYPES } from "../journal";
import type { Counters } from "./counters";
import type { Coverage } from "./coverage";

/** Nearest-rank quantile of an ascending array. */
function quantile(sorted: readonly number[], q: number): number {
  if (q <= 0) return sorted[0]!;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function stableLatency(latencies: number[]): StableLatency | null {
  if (latencies.length === 0) return null;
  const s = [...latencies].sort((a, b) => a - b);
  return { "0": quantile(s, 0), "0.5": quantile(s, 0.5), "0.95": quantile(s, 0.95), "0.99": quantile(s, 0.99), "1": quantile(s, 1) };
}

/** Where a run stands: model time, rounds fired and live nodes. */
export interface RunClock {
  nowMs: number;
  round: number;
  liveCount: number;
}

export function runMetrics(clock: RunClock, c: Counters, coverage: Coverage): RunMetrics {
  const messagesByType: Record<string, number> = {};
  for (let t = 0; t < MESSAGE_TYPES.length; t++) if (c.sentByType[t]! > 0) messagesByType[MESSAGE_TYPES[t]!] = c.sentByType[t]!;
  const values = coverage.snapshot();
  const latencies: number[] = [];
  for (const v of values) if (v.fullAtMs !== null) latencies.push(v.fullAtMs - v.injectedAtMs);
  const [, loss, partition, crashed, dropped] = c.droppedByReason as [number, number, number, number, number];
  return {
    nowMs: clock.nowMs,
    round: clock.round,
    liveNodes: clock.liveCount,
    messagesByType,
    serverMessages: c.serverMessages,
    clientMessages: c.clientMessages,
    delivered: c.delivered,
    dropped: c.dropped,
    inFlight: c.serverMessages - c.delivered - c.dropped,
    droppedByReason: { loss, partition, crashed, dropped },
    clientOps: c.clientOps,
    msgsPerOp: c.clientOps === 0 ? 0 : c.serverMessages / c.clientOps,
    redundantDeliveries: c.redundant,
    payloadValues: c.payloadValues,
    payloadBytes: c.payloadBytes,
    wireBytes: c.measuresWire ? c.wireBytes : null,
    stableLatencyMs: stableLatency(latencies),
    values,
  };
}
