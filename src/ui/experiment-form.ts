/**
 * The Experiments panel's controls as edits of its flags text: the text is the experiment, and each
 * control reads or rewrites its own flag in it, keeping every other word as typed. So a half-typed
 * value ("1,2,") stays visible in both places and the text shows gossip-sim's error for it.
 */
import { PARAM_BY_NAME, PARAMS, type SimConfig } from "../sim/config";
import { experimentFlags, parseArgs, type Experiment, type Sweep } from "../sim/experiment-args";

/** One flag and its value as written (`--trials 20` or `--trials=20`); a stray word has no name. */
interface Word {
  name: string | null;
  value: string | null;
}

const NO_VALUE = new Set(["json", "csv", "help"]);

function words(text: string): Word[] {
  const parts = text.split(/\s+/).filter((w) => w !== "");
  const out: Word[] = [];
  for (let i = 0; i < parts.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(parts[i]!);
    if (!m) out.push({ name: null, value: parts[i]! });
    else if (m[2] !== undefined || NO_VALUE.has(m[1]!)) out.push({ name: m[1]!, value: m[2] ?? null });
    else out.push({ name: m[1]!, value: parts[++i] ?? null });
  }
  return out;
}

function joinWords(ws: readonly Word[]): string {
  return ws.map((w) => (w.name === null ? w.value! : w.value === null ? `--${w.name}` : `--${w.name} ${w.value}`)).join(" ");
}

/** The last value given for `--name` (the one gossip-sim keeps), if any. */
export function flagValue(flags: string, name: string): string | undefined {
  return words(flags)
    .reverse()
    .find((w) => w.name === name)?.value ?? undefined;
}

/** The --sweep flags as written, each split at its first "=". */
export function sweepsOf(flags: string): Sweep[] {
  return words(flags)
    .filter((w) => w.name === "sweep" && w.value !== null)
    .map((w) => {
      const at = w.value!.indexOf("=");
      return at < 0 ? { param: w.value!, values: [] } : { param: w.value!.slice(0, at), values: w.value!.slice(at + 1).split(",") };
    });
}

/**
 * Replaces every `--name` with the given words, where the first of them stood; without one, before
 * --trials (the experiment's own flags close the text) or at the end.
 */
function replace(flags: string, name: string, values: readonly string[]): string {
  const ws = words(flags);
  let at = ws.findIndex((w) => w.name === name);
  if (at < 0) at = ws.findIndex((w) => w.name === "trials");
  if (at < 0) at = ws.length;
  const before = ws.slice(0, at).filter((w) => w.name !== name);
  const after = ws.slice(at).filter((w) => w.name !== name);
  return joinWords([...before, ...values.map((value) => ({ name, value })), ...after]);
}

/** Sets (or, with null, removes) one flag. */
export function setFlag(flags: string, name: string, value: string | null): string {
  return replace(flags, name, value === null ? [] : [value]);
}

export function setSweeps(flags: string, sweeps: readonly Sweep[]): string {
  return replace(
    flags,
    "sweep",
    sweeps.map((s) => `${s.param}=${s.values.join(",")}`),
  );
}

/** Values worth sweeping for a parameter, to start from when it is picked. */
export function suggestedValues(param: string): string[] {
  const p = PARAM_BY_NAME.get(param);
  if (!p) return [];
  if (p.kind === "choice") return [...p.choices];
  if (p.kind === "onoff") return ["on", "off"];
  const suggested: Record<string, string> = {
    nodes: "16,32,64,128,256",
    degree: "2,4,6,8",
    rewire: "0,0.1,0.2,0.5",
    fanout: "1,2,3,4",
    drop: "0,0.1,0.2,0.3,0.4,0.5",
    latency: "50,100,200,400",
    interval: "250,500,1000",
    jitter: "0,100,250",
  };
  return (suggested[param] ?? p.format(p.default)).split(",");
}

/** The parameters a sweep can take: every run flag but the seed (the trials run over seeds). */
export const SWEEPABLE = PARAMS.filter((p) => p.name !== "seed").map((p) => p.name);

/** The experiment the panel starts from: the run's settings, its fanout swept, 20 trials from its seed. */
export function experimentOf(config: SimConfig): string {
  const base = parseArgs([]) as Experiment;
  return experimentFlags({ ...base, config: { ...config }, trials: 20, sweeps: [{ param: "fanout", values: suggestedValues("fanout") }] });
}
