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
import type { Command, Engine, MessageObserver } from "./engine-api";
import { Journal, RecordKind, batchRecord, type JournalBatch, type JournalRecord } from "./journal";
import type { Message } from "./protocol";
import { RoundClock } from "./round-clock";
import { canonicalJson, isJsonValue } from "./values";
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

/** Records a window replayed from a checkpoint may hold (journalWindow): about 13 MB while it lives. */
const WINDOW_JOURNAL_CAPACITY = 1 << 18;

/** Checkpoints kept at most, and the memory they may hold (by Engine.copyBytes): whichever binds first. */
export const MAX_CHECKPOINTS = 48;
export const CHECKPOINT_BUDGET_BYTES = 64 * 1024 * 1024;

export interface TimelineOptions {
  journalCapacity?: number;
  traceDepth?: number;
  /** EngineOptions of the run's engines (who taught whom, wire bytes). */
  recordLearning?: boolean;
  wireBytes?: boolean;
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
  /** Options every engine of this run is created with. */
  private readonly engineOptions: EngineOptions;

  /** Builds the run at time 0 (commands at 0 applied). Throws RangeError naming a command the engine refuses. */
  constructor(script: RunScript, options: TimelineOptions = {}) {
    this.script = { config: { ...script.config }, commands: script.commands.slice() };
    this.journal = new Journal(options.journalCapacity ?? 1 << 16);
    this.engineOptions = { traceDepth: options.traceDepth ?? 0, recordLearning: options.recordLearning ?? false, wireBytes: options.wireBytes ?? false };
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
    for (;;) {
      const nextCheckpoint = (Math.floor(this.engine.nowMs / this.spacingMs) + 1) * this.spacingMs;
      const stop = Math.min(target, nextCheckpoint);
      this.applied = this.runTo(this.engine, this.applied, stop);
      if (stop === nextCheckpoint) this.checkpoint();
      if (stop === target) break;
    }
    if (target > this.horizonMs) this.horizonMs = target;
  }

  /**
   * The journal's records from `fromMs` to `toMs` (no later than now), at most `maxRecords` of them:
   * a window of the run for the views that show one (the space-time diagram). Read from the shared
   * journal while it still holds them, else replayed from the nearest checkpoint into a journal of
   * its own; the run shown stays as it is either way.
   */
  journalWindow(fromMs: number, toMs: number, maxRecords: number): JournalBatch {
    const to = Math.min(Math.floor(toMs), this.engine.nowMs);
    const from = Math.max(0, Math.min(Math.floor(fromMs), to));
    const journal = this.journal.holdsFrom(from) ? this.journal : this.replayWindow(from, to);
    const first = journal.seqAtTime(from);
    const end = journal.seqAtTime(to + 1);
    return journal.readSince(first, Math.min(maxRecords, end - first));
  }

  /**
   * The Send records of `seqs`, messages sent from `fromMs` to `toMs` (no later than now): read from
   * the run's journal while it holds them, else from a replay of that window. Those not found are
   * left out.
   */
  sendRecords(seqs: ReadonlySet<number>, fromMs: number, toMs: number): JournalRecord[] {
    const to = Math.min(Math.floor(toMs), this.engine.nowMs);
    const from = Math.max(0, Math.min(Math.floor(fromMs), to));
    const found: JournalRecord[] = [];
    if (seqs.size === 0) return found;
    if (this.journal.holdsFrom(from)) {
      for (const seq of seqs) {
        if (!(seq >= this.journal.start && seq < this.journal.end)) continue;
        const record = batchRecord(this.journal.readSince(seq, 1), 0);
        if (record.kind === RecordKind.Send) found.push(record);
      }
      return found;
    }
    const replayed = this.replayWindow(from, to);
    for (const seq of seqs) {
      if (!(seq >= replayed.start && seq < replayed.end)) continue;
      const record = batchRecord(replayed.readSince(seq, 1), 0);
      if (record.kind === RecordKind.Send) found.push(record);
    }
    return found;
  }

  /**
   * The message whose Send record is `sendSeq`, sent at `sentAtMs`, as it went on the wire; null
   * when no such message was sent. Replayed from the nearest checkpoint before its sending: the
   * journal keeps no message bodies.
   */
  messageAt(sendSeq: number, sentAtMs: number): Message | null {
    const at = Math.floor(sentAtMs);
    if (!(at >= 0 && at <= this.engine.nowMs)) return null;
    let found: Message | null = null;
    const observer: MessageObserver = {
      sent(seq, msg) {
        if (seq === sendSeq) found = msg;
      },
      settled() {},
    };
    this.replayWindow(at, at, observer);
    return found;
  }

  /**
   * The send seqs of the messages sent from `fromMs` to `toMs` (no later than now) that carried the
   * value whose canonical JSON is `key`, read from their bodies in a replay (the space-time
   * diagram's value filter). At most `max` of them.
   */
  carriers(fromMs: number, toMs: number, key: string, max: number): number[] {
    const to = Math.min(Math.floor(toMs), this.engine.nowMs);
    const from = Math.max(0, Math.min(Math.floor(fromMs), to));
    const seqs: number[] = [];
    this.replayWindow(from, to, {
      sent(seq, msg, tMs) {
        if (tMs >= from && seqs.length < max && carries(msg, key)) seqs.push(seq);
      },
      settled() {},
    });
    return seqs;
  }

  /**
   * Replays the run from the nearest checkpoint before `fromMs` to `toMs` into a journal of its
   * own (returned), telling `observer` of every message; the run shown is untouched. Record seqs are
   * the run's own.
   */
  private replayWindow(fromMs: number, toMs: number, observer?: MessageObserver): Journal {
    // Strictly before: a checkpoint at fromMs already holds what happened at fromMs.
    const cp = this.latestCheckpointAtOrBefore(fromMs - 1);
    const journal = new Journal(WINDOW_JOURNAL_CAPACITY);
    if (cp === null) {
      this.runTo(createEngine(this.script.config, { ...this.engineOptions, journal, observer }), 0, toMs);
    } else {
      journal.rewind(cp.journalEnd);
      this.runTo(cp.engine.copy(journal, observer), cp.applied, toMs);
    }
    return journal;
  }

  /** Runs `engine` (which has applied `applied` commands) to `toMs`, applying the script's commands on the way; returns the count applied. */
  private runTo(engine: Engine, applied: number, toMs: number): number {
    const commands = this.script.commands;
    let i = applied;
    for (; i < commands.length && commands[i]!.t <= toMs; i++) {
      try {
        applyAt(engine, commands[i]!);
      } catch (e) {
        throw e instanceof RangeError ? new RangeError(`command ${i + 1} (${commands[i]!.type} at ${commands[i]!.t} ms): ${e.message}`) : e;
      }
    }
    engine.advanceTo(toMs);
    return i;
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
    return createEngine(this.script.config, { ...this.engineOptions, journal: this.journal });
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

/** Whether a message's body carries the value with canonical JSON `key`. */
function carries(msg: Message, key: string): boolean {
  const body = msg.body;
  if (body.type === "broadcast") return isJsonValue(body.message) && canonicalJson(body.message) === key;
  const values = body.messages ?? body.missing ?? body.remote_messages ?? body.local_messages;
  if (!Array.isArray(values)) return false;
  for (const v of values as unknown[]) if (isJsonValue(v) && canonicalJson(v) === key) return true;
  return false;
}
