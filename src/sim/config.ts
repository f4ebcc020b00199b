/**
 * A run's configuration, and the one table of its parameters. The `bin/gossip-sim` flags, the page's
 * URL parameters, its form and imported run files all read `PARAMS` (bounds, labels, units, which
 * changes are live), so `--drop 0.2` and `?drop=0.2` cannot mean different things.
 */

export const TOPOLOGIES = [
  "complete",
  "line",
  "ring",
  "grid",
  "tree2",
  "tree3",
  "tree4",
  "star",
  "random",
  "small-world",
] as const;
export type TopologyName = (typeof TOPOLOGIES)[number];
/** Accepted spellings that name another topology. */
export const TOPOLOGY_ALIASES: ReadonlyMap<string, TopologyName> = new Map([["total", "complete"]]);

export const GOSSIP_MODES = ["push", "push-pull", "digest", "off"] as const;
export type GossipMode = (typeof GOSSIP_MODES)[number];

export const LATENCY_DISTS = ["constant", "uniform", "exponential"] as const;
export type LatencyDist = (typeof LATENCY_DISTS)[number];

export interface SimConfig {
  nodes: number;
  topology: TopologyName;
  /** Degree of `random` (d-regular) and of the `small-world` ring lattice. */
  degree: number;
  /** Watts-Strogatz rewiring probability for `small-world`. */
  rewire: number;
  fanout: number;
  /** Probability that a message between two nodes is lost, in [0, 1]. */
  dropRate: number;
  /** Mean one-way latency between nodes, integer ms. */
  latencyMs: number;
  latencyDist: LatencyDist;
  /** Period of the gossip timer, integer ms > 0. Rounds fire at k * gossipIntervalMs, k >= 1. */
  gossipIntervalMs: number;
  /** 0: rounds aligned. Otherwise each node's timer is offset by a fixed draw in [0, jitterMs). */
  jitterMs: number;
  gossip: GossipMode;
  /** Forward a new client broadcast to the push targets (flooding). */
  forward: boolean;
  seed: number;
}

/**
 * Defaults of both the page and bin/gossip-sim: a run where gossip visibly does the work. Forwarding
 * is off (with it on, flooding reaches everyone before the first round and there is nothing to see),
 * and one message in ten is lost, because surviving loss is the point of gossip.
 */
export const DEFAULT_CONFIG: Readonly<SimConfig> = Object.freeze({
  nodes: 16,
  topology: "random",
  degree: 4,
  rewire: 0.2,
  fanout: 2,
  dropRate: 0.1,
  latencyMs: 100,
  latencyDist: "constant",
  gossipIntervalMs: 500,
  jitterMs: 0,
  gossip: "push",
  forward: false,
  seed: 1,
});

/** The engine's and bin/gossip-sim's limit. */
export const MAX_NODES = 1_000_000;
/** The page draws every node, so it stops well below the engine's limit. */
export const PAGE_MAX_NODES = 20_000;
/** A complete graph has n(n-1)/2 edges: 5000 nodes already make 12.5 million. */
export const MAX_COMPLETE_NODES = 5000;

/** A parsed parameter: its value, or why the text is not one (e.g. "must be a number from 0 to 1"). */
export type Parsed<T> = { value: T } | { error: string };

type KeysWith<T> = { [K in keyof SimConfig]: SimConfig[K] extends T ? K : never }[keyof SimConfig];
export type NumberKey = KeysWith<number>;
export type ChoiceKey = KeysWith<string>;
export type OnOffKey = KeysWith<boolean>;
export type ParamValue = number | string | boolean;

interface ParamCommon<T extends ParamValue> {
  /** The SimConfig field. */
  key: keyof SimConfig;
  /** Flag name (`--drop`) and URL parameter name (`?drop=`). */
  name: string;
  /** The form's label ("Drop rate"), which is its control's accessible name. */
  label: string;
  /** What it is, for `gossip-sim --help`; the accepted values are added from the bounds or choices. */
  describe: string;
  /** true: a change applies to the running run; false: a change builds a new network, so a new run. */
  live: boolean;
  default: T;
  /** Reads flag or URL text: trimmed, and a choice also takes its aliases. */
  parse(text: string): Parsed<T>;
  /** Checks a value from untrusted JSON: exact type and bounds, no aliases. */
  check(value: unknown): Parsed<T>;
  /** The text parse() reads back as the same value (the row's own values; any value for convenience). */
  format(value: ParamValue): string;
}

/** kind "int": a whole number in [min, max]; kind "fraction": any number in [0, 1]. */
export interface NumberParam extends ParamCommon<number> {
  key: NumberKey;
  kind: "int" | "fraction";
  min: number;
  max: number;
  /** Shown after the number, e.g. "ms". */
  unit?: string;
  /** The page's lower maximum, when it has one (it draws every node). See pageParam(). */
  pageMax?: number;
}

export interface ChoiceParam<T extends string = string> extends ParamCommon<T> {
  key: ChoiceKey;
  kind: "choice";
  choices: readonly T[];
  /** Other accepted spellings, in flags and URLs only. */
  aliases: ReadonlyMap<string, T>;
}

export interface OnOffParam extends ParamCommon<boolean> {
  key: OnOffKey;
  kind: "onoff";
}

/** One row of the table: a SimConfig field as every edge (flags, URL, form, run files) reads it. */
export type ParamSpec = NumberParam | ChoiceParam | OnOffParam;

/** What a row states; the rest (kind, default, parse, check, format) follows from it. */
type Row<P extends ParamSpec> = Omit<P, "kind" | "default" | "parse" | "check" | "format">;

/** A row keeps its literal key, so PARAM_BY_KEY can be checked to file each row under its own field. */
type Keyed<P extends object, K extends keyof SimConfig> = P & { key: K };

function int<K extends NumberKey>(row: Keyed<Row<NumberParam>, K>): Keyed<NumberParam, K> {
  const { min, max } = row;
  const fits = (n: number) => Number.isInteger(n) && n >= min && n <= max;
  const error = `must be a whole number from ${min} to ${max}`;
  return {
    ...row,
    kind: "int",
    default: DEFAULT_CONFIG[row.key],
    parse: (text) => (/^\s*-?\d+\s*$/.test(text) && fits(Number(text)) ? { value: Number(text) } : { error }),
    check: (value) => (typeof value === "number" && fits(value) ? { value } : { error }),
    format: String,
  };
}

/** A decimal number as people write one: "0.25", ".5", "1", "1e-3" (no hex, binary, octal, Infinity or separators). */
const DECIMAL = /^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function fraction<K extends NumberKey>(row: Keyed<Omit<Row<NumberParam>, "min" | "max">, K>): Keyed<NumberParam, K> {
  const fits = (n: number) => n >= 0 && n <= 1;
  const error = "must be a number from 0 to 1";
  return {
    ...row,
    kind: "fraction",
    min: 0,
    max: 1,
    default: DEFAULT_CONFIG[row.key],
    // Decimal only: Number() would also read "0x1", "0b1" and "1_0" differently from what a person means.
    parse: (text) => (DECIMAL.test(text) && fits(Number(text)) ? { value: Number(text) } : { error }),
    check: (value) => (typeof value === "number" && fits(value) ? { value } : { error }),
    format: String,
  };
}

/**
 * A choice among names. Membership goes through includes() and a Map, never `object[text]`, so a
 * name every object has (`constructor`, `__proto__`, `toString`) is unknown like any other.
 */
function oneOf<T extends string, K extends ChoiceKey>(
  row: Keyed<Omit<Row<ChoiceParam<T>>, "aliases"> & { aliases?: ReadonlyMap<string, T> }, K>,
): Keyed<ChoiceParam<T>, K> {
  const known = (text: unknown): text is T => (row.choices as readonly unknown[]).includes(text);
  const aliases = row.aliases ?? new Map<string, T>();
  const error = `must be one of ${row.choices.join(", ")}`;
  return {
    ...row,
    kind: "choice",
    aliases,
    default: DEFAULT_CONFIG[row.key] as string as T,
    parse(text) {
      const t = text.trim();
      const value = known(t) ? t : aliases.get(t);
      return value !== undefined ? { value } : { error };
    },
    check: (value) => (known(value) ? { value } : { error }),
    format: String,
  };
}

function onOff<K extends OnOffKey>(row: Keyed<Row<OnOffParam>, K>): Keyed<OnOffParam, K> {
  const error = "must be on or off";
  return {
    ...row,
    kind: "onoff",
    default: DEFAULT_CONFIG[row.key],
    parse(text) {
      const t = text.trim();
      if (t === "on" || t === "true" || t === "1") return { value: true };
      if (t === "off" || t === "false" || t === "0") return { value: false };
      return { error };
    },
    check: (value) => (typeof value === "boolean" ? { value } : { error }),
    format: (value) => (value ? "on" : "off"),
  };
}

/**
 * The table, by SimConfig field, in the order of the help text and the URL. Bounds are the engine's
 * and hold for flags, URLs, the form and run files alike; only the page's node count is lower.
 */
export const PARAM_BY_KEY = {
  nodes: int({ key: "nodes", name: "nodes", label: "Nodes", describe: "number of nodes", live: false, min: 1, max: MAX_NODES, pageMax: PAGE_MAX_NODES }),
  topology: oneOf({ key: "topology", name: "topology", label: "Topology", describe: "graph of the nodes", live: false, choices: TOPOLOGIES, aliases: TOPOLOGY_ALIASES }),
  degree: int({ key: "degree", name: "degree", label: "Degree", describe: "degree of random and small-world", live: false, min: 1, max: 1000 }),
  rewire: fraction({ key: "rewire", name: "rewire", label: "Rewiring", describe: "small-world rewiring probability", live: false }),
  fanout: int({ key: "fanout", name: "fanout", label: "Fanout", describe: "peers per gossip round", live: true, min: 0, max: 1000 }),
  dropRate: fraction({ key: "dropRate", name: "drop", label: "Drop rate", describe: "message loss probability", live: true }),
  latencyMs: int({ key: "latencyMs", name: "latency", label: "Latency", describe: "mean one-way latency", live: true, min: 0, max: 600_000, unit: "ms" }),
  latencyDist: oneOf({ key: "latencyDist", name: "latency-dist", label: "Latency distribution", describe: "latency distribution", live: false, choices: LATENCY_DISTS }),
  gossipIntervalMs: int({ key: "gossipIntervalMs", name: "interval", label: "Gossip interval", describe: "gossip interval", live: true, min: 1, max: 3_600_000, unit: "ms" }),
  jitterMs: int({ key: "jitterMs", name: "jitter", label: "Timer jitter", describe: "gossip timer jitter (0: aligned rounds)", live: false, min: 0, max: 3_600_000, unit: "ms" }),
  gossip: oneOf({ key: "gossip", name: "gossip", label: "Strategy", describe: "gossip strategy", live: true, choices: GOSSIP_MODES }),
  forward: onOff({ key: "forward", name: "forward", label: "Forward on broadcast", describe: "forward client broadcasts", live: true }),
  seed: int({ key: "seed", name: "seed", label: "Seed", describe: "seed of the run", live: false, min: 0, max: 0xffff_ffff }),
} as const satisfies { readonly [K in keyof SimConfig]: ParamSpec & { key: K } };

export const PARAMS: readonly ParamSpec[] = Object.values(PARAM_BY_KEY);

export const PARAM_BY_NAME: ReadonlyMap<string, ParamSpec> = new Map(PARAMS.map((p) => [p.name, p]));

/** The row as the page reads it: the same, with `pageMax` as its maximum when it has one. */
export function pageParam<P extends ParamSpec>(spec: P): P {
  if (spec.kind !== "int" || spec.pageMax === undefined) return spec;
  return int({ ...spec, max: spec.pageMax }) as P;
}

/** The accepted values, for help texts: "0 to 1000 ms", "push|pull", "on|off". */
export function describeValues(spec: ParamSpec): string {
  if (spec.kind === "choice") return spec.choices.join("|");
  if (spec.kind === "onoff") return "on|off";
  return `${spec.min} to ${spec.max}${spec.unit ? ` ${spec.unit}` : ""}`;
}

/** Sets one field; the value must come from that row's parse() or check(). */
export function setParam(config: SimConfig, spec: ParamSpec, value: ParamValue): void {
  (config as unknown as Record<string, ParamValue>)[spec.key] = value;
}

/** At most `max` characters of untrusted text, for quoting it in a message; "…" marks a cut. */
export function clip(text: string, max = 40): string {
  if (text.length <= max) return text;
  // Never cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** A JSON value as a message quotes it: short, and never the whole of a big one. */
function showJson(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(clip(value));
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/**
 * Reads a whole SimConfig from untrusted JSON (an imported run file): every field present with its
 * exact type within the table's bounds (the page's, with `limits` "page"), no other key, and the
 * fields fitting together (configProblems). The error names the field ("fanout must be ...") and says
 * nothing of where the object came from; the caller adds that ("config: ").
 */
export function parseConfigObject(obj: unknown, limits: "engine" | "page" = "engine"): { config: SimConfig } | { error: string } {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return { error: "must be an object with the SimConfig fields" };
  const unknownKey = Object.keys(obj).find((k) => !Object.hasOwn(PARAM_BY_KEY, k));
  if (unknownKey !== undefined) return { error: `unknown field "${clip(unknownKey)}"` };
  const config = { ...DEFAULT_CONFIG };
  for (const row of PARAMS) {
    const spec = limits === "page" ? pageParam(row) : row;
    if (!Object.hasOwn(obj, spec.key)) return { error: `${spec.key} is missing` };
    const value: unknown = (obj as Record<string, unknown>)[spec.key];
    const checked = spec.check(value);
    if ("error" in checked) return { error: `${spec.key} ${checked.error}, got ${showJson(value)}` };
    setParam(config, spec, checked.value);
  }
  const problems = configProblems(config);
  return problems.length > 0 ? { error: problems.join("; ") } : { config };
}

/**
 * Checks relations between parameters that a single value cannot (e.g. `random` needs
 * nodes * degree even). Returns one message per problem, naming the parameter; [] when valid.
 */
export function configProblems(c: SimConfig): string[] {
  const problems: string[] = [];
  if (c.topology === "random") {
    if (c.degree >= c.nodes && c.nodes > 1) problems.push(`degree ${c.degree} must be less than nodes (${c.nodes}) for a random topology`);
    else if ((c.nodes * c.degree) % 2 !== 0) problems.push(`nodes x degree must be even for a random ${c.degree}-regular topology`);
  }
  if (c.topology === "small-world" && c.nodes > 2 && c.degree >= c.nodes) {
    problems.push(`degree ${c.degree} must be less than nodes (${c.nodes}) for a small-world topology`);
  }
  if (c.topology === "complete" && c.nodes > MAX_COMPLETE_NODES) {
    problems.push(`a complete topology is limited to ${MAX_COMPLETE_NODES} nodes (it has n(n-1)/2 edges)`);
  }
  return problems;
}
