/**
 * An experiment as `bin/gossip-sim` flags: parsing (`parseArgs`), its limits, its help text, and the
 * way back to flags (`experimentFlags`). The CLI and the page's Experiments panel both read flags
 * here, so the same text is the same experiment in either place and is refused with the same line.
 * No engine here: the page checks the flags on the main thread and runs them in a worker.
 */
import { CLI_BOUNDS, costProblem } from "./cost";
import { DEFAULT_CONFIG, MAX_NODES, PARAMS, PARAM_BY_NAME, clip, configProblems, describeValues, setParam, type ParamValue, type SimConfig } from "./config";
import type { TrialSpec } from "./run";

// Work refused up front, rather than run for days or until memory runs out.
/** Runs in all: --trials, times the product of the --sweep sizes. */
export const MAX_RUNS = 100_000;
/** --max-rounds, and the gossip rounds a --time-limit spans. */
export const MAX_ROUNDS = 100_000;
/** Client operations of a workload: --rate x --time-limit. */
const MAX_CLIENT_OPS = 1_000_000;
/** Nodes x values of a run: every node keeps every value, so this is its memory. */
export const MAX_NODE_VALUES = 100_000_000;
const MAX_SWEEP_VALUES = 1000;
/** --sweep flags at most: two make a grid (the tuning lesson's heatmap); three would be a cube nobody reads. */
export const MAX_SWEEPS = 2;

/** A bad flag or value: its message is the one line gossip-sim prints after "gossip-sim: ". */
export class UsageError extends Error {}

/** One --sweep: a run flag (not seed) and its values as given, each already checked. */
export interface Sweep {
  param: string;
  values: string[];
}

export interface Experiment {
  config: SimConfig;
  spec: TrialSpec;
  trials: number;
  /** Zero, one or two; with two, the runs cover their product, the first sweep outermost. */
  sweeps: Sweep[];
  /** --run FILE: a saved run to replay instead of trials (the CLI only). */
  runFile: string | null;
  output: "table" | "json" | "csv";
}

const CLI_FLAGS = ["broadcasts", "rate", "time-limit", "trials", "max-rounds", "sweep", "run", "json", "csv", "help"] as const;
const DEFAULT_TRIAL_SPEC: Readonly<TrialSpec> = { broadcasts: 1, maxRounds: 100 };

export function usage(): string {
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
    `  --sweep P=V1,V2  repeat the trials for each value of flag P (at most ${MAX_SWEEP_VALUES} values);`,
    "                   a second --sweep runs every pair of values (their product)",
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

/** `config` with run flag `name` set from `text` (a value parseArgs has checked). */
export function withParam(config: SimConfig, name: string, text: string): SimConfig {
  const c = { ...config };
  setFlag(c, name, text);
  return c;
}

/** The value a sweep's text stands for, as the config holds it (e.g. "on" is true). */
export function sweepValue(sweep: Sweep, text: string): ParamValue {
  const p = PARAM_BY_NAME.get(sweep.param)!;
  return withParam(DEFAULT_CONFIG, sweep.param, text)[p.key];
}

/** Refuses a run that cannot start, or whose work or memory the limits above do not bound. */
function checkRun(config: SimConfig, spec: TrialSpec): void {
  if (spec.rate === undefined && spec.broadcasts > config.nodes) throw new UsageError(`--broadcasts ${spec.broadcasts} needs at least as many nodes, got --nodes ${config.nodes}`);
  const problems = configProblems(config);
  if (problems.length > 0) throw new UsageError(problems[0]!);
  const cost = costProblem(config, CLI_BOUNDS, "gossip-sim");
  if (cost !== null) throw new UsageError(cost);
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

function parseSweep(value: string, config: SimConfig, sweeps: readonly Sweep[]): Sweep {
  const s = /^([a-z-]+)=(.+)$/.exec(value);
  if (!s || !PARAM_BY_NAME.has(s[1]!) || s[1] === "seed") throw new UsageError(`--sweep needs PARAM=V1,V2,... with PARAM a run flag other than seed, got ${quote(value)}`);
  const param = s[1]!;
  if (sweeps.some((w) => w.param === param)) throw new UsageError(`--sweep ${param} is given twice: sweep a parameter once, with all its values`);
  if (sweeps.length >= MAX_SWEEPS) throw new UsageError(`--sweep is given more than ${MAX_SWEEPS} times: sweep at most ${MAX_SWEEPS} parameters`);
  const values = s[2]!.split(",");
  if (values.length > MAX_SWEEP_VALUES) throw new UsageError(`--sweep has ${values.length} values, over the limit of ${MAX_SWEEP_VALUES}`);
  for (const v of values) setFlag({ ...config }, param, v); // check every value now
  return { param, values };
}

/** Every combination of the sweeps' values, the first sweep outermost; [[]] without a sweep. */
export function sweepPoints(sweeps: readonly Sweep[]): string[][] {
  let points: string[][] = [[]];
  for (const s of sweeps) points = points.flatMap((p) => s.values.map((v) => [...p, v]));
  return points;
}

/** The configuration of one point of the sweeps. */
export function pointConfig(config: SimConfig, sweeps: readonly Sweep[], point: readonly string[]): SimConfig {
  return sweeps.reduce((c, s, i) => withParam(c, s.param, point[i]!), config);
}

export function parseArgs(argv: readonly string[]): Experiment | "help" {
  const config: SimConfig = { ...DEFAULT_CONFIG };
  const spec: TrialSpec = { ...DEFAULT_TRIAL_SPEC };
  const opts: Experiment = { config, spec, trials: 1, sweeps: [], runFile: null, output: "table" };
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
      case "sweep":
        opts.sweeps.push(parseSweep(value, config, opts.sweeps));
        break;
      default:
        setFlag(config, name, value);
    }
  }
  if (opts.runFile !== null) {
    if (runFlags.length > 0) throw new UsageError(`--run takes the run from its file: --${runFlags[0]} does not go with it`);
    return opts;
  }
  if ((spec.rate === undefined) !== (spec.timeLimitS === undefined)) throw new UsageError("--rate and --time-limit go together");
  const sizes = opts.sweeps.map((s) => s.values.length);
  const runs = sizes.reduce((a, b) => a * b, opts.trials);
  if (runs > MAX_RUNS) throw new UsageError(`--trials ${opts.trials} x ${sizes.join(" x ")} --sweep values is ${runs} runs, over the limit of ${MAX_RUNS}`);
  for (const point of sweepPoints(opts.sweeps)) checkRun(pointConfig(config, opts.sweeps, point), spec);
  return opts;
}

/**
 * The flags that parseArgs reads back as `e` (its output flag aside): the run flags that differ from
 * the defaults, the workload, the sweeps, then --trials and --seed always, so the text names what an
 * experiment is repeated over.
 */
export function experimentFlags(e: Experiment): string {
  const flags: string[] = [];
  for (const p of PARAMS) {
    if (p.key !== "seed" && e.config[p.key] !== DEFAULT_CONFIG[p.key]) flags.push(`--${p.name}`, p.format(e.config[p.key]));
  }
  if (e.spec.rate !== undefined) flags.push("--rate", String(e.spec.rate), "--time-limit", String(e.spec.timeLimitS));
  else if (e.spec.broadcasts !== DEFAULT_TRIAL_SPEC.broadcasts) flags.push("--broadcasts", String(e.spec.broadcasts));
  if (e.spec.maxRounds !== DEFAULT_TRIAL_SPEC.maxRounds) flags.push("--max-rounds", String(e.spec.maxRounds));
  for (const s of e.sweeps) flags.push("--sweep", `${s.param}=${s.values.join(",")}`);
  flags.push("--trials", String(e.trials), "--seed", String(e.config.seed));
  return flags.join(" ");
}

/** The words of a flags text, as a shell would split it without quotes. */
export function splitFlags(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== "");
}

/**
 * The page's reading of an Experiment field: gossip-sim's, and the same line for a bad flag. The page
 * offers both downloads, so --json and --csv change nothing there; --help and --run (a file on disk)
 * are the command line's alone.
 */
export function parseExperimentText(text: string): { experiment: Experiment } | { error: string } {
  try {
    const e = parseArgs(splitFlags(text));
    if (e === "help") return { error: "--help is gossip-sim's: here the fields name every flag" };
    if (e.runFile !== null) return { error: "--run reads a file: replay it with gossip-sim, or open it with Import run" };
    return { experiment: e };
  } catch (error) {
    if (error instanceof UsageError) return { error: error.message };
    throw error;
  }
}
