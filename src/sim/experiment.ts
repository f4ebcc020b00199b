/**
 * Runs an experiment (see ./experiment-args.ts) and writes what `bin/gossip-sim` prints for it: a
 * table, JSON or CSV. The CLI and the page's experiment worker both call these, so the same flags give
 * the same figures and the page's Download CSV is the CLI's --csv, byte for byte.
 */
import { PARAM_BY_NAME, PARAMS, type ParamValue, type SimConfig } from "./config";
import { pointConfig, sweepPoints, type Experiment } from "./experiment-args";
import { runTrialMeasured, summarize, type Summary, type TrialResult, type TrialSpec } from "./run";

/** The trials of one point of the sweeps (the only point without a sweep). */
export interface PointResult {
  /** The swept parameters' values as the config holds them, one per sweep. */
  values: ParamValue[];
  runs: TrialResult[];
  summary: Summary;
  /** Mean bytes of the values carried between nodes, per trial (payload, not the messages' JSON). */
  payloadBytes: number;
}

/**
 * Told after each finished trial: `done` of `total` runs. Returning false stops the experiment
 * there (the page's Cancel); runExperiment then returns null.
 */
/**
 * Progress: `done` of `total` runs have ended; inside a run, called after each of its gossip rounds
 * with the rounds it has run (`rounds`, at most the spec's maxRounds), so a long run is heard from.
 */
export type OnTrial = (done: number, total: number, rounds?: number) => boolean | void;

/** Runs every trial of every point, in the order the outputs list them. Null when `onTrial` stopped it. */
export function runExperiment(e: Experiment, onTrial?: OnTrial): PointResult[] | null {
  const points = sweepPoints(e.sweeps);
  const total = points.length * e.trials;
  let done = 0;
  const results: PointResult[] = [];
  for (const point of points) {
    const config = pointConfig(e.config, e.sweeps, point);
    const runs: TrialResult[] = [];
    let bytes = 0;
    for (let t = 0; t < e.trials; t++) {
      const { result, payloadBytes } = runTrialMeasured({ ...config, seed: (config.seed + t) >>> 0 }, e.spec, (rounds) => onTrial?.(done, total, rounds));
      runs.push(result);
      bytes += payloadBytes;
      done++;
      if (onTrial?.(done, total) === false) return null;
    }
    results.push({ values: e.sweeps.map((s) => config[PARAM_BY_NAME.get(s.param)!.key]), runs, summary: summarize(runs), payloadBytes: bytes / e.trials });
  }
  return results;
}

/** A config as the flags name it. */
export function paramsJson(c: SimConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of PARAMS) out[p.name] = c[p.key];
  return out;
}

/** The trials' configuration as the flags name it. */
function configJson(c: SimConfig, spec: TrialSpec, trialsCount: number): Record<string, unknown> {
  const out = paramsJson(c);
  if (spec.rate !== undefined) {
    out.rate = spec.rate;
    out["time-limit"] = spec.timeLimitS;
  } else out.broadcasts = spec.broadcasts;
  out.trials = trialsCount;
  out["max-rounds"] = spec.maxRounds;
  return out;
}

/**
 * The --json object. Without a sweep: `runs` and `summary`. One sweep: `sweep` names it and each
 * result has its `value`. Two: `sweep` lists both and each result has `values` by parameter name.
 */
export function experimentJson(e: Experiment, results: readonly PointResult[]): Record<string, unknown> {
  const config = configJson(e.config, e.spec, e.trials);
  if (e.sweeps.length === 0) return { config, runs: results[0]!.runs, summary: results[0]!.summary };
  if (e.sweeps.length === 1) return { config, sweep: e.sweeps[0]!.param, results: results.map((r) => ({ value: r.values[0], runs: r.runs, summary: r.summary })) };
  return {
    config,
    sweep: e.sweeps.map((s) => s.param),
    results: results.map((r) => ({ values: Object.fromEntries(e.sweeps.map((s, i) => [s.param, r.values[i]])), runs: r.runs, summary: r.summary })),
  };
}

export const CSV_HEAD = "seed,converged,rounds,time_ms,messages,dropped,msgs_per_op,latency_0,latency_0.5,latency_0.95,latency_0.99,latency_1";

export function csvRow(r: TrialResult): string {
  const l = r.stable_latency_ms;
  return [r.seed, r.converged, r.rounds ?? "", r.time_ms ?? "", r.messages.total, r.messages.dropped, r.msgs_per_op, l?.["0"] ?? "", l?.["0.5"] ?? "", l?.["0.95"] ?? "", l?.["0.99"] ?? "", l?.["1"] ?? ""].join(",");
}

/** The --csv text: a row per trial, led by a column per swept parameter. Ends with a newline. */
export function experimentCsv(e: Experiment, results: readonly PointResult[]): string {
  const head = [...e.sweeps.map((s) => s.param), CSV_HEAD].join(",");
  const rows = results.flatMap((r) => r.runs.map((run) => [...r.values.map(String), csvRow(run)].join(",")));
  return [head, ...rows].join("\n") + "\n";
}

const fmt = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? "-" : Number.isInteger(x) ? String(x) : x.toFixed(digits));

/** The trials as the default output shows them: a row per trial and a summary line, after `label`. */
export function trialsTable(runs: readonly TrialResult[], summary: Summary, label = ""): string {
  const head = ["seed", "converged", "rounds", "time_ms", "messages", "dropped", "msgs/op", "lat p50", "lat p99"];
  const rows = runs.map((r) => [
    String(r.seed),
    r.converged ? "yes" : "no",
    fmt(r.rounds),
    fmt(r.time_ms),
    String(r.messages.total),
    String(r.messages.dropped),
    fmt(r.msgs_per_op),
    fmt(r.stable_latency_ms?.["0.5"]),
    fmt(r.stable_latency_ms?.["0.99"]),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  const s = summary.rounds;
  return [
    ...(label ? [label] : []),
    line(head),
    ...rows.map(line),
    `converged ${fmt(summary.converged * 100, 1)}% of ${runs.length}; rounds mean ${fmt(s?.mean)} p50 ${fmt(s?.p50)} p95 ${fmt(s?.p95)} min ${fmt(s?.min)} max ${fmt(s?.max)}`,
  ].join("\n");
}

/** The default output: one block per point, labelled with its flags ("--fanout 2 --drop 0.1"). */
export function experimentTable(e: Experiment, results: readonly PointResult[]): string {
  return results.map((r) => trialsTable(r.runs, r.summary, r.values.map((v, i) => `--${e.sweeps[i]!.param} ${String(v)}`).join(" "))).join("\n\n") + "\n";
}

/** What the output flag asks for, as gossip-sim prints it. */
export function experimentOutput(e: Experiment, results: readonly PointResult[]): string {
  if (e.output === "json") return JSON.stringify(experimentJson(e, results)) + "\n";
  if (e.output === "csv") return experimentCsv(e, results);
  return experimentTable(e, results);
}

/** A point in brief: the page's results table and chart. */
export interface SummaryRow {
  values: ParamValue[];
  trials: number;
  /** Share of trials that converged, 0 to 1. */
  converged: number;
  /** Over converged trials; null when none converged. */
  meanRounds: number | null;
  p95Rounds: number | null;
  /** Mean over trials of Maelstrom's msgs-per-op. */
  msgsPerOp: number;
  payloadBytes: number;
}

export function summaryRows(results: readonly PointResult[]): SummaryRow[] {
  return results.map((r) => ({
    values: r.values,
    trials: r.runs.length,
    converged: r.summary.converged,
    meanRounds: r.summary.rounds?.mean ?? null,
    p95Rounds: r.summary.rounds?.p95 ?? null,
    msgsPerOp: r.runs.reduce((a, run) => a + run.msgs_per_op, 0) / Math.max(1, r.runs.length),
    payloadBytes: r.payloadBytes,
  }));
}
