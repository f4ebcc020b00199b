/**
 * A run's configuration, and the one table of its parameters. The `bin/gossip-sim` flags and the
 * page's URL parameters both parse through `PARAMS`, so `--drop 0.2` and `?drop=0.2` cannot mean
 * different things.
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
export const TOPOLOGY_ALIASES: Readonly<Record<string, TopologyName>> = { total: "complete" };

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

export const MAX_NODES = 1_000_000;

/** A parsed parameter: its value, or why the text is not one (e.g. "must be a number from 0 to 1"). */
export type Parsed<T> = { value: T } | { error: string };

type ParamSpec<K extends keyof SimConfig> = {
  key: K;
  /** Flag name (`--drop`) and URL parameter name (`?drop=`). */
  name: string;
  describe: string;
  parse(text: string): Parsed<SimConfig[K]>;
  format(value: SimConfig[K]): string;
};

function integer(min: number, max: number) {
  return (text: string): Parsed<number> => {
    const n = Number(text);
    return /^-?\d+$/.test(text.trim()) && n >= min && n <= max ? { value: n } : { error: `must be a whole number from ${min} to ${max}` };
  };
}

function fraction(text: string): Parsed<number> {
  const n = Number(text.trim());
  return text.trim() !== "" && Number.isFinite(n) && n >= 0 && n <= 1 ? { value: n } : { error: "must be a number from 0 to 1" };
}

function oneOf<T extends string>(choices: readonly T[], aliases: Readonly<Record<string, T>> = {}) {
  return (text: string): Parsed<T> => {
    const t = text.trim();
    const found = (choices as readonly string[]).includes(t) ? (t as T) : aliases[t];
    return found !== undefined ? { value: found } : { error: `must be one of ${choices.join(", ")}` };
  };
}

function onOff(text: string): Parsed<boolean> {
  const t = text.trim();
  if (t === "on" || t === "true" || t === "1") return { value: true };
  if (t === "off" || t === "false" || t === "0") return { value: false };
  return { error: "must be on or off" };
}

const str = (v: string | number) => String(v);

export const PARAMS: readonly ParamSpec<keyof SimConfig>[] = [
  { key: "nodes", name: "nodes", describe: "number of nodes", parse: integer(1, MAX_NODES), format: str },
  { key: "topology", name: "topology", describe: TOPOLOGIES.join("|"), parse: oneOf(TOPOLOGIES, TOPOLOGY_ALIASES), format: str },
  { key: "degree", name: "degree", describe: "degree of random and small-world", parse: integer(1, 1000), format: str },
  { key: "rewire", name: "rewire", describe: "small-world rewiring probability", parse: fraction, format: str },
  { key: "fanout", name: "fanout", describe: "peers per gossip round", parse: integer(0, 1000), format: str },
  { key: "dropRate", name: "drop", describe: "message loss probability, 0 to 1", parse: fraction, format: str },
  { key: "latencyMs", name: "latency", describe: "mean latency in ms", parse: integer(0, 600_000), format: str },
  { key: "latencyDist", name: "latency-dist", describe: LATENCY_DISTS.join("|"), parse: oneOf(LATENCY_DISTS), format: str },
  { key: "gossipIntervalMs", name: "interval", describe: "gossip interval in ms", parse: integer(1, 3_600_000), format: str },
  { key: "jitterMs", name: "jitter", describe: "gossip timer jitter in ms (0: aligned rounds)", parse: integer(0, 3_600_000), format: str },
  { key: "gossip", name: "gossip", describe: GOSSIP_MODES.join("|"), parse: oneOf(GOSSIP_MODES), format: str },
  { key: "forward", name: "forward", describe: "on|off: forward client broadcasts", parse: onOff, format: (v) => (v ? "on" : "off") },
  { key: "seed", name: "seed", describe: "seed of the run", parse: integer(0, 4294967295), format: str },
] as ParamSpec<keyof SimConfig>[];

export const PARAM_BY_NAME: ReadonlyMap<string, ParamSpec<keyof SimConfig>> = new Map(PARAMS.map((p) => [p.name, p]));

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
  if (c.topology === "complete" && c.nodes > 5000) {
    problems.push(`a complete topology is limited to 5000 nodes (it has n(n-1)/2 edges)`);
  }
  return problems;
}
