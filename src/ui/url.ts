/**
 * The page's URL is the run. Run parameters parse through PARAMS (src/sim/config.ts), so `?drop=0.2`
 * means exactly what `bin/gossip-sim --drop 0.2` means; `demo` and `speed` are the page's own. A bad
 * or unknown parameter never stops the page: it is named in a notice and its default is used.
 */
import { DEFAULT_CONFIG, PARAM_BY_NAME, PARAMS, configProblems, type SimConfig } from "../sim/config";
import { MAX_SPEED, MIN_SPEED } from "../worker/messages";

/** The page draws every node, so it stops well below the engine's limit. */
export const UI_MAX_NODES = 5000;
/** Speed choices, model ms per wall ms. Slow motion by default, so a message's flight is visible. */
export const SPEEDS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20].filter((s) => s >= MIN_SPEED && s <= MAX_SPEED);
export const DEFAULT_SPEED = 0.25;

/** Parameters the URL always carries, so a copied link keeps its meaning if defaults ever change. */
const ALWAYS_WRITTEN: readonly (keyof SimConfig)[] = [
  "nodes",
  "topology",
  "degree",
  "fanout",
  "dropRate",
  "latencyMs",
  "gossipIntervalMs",
  "gossip",
  "forward",
  "seed",
];

export interface RunUrl {
  config: SimConfig;
  speed: number;
  /** On load, inject value 1 at a seeded node and play (`demo=0` turns it off). */
  demo: boolean;
  /** One sentence per problem, naming the parameter. */
  notices: string[];
}

function parseDemo(text: string): boolean | null {
  const t = text.trim();
  if (t === "1" || t === "on" || t === "true") return true;
  if (t === "0" || t === "off" || t === "false") return false;
  return null;
}

export function parseRunUrl(search: string): RunUrl {
  const params = new URLSearchParams(search);
  const config: SimConfig = { ...DEFAULT_CONFIG };
  const overrides = config as unknown as Record<keyof SimConfig, unknown>;
  const notices: string[] = [];
  let speed = DEFAULT_SPEED;
  let demo = true;
  for (const [name, text] of params) {
    if (name === "demo") {
      const on = parseDemo(text);
      if (on === null) notices.push(`URL parameter demo="${text}" must be 0 or 1; using 1.`);
      else demo = on;
      continue;
    }
    if (name === "speed") {
      const s = Number(text);
      if (text.trim() !== "" && SPEEDS.includes(s)) speed = s;
      else notices.push(`URL parameter speed="${text}" must be one of ${SPEEDS.join(", ")}; using ${DEFAULT_SPEED}.`);
      continue;
    }
    const spec = PARAM_BY_NAME.get(name);
    if (!spec) {
      notices.push(`Unknown URL parameter "${name}" was ignored.`);
      continue;
    }
    const parsed = spec.parse(text);
    const fallback = spec.format(DEFAULT_CONFIG[spec.key] as never);
    if ("error" in parsed) {
      notices.push(`URL parameter ${name}="${text}" ${parsed.error}; using ${fallback}.`);
    } else if (spec.key === "nodes" && (parsed.value as number) > UI_MAX_NODES) {
      notices.push(`URL parameter nodes="${text}": the page shows at most ${UI_MAX_NODES} nodes (bin/gossip-sim runs more); using ${fallback}.`);
    } else {
      overrides[spec.key] = parsed.value;
    }
  }
  const resolved = resolveConfig(config);
  return { config: resolved.config, speed, demo, notices: [...notices, ...resolved.notices] };
}

/** Parameters returned to their defaults, in this order, when no degree makes the run fit together. */
const FALLBACK_ORDER: readonly (keyof SimConfig)[] = ["topology", "nodes"];

/**
 * Fixes a config that configProblems() rejects and says how. First the largest degree not above the
 * asked one that fits (so Nodes 3 on a random 4-regular graph becomes a 2-regular one, not 16 nodes);
 * failing that, parameters go back to their defaults. Never fails: the defaults fit together.
 */
export function resolveConfig(candidate: SimConfig): { config: SimConfig; notices: string[] } {
  const problems = configProblems(candidate);
  if (problems.length === 0) return { config: candidate, notices: [] };
  const say = (fix: string) => problems.map((p) => `${capitalize(p)}; using ${fix}.`);
  for (let degree = Math.min(candidate.degree, candidate.nodes - 1); degree >= 1; degree--) {
    const config = { ...candidate, degree };
    if (configProblems(config).length === 0) return { config, notices: say(`degree ${degree}`) };
  }
  const config: SimConfig = { ...candidate, degree: DEFAULT_CONFIG.degree };
  const reset: string[] = [`degree ${DEFAULT_CONFIG.degree}`];
  for (const key of FALLBACK_ORDER) {
    if (configProblems(config).length === 0) break;
    (config as unknown as Record<string, unknown>)[key] = DEFAULT_CONFIG[key];
    reset.push(`${paramName(key)} ${String(DEFAULT_CONFIG[key])}`);
  }
  return { config, notices: say(reset.join(", ")) };
}

function paramName(key: keyof SimConfig): string {
  return PARAMS.find((p) => p.key === key)?.name ?? key;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The query string for a run: the run parameters that matter, plus the page's own when not default. */
export function runSearch(config: SimConfig, speed: number, demo: boolean): string {
  const params = new URLSearchParams();
  for (const spec of PARAMS) {
    const value = config[spec.key];
    if (ALWAYS_WRITTEN.includes(spec.key) || value !== DEFAULT_CONFIG[spec.key]) {
      params.set(spec.name, spec.format(value as never));
    }
  }
  if (speed !== DEFAULT_SPEED) params.set("speed", String(speed));
  if (!demo) params.set("demo", "0");
  return `?${params.toString()}`;
}
