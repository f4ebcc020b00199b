/**
 * The page's URL is the run. Run parameters parse through PARAMS (src/sim/config.ts), so `?drop=0.2`
 * means exactly what `bin/gossip-sim --drop 0.2` means; `demo` and `speed` are the page's own. A bad
 * or unknown parameter never stops the page: it is named in a notice and its default is used.
 *
 * A saved run adds `v=1` (the link format), `script` (its commands, src/sim/script.ts
 * encodeCommands), `t` (the moment shown, ms), `end` (the furthest moment reached, when later) and
 * `paused=1`. Hand-written links need none of these.
 */
import { DEFAULT_CONFIG, PARAM_BY_KEY, PARAM_BY_NAME, PARAMS, clip, configProblems, pageParam, setParam, type SimConfig } from "../sim/config";
import { PAGE_BOUNDS, costProblem, scriptCostProblem } from "../sim/cost";
import { SCRIPT_VERSION, decodeCommands, encodeCommands, MAX_SCRIPT_MS, type ScriptCommand } from "../sim/script";
import { MAX_SPEED, MIN_SPEED } from "../worker/messages";

/** Longer links than this are refused by many servers and chat tools: the page offers a file instead. */
export const MAX_LINK_LENGTH = 8000;

/** A run a link carries: its commands, and the moment to show. */
export interface SavedRun {
  commands: ScriptCommand[];
  atMs: number;
  endMs: number;
  paused: boolean;
}

/** The link parameters of a saved run, besides the config's. */
const SAVED_PARAMS = ["v", "script", "t", "end", "paused"] as const;
/** A challenge's question is at most this long. */
export const MAX_QUESTION_CHARS = 500;

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
  /** The saved run the link carries, or null for a hand-written link. */
  saved: SavedRun | null;
  /** A challenge's question (the link opens in predict mode at its moment), or null. */
  challenge: string | null;
  /** A lesson step the link opens (`?lesson=ID&step=N`, N from 1), or null. */
  lesson: { id: string; step: number } | null;
  /** A comparison's changed settings, as written in the link (`compare=gossip=push-pull`), or null. */
  compare: string | null;
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
function applyParam(run: Omit<RunUrl, "notices" | "saved" | "challenge" | "lesson" | "compare">, name: string, text: string): string | null {
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
  const savedParams = new Map<string, string>();
  let challenge: string | null = null;
  let lesson: { id: string; step: number } | null = null;
  let lessonStep = 1;
  let compare: string | null = null;
  for (const [name, text] of new URLSearchParams(search)) {
    if (name === "compare") {
      compare = text.slice(0, 200);
      continue;
    }
    if (name === "lesson") {
      lesson = { id: text.trim().slice(0, 40), step: 1 };
      continue;
    }
    if (name === "step") {
      const ok = /^\d{1,2}$/.test(text.trim()) && Number(text) >= 1;
      lessonStep = ok ? Number(text) : 1;
      if (!ok) rejected.push({ name, notice: `URL parameter step="${clip(text)}" must be a step number from 1; showing step 1.` });
      continue;
    }
    if (name === "challenge") {
      challenge = text.trim().slice(0, MAX_QUESTION_CHARS) || null;
      continue;
    }
    if ((SAVED_PARAMS as readonly string[]).includes(name)) {
      savedParams.set(name, text);
      continue;
    }
    const notice = applyParam(run, name, text);
    if (notice !== null) rejected.push({ name, notice });
  }
  const resolved = resolveConfig(run.config);
  const notices = [...paramNotices(rejected), ...resolved.notices];
  const saved = parseSaved(savedParams, resolved.config);
  if ("error" in saved) notices.push(`This link's run could not be read (${saved.error}); starting a new run instead.`);
  let value = "error" in saved ? null : saved.value;
  let config = resolved.config;
  // What the run would cost, asked before anything is built: over the page's bounds, the link's
  // settings (or its run) are not opened, and the notice says which figure passes which limit.
  const settingsCost = costProblem(config, PAGE_BOUNDS, "the page");
  if (settingsCost !== null) {
    notices.push(`This link's settings are not opened: ${settingsCost}. Run them headless with bin/gossip-sim; here are the default settings.`);
    config = { ...DEFAULT_CONFIG };
    value = null;
  } else if (value !== null) {
    const runCost = scriptCostProblem(config, value.commands, PAGE_BOUNDS, "the page", Math.max(value.atMs, value.endMs));
    if (runCost !== null) {
      notices.push(`This link's run is not opened: ${runCost}. Here are its settings without its commands.`);
      value = null;
    }
  }
  if (challenge !== null && value === null) notices.push("This challenge link carries no run; it opens as a plain run.");
  if (lesson) lesson.step = lessonStep;
  return { ...run, config, saved: value, challenge: value === null ? null : challenge, lesson, compare, notices };
}

/** The saved run of a link (null when it has none), or what is wrong with it. */
function parseSaved(params: ReadonlyMap<string, string>, config: SimConfig): { value: SavedRun | null } | { error: string } {
  const script = params.get("script");
  if (script === undefined) return { value: null };
  const version = params.get("v") ?? String(SCRIPT_VERSION);
  if (version !== String(SCRIPT_VERSION)) return { error: `it is of link format v=${clip(version)}; this page reads v=${SCRIPT_VERSION}` };
  const commands = decodeCommands(script, config);
  if ("error" in commands) return { error: `script: ${clip(commands.error, 120)}` };
  const time = (name: string, fallback: number): number | null => {
    const text = params.get(name);
    if (text === undefined) return fallback;
    return /^\d{1,9}$/.test(text) && Number(text) <= MAX_SCRIPT_MS ? Number(text) : null;
  };
  const last = commands.value.at(-1)?.t ?? 0;
  const atMs = time("t", last);
  const endMs = time("end", Math.max(last, atMs ?? 0));
  if (atMs === null) return { error: `t="${clip(params.get("t") ?? "")}" must be a whole number of ms` };
  if (endMs === null) return { error: `end="${clip(params.get("end") ?? "")}" must be a whole number of ms` };
  const paused = params.get("paused");
  return { value: { commands: commands.value, atMs, endMs: Math.max(endMs, atMs, last), paused: paused === "1" || paused === "true" } };
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

/**
 * The query string for a run: the run parameters that matter, the page's own when not default, and
 * the saved run when there is one (then `demo` is moot: the script says what was injected).
 */
export function runSearch(config: SimConfig, speed: number, demo: boolean, saved: SavedRun | null = null, challenge: string | null = null, compare: string | null = null): string {
  const params = new URLSearchParams();
  for (const spec of PARAMS) {
    const value = config[spec.key];
    if (ALWAYS_WRITTEN.includes(spec.key) || value !== spec.default) {
      params.set(spec.name, spec.format(value));
    }
  }
  if (speed !== DEFAULT_SPEED) params.set("speed", String(speed));
  if (saved) {
    params.set("v", String(SCRIPT_VERSION));
    params.set("script", encodeCommands(saved.commands));
    params.set("t", String(saved.atMs));
    if (saved.endMs > saved.atMs) params.set("end", String(saved.endMs));
    if (saved.paused) params.set("paused", "1");
  } else if (!demo) params.set("demo", "0");
  if (saved && challenge) params.set("challenge", challenge.slice(0, MAX_QUESTION_CHARS));
  if (compare) params.set("compare", compare);
  // The script's separators need no escaping in a query: keep the link short and readable.
  return `?${params.toString().replaceAll("%7E", "~").replaceAll("%2C", ",").replaceAll("%3A", ":")}`;
}
