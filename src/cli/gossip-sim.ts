/**
 * bin/gossip-sim: the engine, headless, for experiments. A thin wrapper over src/sim/run.ts.
 * Every bad flag or value, and any work too big to bound, ends with one line naming it on stderr and
 * exit status 2.
 */
import { DEFAULT_CONFIG, MAX_NODES, PARAMS, PARAM_BY_NAME, clip, configProblems, describeValues, setParam, type SimConfig } from "../sim/config";
import { readFileSync, statSync } from "node:fs";
import { runScript, runTrial, summarize, type Summary, type TrialResult, type TrialSpec } from "../sim/run";
import { lastCommandMs, scriptFromFile, type RunScript } from "../sim/script";

// Work refused up front, rather than run for days or until memory runs out.
/** Runs in all: --trials, times the --sweep values. */
const MAX_RUNS = 100_000;
/** --max-rounds, and the gossip rounds a --time-limit spans. */
const MAX_ROUNDS = 100_000;
/** Client operations of a workload: --rate x --time-limit. */
const MAX_CLIENT_OPS = 1_000_000;
/** Nodes x values of a run: every node keeps every value, so this is its memory. */
const MAX_NODE_VALUES = 100_000_000;
const MAX_SWEEP_VALUES = 1000;
/** Largest run file --run reads, bytes. */
const MAX_RUN_FILE_BYTES = 50_000_000;

class UsageError extends Error {}

interface Options {
  config: SimConfig;
  spec: TrialSpec;
  trials: number;
  sweep: { param: string; values: string[] } | null;
  /** --run FILE: a saved run to replay instead of trials. */
  runFile: string | null;
  output: "table" | "json" | "csv";
}

const CLI_FLAGS = ["broadcasts", "rate", "time-limit", "trials", "max-rounds", "sweep", "run", "json", "csv", "help"] as const;

function usage(): string {
  const rows = PARAMS.map((p) => `  --${p.name.padEnd(14)} ${p.describe}: ${describeValues(p)} (default ${p.format(p.default)})`);
  return [
    "usage: gossip-sim [flags]",
    "Runs the gossip engine headless and prints what each run took to converge.",
    "",
    ...rows,
    "  --broadcasts B   values injected at time 0 at distinct random nodes (default 1)",
    "  --rate R         Maelstrom-style workload: client ops per second (half broadcasts, half reads)",
    `  --time-limit S   workload length in seconds (with --rate; at most ${MAX_CLIENT_OPS} ops in all)`,
    `  --trials T       runs with seeds S..S+T-1 (default 1, at most ${MAX_RUNS})`,
    `  --max-rounds R   rounds to wait for convergence after the last injection (default 100, at most ${MAX_ROUNDS})`,
    `  --sweep P=V1,V2  repeat the trials for each value of flag P (at most ${MAX_SWEEP_VALUES} values)`,
    "  --run FILE       replay a run the page exported (Export run) to the moment it was saved at,",
    "                   and report it as a trial, with its values as the page's table shows them",
    "  --json | --csv   machine-readable output (default: a table)",
  ].join("\n");
}

/** Quotes untrusted text in a message, cut short when long. */
const quote = (text: string): string => `"${clip(text)}"`;

function parseCount(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${flag} must be a whole number >= ${min}, got ${quote(text)}`);
  if (Number(text) > max) throw new UsageError(`--${flag} ${clip(text)} is over the limit of ${max}`);
  return Number(text);
}

function parsePositive(flag: string, text: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x) || x <= 0) throw new UsageError(`--${flag} must be a number > 0, got ${quote(text)}`);
  return x;
}

function setFlag(config: SimConfig, name: string, text: string): void {
  const p = PARAM_BY_NAME.get(name);
  if (!p) throw new UsageError(`unknown flag --${clip(name)}`);
  const parsed = p.parse(text);
  if ("error" in parsed) throw new UsageError(`--${name} ${parsed.error}, got ${quote(text)}`);
  setParam(config, p, parsed.value);
}

/** Refuses a run that cannot start, or whose work or memory the limits above do not bound. */
function checkRun(config: SimConfig, spec: TrialSpec): void {
  if (spec.rate === undefined && spec.broadcasts > config.nodes) throw new UsageError(`--broadcasts ${spec.broadcasts} needs at least as many nodes, got --nodes ${config.nodes}`);
  const problems = configProblems(config);
  if (problems.length > 0) throw new UsageError(problems[0]!);
  let values = spec.broadcasts;
  let valuesText = `--broadcasts ${spec.broadcasts}`;
  if (spec.rate !== undefined && spec.timeLimitS !== undefined) {
    const ops = spec.rate * spec.timeLimitS;
    if (ops > MAX_CLIENT_OPS) throw new UsageError(`--rate ${spec.rate} x --time-limit ${spec.timeLimitS} is ${ops} client ops, over the limit of ${MAX_CLIENT_OPS}`);
    const rounds = Math.ceil((spec.timeLimitS * 1000) / config.gossipIntervalMs);
    if (rounds > MAX_ROUNDS) {
      throw new UsageError(`--time-limit ${spec.timeLimitS} spans ${rounds} gossip rounds of --interval ${config.gossipIntervalMs}, over the limit of ${MAX_ROUNDS}`);
    }
    values = Math.ceil(ops / 2);
    valuesText = `${values} broadcasts (half of --rate x --time-limit)`;
  }
  if (config.nodes * values > MAX_NODE_VALUES) {
    throw new UsageError(`--nodes ${config.nodes} x ${valuesText} is ${config.nodes * values} values held, over the limit of ${MAX_NODE_VALUES}`);
  }
}

export function parseArgs(argv: readonly string[]): Options | "help" {
  const config: SimConfig = { ...DEFAULT_CONFIG };
  const spec: TrialSpec = { broadcasts: 1, maxRounds: 100 };
  const opts: Options = { config, spec, trials: 1, sweep: null, runFile: null, output: "table" };
  /** Flags given besides --run, --max-rounds and the output's: --run takes its run from the file. */
  const runFlags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument ${quote(arg)}`);
    const name = m[1]!;
    if (name === "help") return "help";
    if (name === "json" || name === "csv") {
      if (m[2] !== undefined) throw new UsageError(`--${name} takes no value`);
      opts.output = name;
      continue;
    }
    if (!(CLI_FLAGS as readonly string[]).includes(name) && !PARAM_BY_NAME.has(name)) throw new UsageError(`unknown flag --${clip(name)}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name !== "run" && name !== "max-rounds") runFlags.push(name);
    switch (name) {
      case "run":
        opts.runFile = value;
        break;
      case "broadcasts":
        spec.broadcasts = parseCount(name, value, 1, MAX_NODES); // one value per node at most
        break;
      case "rate":
        spec.rate = parsePositive(name, value);
        break;
      case "time-limit":
        spec.timeLimitS = parsePositive(name, value);
        break;
      case "trials":
        opts.trials = parseCount(name, value, 1, MAX_RUNS);
        break;
      case "max-rounds":
        spec.maxRounds = parseCount(name, value, 1, MAX_ROUNDS);
        break;
      case "sweep": {
        const s = /^([a-z-]+)=(.+)$/.exec(value);
        if (!s || !PARAM_BY_NAME.has(s[1]!) || s[1] === "seed") throw new UsageError(`--sweep needs PARAM=V1,V2,... with PARAM a run flag other than seed, got ${quote(value)}`);
        const values = s[2]!.split(",");
        if (values.length > MAX_SWEEP_VALUES) throw new UsageError(`--sweep has ${values.length} values, over the limit of ${MAX_SWEEP_VALUES}`);
        for (const v of values) setFlag({ ...config }, s[1]!, v); // check every value now
        opts.sweep = { param: s[1]!, values };
        break;
      }
      default:
        setFlag(config, name, value);
    }
  }
  if (opts.runFile !== null) {
    if (runFlags.length > 0) throw new UsageError(`--run takes the run from its file: --${runFlags[0]} does not go with it`);
    return opts;
  }
  if ((spec.rate === undefined) !== (spec.timeLimitS === undefined)) throw new UsageError("--rate and --time-limit go together");
  const sweepConfigs = opts.sweep ? opts.sweep.values.map((v) => withParam(config, opts.sweep!.param, v)) : [config];
  const runs = opts.trials * sweepConfigs.length;
  if (runs > MAX_RUNS) throw new UsageError(`--trials ${opts.trials} x ${sweepConfigs.length} --sweep values is ${runs} runs, over the limit of ${MAX_RUNS}`);
  for (const c of sweepConfigs) checkRun(c, spec);
  return opts;
}

/** Reads and checks a run file, and refuses one whose work the limits above do not bound. */
function readRunFile(path: string): { script: RunScript; endMs: number | null } {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_RUN_FILE_BYTES) throw new UsageError(`the file is ${size} bytes, over the limit of ${MAX_RUN_FILE_BYTES}`);
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const read = scriptFromFile(text);
  if ("error" in read) throw new UsageError(read.error);
  const { script, endMs } = read.value;
  const injects = script.commands.filter((c) => c.type === "inject").length;
  if (script.config.nodes * injects > MAX_NODE_VALUES) throw new UsageError(`${script.config.nodes} nodes x ${injects} broadcasts is over the limit of ${MAX_NODE_VALUES} values held`);
  const intervals = [script.config.gossipIntervalMs, ...script.commands.flatMap((c) => (c.type === "configure" && c.gossipIntervalMs !== undefined ? [c.gossipIntervalMs] : []))];
  const rounds = Math.ceil((endMs ?? lastCommandMs(script)) / Math.min(...intervals));
  if (rounds > MAX_ROUNDS) throw new UsageError(`it runs to ${endMs} ms, up to ${rounds} gossip rounds, over the limit of ${MAX_ROUNDS}`);
  return { script, endMs };
}

function withParam(config: SimConfig, name: string, value: string): SimConfig {
  const c = { ...config };
  setFlag(c, name, value);
  return c;
}

function trials(config: SimConfig, spec: TrialSpec, count: number): TrialResult[] {
  const runs: TrialResult[] = [];
  for (let t = 0; t < count; t++) runs.push(runTrial({ ...config, seed: (config.seed + t) >>> 0 }, spec));
  return runs;
}

/** A config as the flags name it. */
function paramsJson(c: SimConfig): Record<string, unknown> {
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

const fmt = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? "-" : Number.isInteger(x) ? String(x) : x.toFixed(digits));

function table(runs: readonly TrialResult[], summary: Summary, label = ""): string {
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

const CSV_HEAD = "seed,converged,rounds,time_ms,messages,dropped,msgs_per_op,latency_0,latency_0.5,latency_0.95,latency_0.99,latency_1";
function csvRow(r: TrialResult): string {
  const l = r.stable_latency_ms;
  return [r.seed, r.converged, r.rounds ?? "", r.time_ms ?? "", r.messages.total, r.messages.dropped, r.msgs_per_op, l?.["0"] ?? "", l?.["0.5"] ?? "", l?.["0.95"] ?? "", l?.["0.99"] ?? "", l?.["1"] ?? ""].join(",");
}

export function main(argv: readonly string[], write: (s: string) => void): number {
  let opts: Options | "help";
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`gossip-sim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === "help") {
    write(usage() + "\n");
    return 0;
  }
  const { config, spec, sweep, output } = opts;
  if (opts.runFile !== null) {
    let saved: { script: RunScript; endMs: number | null };
    let ran: ReturnType<typeof runScript>;
    try {
      saved = readRunFile(opts.runFile);
      ran = runScript(saved.script, saved.endMs, spec.maxRounds);
    } catch (e) {
      // A command the engine refuses where it stands (a restart of a live node) is a RangeError.
      if (!(e instanceof UsageError || e instanceof RangeError)) throw e;
      process.stderr.write(`gossip-sim: --run ${clip(opts.runFile)}: ${e.message}\n`);
      return 2;
    }
    const { result, values } = ran;
    const summary = summarize([result]);
    const about = { ...paramsJson(saved.script.config), run: opts.runFile, commands: saved.script.commands.length, end_ms: saved.endMs };
    if (output === "json") write(JSON.stringify({ config: about, runs: [result], summary, values }) + "\n");
    else if (output === "csv") write([CSV_HEAD, csvRow(result)].join("\n") + "\n");
    else write(table([result], summary) + "\n");
    return 0;
  }
  if (!sweep) {
    const runs = trials(config, spec, opts.trials);
    const summary = summarize(runs);
    if (output === "json") write(JSON.stringify({ config: configJson(config, spec, opts.trials), runs, summary }) + "\n");
    else if (output === "csv") write([CSV_HEAD, ...runs.map(csvRow)].join("\n") + "\n");
    else write(table(runs, summary) + "\n");
    return 0;
  }
  const results = sweep.values.map((value) => {
    const c = withParam(config, sweep.param, value);
    const runs = trials(c, spec, opts.trials);
    return { value: c[PARAM_BY_NAME.get(sweep.param)!.key], runs, summary: summarize(runs) };
  });
  if (output === "json") write(JSON.stringify({ config: configJson(config, spec, opts.trials), sweep: sweep.param, results }) + "\n");
  else if (output === "csv") write([`${sweep.param},${CSV_HEAD}`, ...results.flatMap((r) => r.runs.map((run) => `${String(r.value)},${csvRow(run)}`))].join("\n") + "\n");
  else write(results.map((r) => table(r.runs, r.summary, `--${sweep.param} ${String(r.value)}`)).join("\n\n") + "\n");
  return 0;
}

process.exitCode = main(process.argv.slice(2), (s) => process.stdout.write(s));
