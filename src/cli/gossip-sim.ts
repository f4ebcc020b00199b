/**
 * bin/gossip-sim: the engine, headless, for experiments. A thin wrapper over src/sim/experiment.ts
 * (flags, trials, sweeps, output; the page's Experiments panel runs the same) and src/sim/run.ts
 * (--run). It keeps what needs Node: reading a run file, stdout and the exit status. Every bad flag
 * or value, and any work too big to bound, ends with one line naming it on stderr and exit status 2.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { clip } from "../sim/config";
import { CLI_BOUNDS, scriptCostProblem } from "../sim/cost";
import { CSV_HEAD, csvRow, experimentOutput, paramsJson, runExperiment, trialsTable } from "../sim/experiment";
import { MAX_NODE_VALUES, MAX_ROUNDS, UsageError, parseArgs, usage, type Experiment } from "../sim/experiment-args";
import { runScript, summarize } from "../sim/run";
import { lastCommandMs, scriptFromFile, type RunScript } from "../sim/script";

export { parseArgs };

/** Largest run file --run reads, bytes. */
const MAX_RUN_FILE_BYTES = 50_000_000;

/**
 * The text of a regular file of at most MAX_RUN_FILE_BYTES: a device (/dev/zero), a pipe with no
 * writer or a directory is refused before anything is read, and no more than the limit is ever read
 * (a file that grows meanwhile included).
 */
function readSmallFile(path: string): string {
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UsageError("it is not a regular file");
    if (stat.size > MAX_RUN_FILE_BYTES) throw new UsageError(`the file is ${stat.size} bytes, over the limit of ${MAX_RUN_FILE_BYTES}`);
    const buffer = Buffer.alloc(MAX_RUN_FILE_BYTES + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length > MAX_RUN_FILE_BYTES) throw new UsageError(`the file is over the limit of ${MAX_RUN_FILE_BYTES} bytes`);
    return buffer.toString("utf8", 0, length);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Reads and checks a run file, and refuses one whose work the limits do not bound. */
function readRunFile(path: string): { script: RunScript; endMs: number | null } {
  const text = readSmallFile(path);
  const read = scriptFromFile(text);
  if ("error" in read) throw new UsageError(read.error);
  const { script, endMs } = read.value;
  const injects = script.commands.filter((c) => c.type === "inject").length;
  if (script.config.nodes * injects > MAX_NODE_VALUES) throw new UsageError(`${script.config.nodes} nodes x ${injects} broadcasts is over the limit of ${MAX_NODE_VALUES} values held`);
  const intervals = [script.config.gossipIntervalMs, ...script.commands.flatMap((c) => (c.type === "configure" && c.gossipIntervalMs !== undefined ? [c.gossipIntervalMs] : []))];
  const rounds = Math.ceil((endMs ?? lastCommandMs(script)) / Math.min(...intervals));
  if (rounds > MAX_ROUNDS) throw new UsageError(`it runs to ${endMs} ms, up to ${rounds} gossip rounds, over the limit of ${MAX_ROUNDS}`);
  const cost = scriptCostProblem(script.config, script.commands, CLI_BOUNDS, "gossip-sim", endMs ?? lastCommandMs(script));
  if (cost !== null) throw new UsageError(cost);
  return { script, endMs };
}

/** --run FILE: the saved run replayed, reported as one trial. */
function replayRunFile(opts: Experiment, runFile: string, write: (s: string) => void): number {
  let saved: { script: RunScript; endMs: number | null };
  let ran: ReturnType<typeof runScript>;
  try {
    saved = readRunFile(runFile);
    ran = runScript(saved.script, saved.endMs, opts.spec.maxRounds);
  } catch (e) {
    // A command the engine refuses where it stands (a restart of a live node) is a RangeError.
    if (!(e instanceof UsageError || e instanceof RangeError)) throw e;
    process.stderr.write(`gossip-sim: --run ${clip(runFile)}: ${e.message}\n`);
    return 2;
  }
  const { result, values } = ran;
  const summary = summarize([result]);
  const about = { ...paramsJson(saved.script.config), run: runFile, commands: saved.script.commands.length, end_ms: saved.endMs };
  if (opts.output === "json") write(JSON.stringify({ config: about, runs: [result], summary, values }) + "\n");
  else if (opts.output === "csv") write([CSV_HEAD, csvRow(result)].join("\n") + "\n");
  else write(trialsTable([result], summary) + "\n");
  return 0;
}

export function main(argv: readonly string[], write: (s: string) => void): number {
  let opts: Experiment | "help";
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
  if (opts.runFile !== null) return replayRunFile(opts, opts.runFile, write);
  write(experimentOutput(opts, runExperiment(opts, progressReporter(opts.spec.maxRounds))!));
  return 0;
}

/**
 * Wall ms after which a run reports its progress on stderr, and between reports. The environment's
 * GOSSIP_SIM_PROGRESS_MS overrides it (0: after every run; scripts and tests use it).
 */
const PROGRESS_EVERY_MS = /^\d{1,7}$/.test(process.env.GOSSIP_SIM_PROGRESS_MS ?? "") ? Number(process.env.GOSSIP_SIM_PROGRESS_MS) : 2000;

/**
 * Progress of a long experiment on stderr (stdout stays the results alone): nothing for a run that
 * ends within PROGRESS_EVERY_MS, then a line every PROGRESS_EVERY_MS, inside a run too:
 * "gossip-sim: 1200 of 10000 runs, 4 s, about 30 s left", "gossip-sim: 0 of 1 runs, round 12 of at most 100 in this one, 45 s".
 */
function progressReporter(maxRounds: number): (done: number, total: number, rounds?: number) => boolean {
  const start = performance.now();
  let next = start + PROGRESS_EVERY_MS;
  return (done, total, rounds) => {
    const now = performance.now();
    if (now >= next && done < total) {
      const elapsedS = (now - start) / 1000;
      const inRun = rounds === undefined ? "" : `, round ${rounds} of at most ${maxRounds} in this one`;
      const left = done > 0 ? `, about ${Math.round((elapsedS / done) * (total - done))} s left` : "";
      process.stderr.write(`gossip-sim: ${done} of ${total} runs${inRun}, ${Math.round(elapsedS)} s${left}\n`);
      next = now + PROGRESS_EVERY_MS;
    }
    return true;
  };
}

process.exitCode = main(process.argv.slice(2), (s) => process.stdout.write(s));
