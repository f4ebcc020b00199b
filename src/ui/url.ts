/**
 * The page's URL is the run. Run parameters parse through PARAMS (src/sim/config.ts), so `?drop=0.2`
 * means exactly what `bin/gossip-sim --drop 0.2` means; `demo` and `speed` are the page's own. A bad
 * or unknown parameter never stops the page: it is named in a notice and its default is used.
 */
import { DEFAULT_CONFIG, PARAM_BY_KEY, PARAM_BY_NAME, PARAMS, clip, configProblems, pageParam, setParam, type SimConfig } from "../sim/config";
import { MAX_SPEED, MIN_SPEED } from "../worker/messages";

/** Speed choices, model ms per wall ms. Slow motion by default, so a message's flight is visible. */
export const SPEEDS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20].filter((s) => s >= MIN_SPEED && s <= MAX_SPEED);
export const DEFAULT_SPEED = 0.25;

/**
 * Bad parameters named one notice each, up to this many; more make one notice that counts them, so
 * a link with thousands of bad parameters cannot bury the page in banners.
 */
export const MAX_NAMED_PARAMS = 5;

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
  /** One sentence per problem, naming the parameter; bounded in number and length. */
  notices: string[];
}

function parseDemo(text: string): boolean | null {
  const t = text.trim();
  if (t === "1" || t === "on" || t === "true") return true;
  if (t === "0" || t === "off" || t === "false") return false;
  return null;
}

/** Applies one URL parameter to `run`; returns the notice when it was not used as written. */
function applyParam(run: Omit<RunUrl, "notices">, name: string, text: string): string | null {
  const quoted = `"${clip(text)}"`;
  if (name === "demo") {
    const on = parseDemo(text);
    if (on === null) return `URL parameter demo=${quoted} must be 0 or 1; using 1.`;
    run.demo = on;
    return null;
  }
  if (name === "speed") {
    const s = Number(text);
    if (text.trim() === "" || !SPEEDS.includes(s)) return `URL parameter speed=${quoted} must be one of ${SPEEDS.join(", ")}; using ${DEFAULT_SPEED}.`;
    run.speed = s;
    return null;
  }
  const spec = PARAM_BY_NAME.get(name);
  if (!spec) return `Unknown URL parameter "${clip(name)}" was ignored.`;
  const page = pageParam(spec);
  const parsed = page.parse(text);
  if ("value" in parsed) {
    setParam(run.config, spec, parsed.value);
    return null;
  }
  const using = `using ${spec.format(spec.default)}`;
  if (spec.kind === "int" && spec.pageMax !== undefined && /^\s*\d+\s*$/.test(text) && Number(text) > spec.pageMax) {
    return `URL parameter ${name}=${quoted}: the page shows at most ${spec.pageMax} ${name} (bin/gossip-sim runs more); ${using}.`;
  }
  return `URL parameter ${name}=${quoted} ${parsed.error}; ${using}.`;
}

export function parseRunUrl(search: string): RunUrl {
  const run = { config: { ...DEFAULT_CONFIG }, speed: DEFAULT_SPEED, demo: true };
  const rejected: { name: string; notice: string }[] = [];
  for (const [name, text] of new URLSearchParams(search)) {
    const notice = applyParam(run, name, text);
    if (notice !== null) rejected.push({ name, notice });
  }
  const resolved = resolveConfig(run.config);
  return { ...run, config: resolved.config, notices: [...paramNotices(rejected), ...resolved.notices] };
}

/** One notice per rejected parameter, or past MAX_NAMED_PARAMS one that names the first few. */
function paramNotices(rejected: readonly { name: string; notice: string }[]): string[] {
  if (rejected.length <= MAX_NAMED_PARAMS) return rejected.map((r) => r.notice);
  const named = rejected.slice(0, MAX_NAMED_PARAMS).map((r) => `"${clip(r.name)}"`);
  return [`${rejected.length} URL parameters were unknown or bad and were ignored: ${named.join(", ")} and ${rejected.length - MAX_NAMED_PARAMS} more.`];
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
    const spec = PARAM_BY_KEY[key];
    setParam(config, spec, spec.default);
    reset.push(`${spec.name} ${spec.format(spec.default)}`);
  }
  return { config, notices: say(reset.join(", ")) };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The query string for a run: the run parameters that matter, plus the page's own when not default. */
export function runSearch(config: SimConfig, speed: number, demo: boolean): string {
  const params = new URLSearchParams();
  for (const spec of PARAMS) {
    const value = config[spec.key];
    if (ALWAYS_WRITTEN.includes(spec.key) || value !== spec.default) {
      params.set(spec.name, spec.format(value));
    }
  }
  if (speed !== DEFAULT_SPEED) params.set("speed", String(speed));
  if (!demo) params.set("demo", "0");
  return `?${params.toString()}`;
}
