/**
 * A run you can travel in: its script, the engine at the moment shown, and checkpoints of the
 * engine to seek from (as RaftScope's time slider restores a saved state). Everything is derived
 * from the script: the engine at time t is replay(script, t), reached from the nearest checkpoint.
 *
 * - advanceTo(t) runs forward, applying the script's commands as their times come, so playing after
 *   a seek back replays the recorded future; the horizon (the furthest moment reached) follows.
 * - seek(t) shows any moment from 0 to the horizon.
 * - act(command) applies a command now. In the past (before the horizon) it forks the run: the
 *   script's future is replaced, and the returned Fork restores it (undo).
 *
 * Checkpoints sit at multiples of a spacing (first one gossip interval). Past MAX_CHECKPOINTS, or
 * past CHECKPOINT_BUDGET_BYTES of them, the spacing doubles and every other one goes, so memory stays
 * bounded however long the run, and a seek replays at most one spacing. The journal is shared: a restored engine rewinds it to its
 * checkpoint and writes the same records again (or, after a fork, the new ones).
 */
import { createEngine, type EngineOptions } from "./engine";
import type { Command, Engine } from "./engine-api";
import { Journal } from "./journal";
import { RoundClock } from "./round-clock";
import { MAX_SCRIPT_COMMANDS, applyAt, type RunScript, type ScriptCommand } from "./script";

/** The run `script` describes, at `untilMs`. Throws RangeError naming the command the engine refused. */
export function replay(script: RunScript, untilMs: number, options: EngineOptions = {}): Engine {
  const engine = createEngine(script.config, options);
  script.commands.forEach((command, i) => {
    if (command.t > untilMs) return;
    try {
      applyAt(engine, command);
    } catch (e) {
      throw e instanceof RangeError ? new RangeError(`command ${i + 1} (${command.type} at ${command.t} ms): ${e.message}`) : e;
    }
  });
  engine.advanceTo(untilMs);
  return engine;
}

/** Checkpoints kept at most, and the memory they may hold (by Engine.copyBytes): whichever binds first. */
export const MAX_CHECKPOINTS = 48;
export const CHECKPOINT_BUDGET_BYTES = 64 * 1024 * 1024;

export interface TimelineOptions {
  journalCapacity?: number;
  traceDepth?: number;
  maxCheckpoints?: number;
}

interface Checkpoint {
  t: number;
  /** The journal's end when it was taken: the restored engine writes from here. */
  journalEnd: number;
  /** Script commands already applied. */
  applied: number;
  engine: Engine;
}

/** A future a fork discarded, for undo. */
export interface Fork {
  atMs: number;
  /** Index in the script's commands where the fork's own command went. */
  index: number;
  commands: ScriptCommand[];
  horizonMs: number;
}

export class Timeline {
  readonly journal: Journal;
  readonly script: RunScript;
  /** The engine at the moment shown. Replaced on a seek back: read it through the timeline. */
  engine: Engine;
  /** The furthest moment reached, ms. */
  horizonMs = 0;
  /** Script commands the engine has applied. */
  private applied = 0;
  private checkpoints: Checkpoint[] = [];
  private spacingMs: number;
  private readonly maxCheckpoints: number;
  private readonly traceDepth: number;

  /** Builds the run at time 0 (commands at 0 applied). Throws RangeError naming a command the engine refuses. */
  constructor(script: RunScript, options: TimelineOptions = {}) {
    this.script = { config: { ...script.config }, commands: script.commands.slice() };
    this.journal = new Journal(options.journalCapacity ?? 1 << 16);
    this.traceDepth = options.traceDepth ?? 0;
    this.maxCheckpoints = Math.max(2, options.maxCheckpoints ?? MAX_CHECKPOINTS);
    this.spacingMs = Math.max(1, script.config.gossipIntervalMs);
    this.engine = this.fresh();
    this.advanceTo(0);
  }

  get nowMs(): number {
    return this.engine.nowMs;
  }

  /** Checkpoints held, and the spacing between them (ms): what the seek benchmark reports. */
  get checkpointStats(): { count: number; spacingMs: number } {
    return { count: this.checkpoints.length, spacingMs: this.spacingMs };
  }

  /** Runs forward to `tMs` (>= now), replaying the script's commands on the way. */
  advanceTo(tMs: number): void {
    const target = Math.floor(tMs);
    if (target < this.engine.nowMs) throw new RangeError(`advanceTo(${target}) is before the run's time (${this.engine.nowMs} ms): seek instead`);
    const commands = this.script.commands;
    for (;;) {
      const now = this.engine.nowMs;
      const nextCheckpoint = (Math.floor(now / this.spacingMs) + 1) * this.spacingMs;
      const stop = Math.min(target, nextCheckpoint);
      while (this.applied < commands.length && commands[this.applied]!.t <= stop) {
        const i = this.applied;
        try {
          applyAt(this.engine, commands[i]!);
        } catch (e) {
          throw e instanceof RangeError ? new RangeError(`command ${i + 1} (${commands[i]!.type} at ${commands[i]!.t} ms): ${e.message}`) : e;
        }
        this.applied++;
      }
      this.engine.advanceTo(stop);
      if (stop === nextCheckpoint) this.checkpoint();
      if (stop === target) break;
    }
    if (target > this.horizonMs) this.horizonMs = target;
  }

  /** Shows the run at `tMs` (clamped to [0, horizon]). */
  seek(tMs: number): void {
    const t = Math.max(0, Math.min(this.horizonMs, Math.floor(tMs)));
    const base = this.latestCheckpointAtOrBefore(t);
    const now = this.engine.nowMs;
    if (t < now || (base !== null && base.t > now)) this.restore(base);
    this.advanceTo(t);
  }

  /**
   * Applies `command` now and records it. Before the horizon this forks the run: the commands after
   * now and the horizon are discarded and returned as a Fork (undo() brings them back). Throws
   * RangeError (the run unchanged) when the engine refuses the command.
   */
  act(command: Command): { command: ScriptCommand; fork: Fork | null } {
    if (this.applied >= MAX_SCRIPT_COMMANDS) throw new RangeError(`a run holds at most ${MAX_SCRIPT_COMMANDS} commands: Reset, or start a new run`);
    const t = this.engine.nowMs;
    const timed = { ...command, t } as ScriptCommand;
    applyAt(this.engine, timed);
    const commands = this.script.commands;
    let fork: Fork | null = null;
    if (this.horizonMs > t) {
      fork = { atMs: t, index: this.applied, commands: commands.slice(this.applied), horizonMs: this.horizonMs };
      this.horizonMs = t;
    }
    commands.length = this.applied;
    commands.push(timed);
    this.applied++;
    this.dropCheckpointsFrom(t);
    return { command: timed, fork };
  }

  /** Brings back the future a fork discarded, and shows the run at the fork's moment. */
  undo(fork: Fork): void {
    const commands = this.script.commands;
    if (fork.index > commands.length) throw new RangeError("that fork is no longer in this run");
    commands.length = fork.index;
    commands.push(...fork.commands);
    this.dropCheckpointsFrom(fork.atMs);
    this.horizonMs = Math.max(fork.horizonMs, fork.atMs);
    this.restore(this.latestCheckpointAtOrBefore(fork.atMs));
    this.advanceTo(fork.atMs);
  }

  /** When the run's rounds fire (its script says): see RoundClock. */
  rounds(): RoundClock {
    return new RoundClock(this.script);
  }

  private fresh(): Engine {
    this.journal.rewind(0);
    this.applied = 0;
    return createEngine(this.script.config, { journal: this.journal, traceDepth: this.traceDepth });
  }

  private restore(cp: Checkpoint | null): void {
    if (cp === null) {
      this.engine = this.fresh();
      return;
    }
    this.journal.rewind(cp.journalEnd);
    this.engine = cp.engine.copy(this.journal);
    this.applied = cp.applied;
  }

  private checkpoint(): void {
    const t = this.engine.nowMs;
    const list = this.checkpoints;
    const at = list.findIndex((c) => c.t >= t);
    if (at >= 0 && list[at]!.t === t) return;
    const cp: Checkpoint = { t, journalEnd: this.journal.end, applied: this.applied, engine: this.engine.copy(this.journal) };
    if (at < 0) list.push(cp);
    else list.splice(at, 0, cp);
    // The newest is the largest (runs only learn more), so it bounds the rest.
    if (list.length > this.maxCheckpoints || list.length * this.engine.copyBytes() > CHECKPOINT_BUDGET_BYTES) {
      this.spacingMs *= 2;
      this.checkpoints = list.filter((c) => c.t % this.spacingMs === 0);
    }
  }

  private latestCheckpointAtOrBefore(t: number): Checkpoint | null {
    let best: Checkpoint | null = null;
    for (const c of this.checkpoints) if (c.t <= t) best = c;
    return best;
  }

  /** A checkpoint at t holds the commands at t, so one recorded now (at t) makes it stale. */
  private dropCheckpointsFrom(t: number): void {
    this.checkpoints = this.checkpoints.filter((c) => c.t < t);
  }
}
