/**
 * A run is a value: a RunScript, the configuration with its seed and the timed commands applied to
 * it. The engine is built from it, the page and the worker append to it, the URL and an exported
 * file hold it, and `bin/gossip-sim --run` runs it. Replaying a script to time t gives exactly the
 * journal the live run had at t (see applyAt for the one rule both follow).
 *
 * Pure data and codecs (the page imports this file; replay() is in ./timeline.ts, with the engine).
 *
 * Two forms outside the program, both versioned:
 * - a file (JSON): `{ "format": "gossipscope-run", "version": 1, "config": {...}, "commands": [...],
 *   "endMs": ... }`, commands as `{ "t": 1200, "type": "crash", "node": "n10" }` with node names;
 * - a URL parameter: the commands in a compact grammar (encodeCommands), the config as the plain
 *   parameters `nodes`, `drop`, ... that hand-written links use too.
 */
import { clip, GOSSIP_MODES, LATENCY_DISTS, parseConfigObject, type SimConfig } from "./config";
import type { Command, Engine } from "./engine-api";
import { isJsonValue } from "./values";

/** A command and the model time (integer ms) it is applied at. */
export type ScriptCommand = Command & { t: number };

export interface RunScript {
  config: SimConfig;
  /** In the order they were applied: times never decrease. */
  commands: ScriptCommand[];
}

export const SCRIPT_FORMAT = "gossipscope-run";
export const SCRIPT_VERSION = 1;
/** Commands a script may hold: far more than a person clicks, few enough to replay at once. */
export const MAX_SCRIPT_COMMANDS = 20_000;
/** Latest command time, ms (a hundred hours of model time). */
export const MAX_SCRIPT_MS = 360_000_000;

/**
 * The one rule of a run: a command at time t is applied once every event due at or before t has
 * run. The live page and every replay apply commands through this function, so however the live
 * run was sliced, a replay reaches the same state.
 */
export function applyAt(engine: Engine, command: ScriptCommand): void {
  if (command.t < engine.nowMs) throw new RangeError(`command at ${command.t} ms is before the run's time (${engine.nowMs} ms)`);
  engine.advanceTo(command.t);
  const { t: _t, ...bare } = command;
  engine.apply(bare as Command);
}

/** The latest command time, or 0. */
export function lastCommandMs(script: RunScript): number {
  return script.commands.length === 0 ? 0 : script.commands[script.commands.length - 1]!.t;
}

// ---- validation -------------------------------------------------------------------------------

type Problem = { error: string };
type Checked<T> = { value: T } | Problem;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isIndex = (v: unknown, n: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
const isFraction = (v: unknown): v is number => typeof v === "number" && v >= 0 && v <= 1;
const isWhole = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const has = (o: object, key: string) => Object.hasOwn(o, key);

/** Fields each command type may carry, besides `t` and `type`. */
const FIELDS: Readonly<Record<Command["type"], readonly string[]>> = {
  inject: ["node", "value", "client"],
  read: ["node", "client"],
  setDropRate: ["dropRate"],
  setLinkDropRate: ["a", "b", "dropRate"],
  setLatency: ["latencyMs", "latencyDist"],
  configure: ["fanout", "gossip", "forward", "gossipIntervalMs"],
  crash: ["node"],
  restart: ["node"],
  partition: ["groups"],
  heal: [],
  dropMessage: ["sendSeq"],
};

/**
 * Checks one command's shape and ranges for a run of `n` nodes (with node indices). Whether it makes
 * sense where it stands (crashing a crashed node) is the engine's to say when it is replayed.
 */
export function checkCommand(raw: unknown, n: number): Checked<Command> {
  if (!isRecord(raw)) return { error: "a command must be an object" };
  const type = raw.type;
  if (typeof type !== "string" || !has(FIELDS, type)) return { error: `unknown command type ${quote(type)}` };
  const fields = FIELDS[type as Command["type"]];
  for (const key of Object.keys(raw)) {
    if (key !== "type" && key !== "t" && !fields.includes(key)) return { error: `${type} has no field ${quote(key)}` };
  }
  const bad = (field: string, what: string): Problem => ({ error: `${type} ${field} must be ${what}` });
  const node = (field: string) => (isIndex(raw[field], n) ? null : bad(field, `a node of the run (n1 to n${n})`));
  const client = () => (raw.client === undefined || (typeof raw.client === "string" && /^c\d{1,6}$/.test(raw.client)) ? null : bad("client", 'a client name like "c1"'));
  switch (type) {
    case "inject":
      if (raw.value !== undefined && !isJsonValue(raw.value)) return bad("value", "a JSON value");
      return node("node") ?? client() ?? { value: raw as Command };
    case "read":
      return node("node") ?? client() ?? { value: raw as Command };
    case "crash":
    case "restart":
      return node("node") ?? { value: raw as Command };
    case "setDropRate":
      return isFraction(raw.dropRate) ? { value: raw as Command } : bad("dropRate", "a number from 0 to 1");
    case "setLinkDropRate":
      return node("a") ?? node("b") ?? (raw.dropRate === null || isFraction(raw.dropRate) ? { value: raw as Command } : bad("dropRate", "a number from 0 to 1, or null"));
    case "setLatency":
      if (!isWhole(raw.latencyMs, 0, 600_000)) return bad("latencyMs", "a whole number of ms from 0 to 600000");
      if (raw.latencyDist !== undefined && !(LATENCY_DISTS as readonly unknown[]).includes(raw.latencyDist)) return bad("latencyDist", `one of ${LATENCY_DISTS.join(", ")}`);
      return { value: raw as Command };
    case "configure":
      if (raw.fanout !== undefined && !isWhole(raw.fanout, 0, 1000)) return bad("fanout", "a whole number from 0 to 1000");
      if (raw.gossip !== undefined && !(GOSSIP_MODES as readonly unknown[]).includes(raw.gossip)) return bad("gossip", `one of ${GOSSIP_MODES.join(", ")}`);
      if (raw.forward !== undefined && typeof raw.forward !== "boolean") return bad("forward", "true or false");
      if (raw.gossipIntervalMs !== undefined && !isWhole(raw.gossipIntervalMs, 1, 3_600_000)) return bad("gossipIntervalMs", "a whole number of ms from 1 to 3600000");
      return { value: raw as Command };
    case "partition": {
      const groups = raw.groups;
      if (!Array.isArray(groups) || groups.length > n || !groups.every((g) => Array.isArray(g) && g.every((i) => isIndex(i, n)))) {
        return bad("groups", "a list of groups of nodes of the run");
      }
      return { value: raw as Command };
    }
    case "heal":
      return { value: raw as Command };
    case "dropMessage":
      return isWhole(raw.sendSeq, 0, Number.MAX_SAFE_INTEGER) ? { value: raw as Command } : bad("sendSeq", "the seq of a message's send record");
    default:
      return { error: `unknown command type ${quote(type)}` };
  }
}

/** Checks a whole script (already in program form: node indices). */
export function checkScript(config: SimConfig, commands: readonly unknown[]): Checked<RunScript> {
  if (commands.length > MAX_SCRIPT_COMMANDS) return { error: `a run holds at most ${MAX_SCRIPT_COMMANDS} commands, this one has ${commands.length}` };
  const out: ScriptCommand[] = [];
  let last = 0;
  for (let i = 0; i < commands.length; i++) {
    const raw = commands[i];
    const where = `command ${i + 1}`;
    if (!isRecord(raw)) return { error: `${where}: must be an object` };
    if (!isWhole(raw.t, 0, MAX_SCRIPT_MS)) return { error: `${where}: t must be a whole number of ms from 0 to ${MAX_SCRIPT_MS}` };
    if (raw.t < last) return { error: `${where}: t ${raw.t} is before the command before it (${last})` };
    last = raw.t;
    const checked = checkCommand(raw, config.nodes);
    if ("error" in checked) return { error: `${where}: ${checked.error}` };
    out.push({ ...checked.value, t: raw.t } as ScriptCommand);
  }
  return { value: { config: { ...config }, commands: out } };
}

function quote(v: unknown): string {
  return clip(typeof v === "string" ? JSON.stringify(v) : String(v));
}

// ---- the file form ------------------------------------------------------------------------------

export interface ScriptFile {
  script: RunScript;
  /** The moment the run had reached when it was saved (ms), if the file says. */
  endMs: number | null;
}

/** Node index -> "n1" in a command's node fields, and back. */
function mapNodes(command: Record<string, unknown>, f: (x: unknown) => unknown): Record<string, unknown> {
  const out = { ...command };
  for (const key of ["node", "a", "b"]) if (has(out, key)) out[key] = f(out[key]);
  if (Array.isArray(out.groups)) out.groups = out.groups.map((g: unknown) => (Array.isArray(g) ? g.map(f) : g));
  return out;
}

const nodeName = (i: unknown) => (typeof i === "number" ? `n${i + 1}` : i);
/** "n5" -> 4; anything else is left for the checker to reject. */
const nodeIndex = (name: unknown) => (typeof name === "string" && /^n[1-9]\d{0,6}$/.test(name) ? Number(name.slice(1)) - 1 : name);

/** The script as the JSON text of a file. */
export function scriptToFile(script: RunScript, endMs: number): string {
  const commands = script.commands.map((c) => {
    const { t, ...rest } = c;
    return { t, ...mapNodes(rest, nodeName) };
  });
  return JSON.stringify({ format: SCRIPT_FORMAT, version: SCRIPT_VERSION, config: script.config, endMs, commands }, null, 1) + "\n";
}

/**
 * Reads a file's text: the script, or one sentence saying what is wrong with the file. `limits`:
 * the page's (at most 5,000 nodes) or the engine's.
 */
export function scriptFromFile(text: string, limits: "engine" | "page" = "engine"): Checked<ScriptFile> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: "the file is not JSON" };
  }
  if (!isRecord(data) || data.format !== SCRIPT_FORMAT) return { error: `the file is not a GossipScope run (no "format": "${SCRIPT_FORMAT}")` };
  if (data.version !== SCRIPT_VERSION) return { error: `the file is a run of format version ${quote(data.version)}; this page reads version ${SCRIPT_VERSION}` };
  const config = parseConfigObject(data.config, limits);
  if ("error" in config) return { error: `config: ${config.error}` };
  if (!Array.isArray(data.commands)) return { error: "commands must be a list" };
  // A file names nodes ("n4"): a bare number would mean n4 for 3 without a word, so it is refused.
  for (const [i, c] of data.commands.entries()) {
    let bare: unknown;
    if (isRecord(c)) mapNodes(c, (x) => (typeof x === "number" && bare === undefined ? (bare = x) : x));
    if (typeof bare === "number") return { error: `command ${i + 1}: nodes are named in a file ("n${Number.isInteger(bare) && bare >= 0 ? bare + 1 : 1}"), got the number ${clip(String(bare))}` };
  }
  const commands = data.commands.map((c: unknown) => (isRecord(c) ? mapNodes(c, nodeIndex) : c));
  const script = checkScript(config.config, commands);
  if ("error" in script) return script;
  const endMs = data.endMs;
  if (endMs !== undefined && endMs !== null && !isWhole(endMs, 0, MAX_SCRIPT_MS)) return { error: `endMs must be a whole number of ms from 0 to ${MAX_SCRIPT_MS}` };
  return { value: { script: script.value, endMs: typeof endMs === "number" ? Math.max(endMs, lastCommandMs(script.value)) : null } };
}

// ---- the URL form -------------------------------------------------------------------------------

/**
 * The commands as one URL-safe word: `~` between commands, each the ms since the command before it
 * (omitted when 0), a letter, and its arguments. Nodes are written by number (n5 is 5).
 *
 *   b5 broadcast at n5 (b5v7: the value 7)     x10 crash n10        u10 restart n10
 *   r5 read at n5       d0.2 drop rate          h heal               m1234 drop message #1234
 *   p1,2,3:4,5 partition [n1 n2 n3] | [n4 n5]  L150 latency (L150e: and exponential; c, u, e)
 *   k f3,i500,gpush-pull,F1 configure fanout, interval, gossip, forward (F0 off)
 *   l3,4,0.5 link drop rate (l3,4,g: back to global)
 *   j... any command as percent-escaped JSON (values that are not integers, other clients)
 *
 * e.g. `b5~x10~1200p1,2,3:4,5~3300h`: letters, digits and `~ , : . -`, which a query keeps as they are.
 */
export function encodeCommands(commands: readonly ScriptCommand[]): string {
  let last = 0;
  return commands
    .map((c) => {
      const dt = c.t - last;
      last = c.t;
      return (dt === 0 ? "" : String(dt)) + encodeOne(c);
    })
    .join("~");
}

const DIST_LETTER: Readonly<Record<string, string>> = { constant: "c", uniform: "u", exponential: "e" };
const LETTER_DIST: ReadonlyMap<string, string> = new Map(Object.entries(DIST_LETTER).map(([k, v]) => [v, k]));

/** Numbers the grammar writes as they are (1e-7 is not one: it goes as JSON). */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

function encodeOne(c: ScriptCommand): string {
  const num = (i: number) => String(i + 1);
  switch (c.type) {
    case "inject":
      if (c.client !== undefined) break;
      if (c.value === undefined) return `b${num(c.node)}`;
      if (typeof c.value === "number" && Number.isSafeInteger(c.value) && c.value >= 0) return `b${num(c.node)}v${c.value}`;
      break;
    case "read":
      if (c.client === undefined) return `r${num(c.node)}`;
      break;
    case "crash":
      return `x${num(c.node)}`;
    case "restart":
      return `u${num(c.node)}`;
    case "heal":
      return "h";
    case "dropMessage":
      return `m${c.sendSeq}`;
    case "setDropRate":
      if (PLAIN_DECIMAL.test(String(c.dropRate))) return `d${c.dropRate}`;
      break;
    case "setLinkDropRate":
      if (c.dropRate === null) return `l${num(c.a)},${num(c.b)},g`;
      if (PLAIN_DECIMAL.test(String(c.dropRate))) return `l${num(c.a)},${num(c.b)},${c.dropRate}`;
      break;
    case "setLatency":
      return `L${c.latencyMs}${c.latencyDist === undefined ? "" : DIST_LETTER[c.latencyDist]}`;
    case "partition":
      return `p${c.groups.map((g) => g.map(num).join(",")).join(":")}`;
    case "configure": {
      const parts: string[] = [];
      if (c.fanout !== undefined) parts.push(`f${c.fanout}`);
      if (c.gossipIntervalMs !== undefined) parts.push(`i${c.gossipIntervalMs}`);
      if (c.gossip !== undefined) parts.push(`g${c.gossip}`);
      if (c.forward !== undefined) parts.push(`F${c.forward ? 1 : 0}`);
      return `k${parts.join(",")}`;
    }
  }
  const { t: _t, ...bare } = c;
  return `j${jsonWord(bare)}`;
}

/** Parses encodeCommands' form for a run of `n` nodes: the commands, or what is wrong (naming the command). */
export function decodeCommands(text: string, config: SimConfig): Checked<ScriptCommand[]> {
  if (text === "") return { value: [] };
  const words = text.split("~");
  if (words.length > MAX_SCRIPT_COMMANDS) return { error: `a run holds at most ${MAX_SCRIPT_COMMANDS} commands` };
  const raw: Record<string, unknown>[] = [];
  let t = 0;
  for (let i = 0; i < words.length; i++) {
    const m = /^(\d{0,10})([a-zA-Z])(.*)$/.exec(words[i]!);
    const parsed = m ? decodeOne(m[2]!, m[3]!) : null;
    if (!m || parsed === null) return { error: `command ${i + 1} ${quote(words[i])} is not a command` };
    t += m[1] === "" ? 0 : Number(m[1]);
    raw.push({ ...parsed, t });
  }
  const checked = checkScript(config, raw);
  return "error" in checked ? checked : { value: checked.value.commands };
}

function decodeOne(letter: string, args: string): Record<string, unknown> | null {
  const node = (s: string) => (/^[1-9]\d{0,6}$/.test(s) ? Number(s) - 1 : NaN);
  const number = (s: string) => (PLAIN_DECIMAL.test(s) ? Number(s) : NaN);
  switch (letter) {
    case "b": {
      const m = /^(\d+)(?:v(\d{1,15}))?$/.exec(args);
      if (!m) return null;
      return m[2] === undefined ? { type: "inject", node: node(m[1]!) } : { type: "inject", node: node(m[1]!), value: Number(m[2]) };
    }
    case "r":
      return { type: "read", node: node(args) };
    case "x":
      return { type: "crash", node: node(args) };
    case "u":
      return { type: "restart", node: node(args) };
    case "h":
      return args === "" ? { type: "heal" } : null;
    case "m":
      return { type: "dropMessage", sendSeq: number(args) };
    case "d":
      return { type: "setDropRate", dropRate: number(args) };
    case "l": {
      const [a, b, rate, ...rest] = args.split(",");
      if (rest.length > 0 || a === undefined || b === undefined || rate === undefined) return null;
      return { type: "setLinkDropRate", a: node(a), b: node(b), dropRate: rate === "g" ? null : number(rate) };
    }
    case "L": {
      const m = /^(\d+)([cue]?)$/.exec(args);
      if (!m) return null;
      const dist = LETTER_DIST.get(m[2]!);
      return dist === undefined ? { type: "setLatency", latencyMs: Number(m[1]) } : { type: "setLatency", latencyMs: Number(m[1]), latencyDist: dist };
    }
    case "p":
      return { type: "partition", groups: args.split(":").map((g) => g.split(",").map(node)) };
    case "k": {
      const c: Record<string, unknown> = { type: "configure" };
      for (const part of args.split(",")) {
        const key = part[0];
        const rest = part.slice(1);
        if (key === "f") c.fanout = number(rest);
        else if (key === "i") c.gossipIntervalMs = number(rest);
        else if (key === "g") c.gossip = rest;
        else if (key === "F" && (rest === "0" || rest === "1")) c.forward = rest === "1";
        else return null;
      }
      return c;
    }
    case "j": {
      try {
        const parsed: unknown = JSON.parse(decodeURIComponent(args));
        return isRecord(parsed) ? parsed : null;
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}

/** JSON in one word: percent-escaped, `~` too (it separates commands). */
function jsonWord(value: unknown): string {
  return encodeURIComponent(JSON.stringify(value)).replaceAll("~", "%7E");
}
