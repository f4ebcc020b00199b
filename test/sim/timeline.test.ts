import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { batchToJsonLines, RecordKind } from "../../src/sim/journal";
import type { RunScript } from "../../src/sim/script";
import { RoundClock } from "../../src/sim/round-clock";
import { Timeline, replay } from "../../src/sim/timeline";
import { fnv1a32Hex } from "../../src/sim/values";
import { END_MS, EVERY_COMMAND, liveJournal, replayJournal } from "./scripted";

describe("a run is its script", () => {
  it("pins the journal of a script that uses every command kind", () => {
    const lines = replayJournal();
    // A change of draw order, of a default or of a record's fields changes these: on purpose only.
    expect(lines.length).toBe(PINNED_COUNT);
    expect(fnv1a32Hex(lines.join("\n"))).toBe(PINNED_HASH);
    // The hand-dropped message is in it, linked to its send.
    expect(lines.filter((l) => l.includes('"reason":"dropped"'))).toEqual([expect.stringContaining('"send_seq":522')]);
  });

  it("replays to the journal the live run had, however it was sliced and sought", () => {
    const whole = replayJournal();
    expect(liveJournal(Infinity)).toEqual(whole);
    expect(liveJournal(7)).toEqual(whole);
    expect(liveJournal(333)).toEqual(whole);
  });

  it("replays to any moment: the prefix of the journal up to it", () => {
    const whole = replayJournal();
    const at = replay(EVERY_COMMAND, 3000, { journalCapacity: 1 << 20 });
    const part = batchToJsonLines(at.readJournal(0));
    expect(part).toEqual(whole.slice(0, part.length));
    expect(JSON.parse(whole[part.length]!).t).toBeGreaterThan(3000);
  });

  it("links every delivery and drop to its send", () => {
    const b = replay(EVERY_COMMAND, END_MS, { journalCapacity: 1 << 20 }).readJournal(0);
    for (let k = 0; k < b.to - b.from; k++) {
      const kind = b.kind[k];
      if (kind !== RecordKind.Deliver && kind !== RecordKind.Drop) continue;
      const s = b.sendSeq[k]! - b.from;
      expect([b.kind[s], b.src[s], b.dest[s], b.type[s]]).toEqual([RecordKind.Send, b.src[k], b.dest[k], b.type[k]]);
      expect(b.t[s]).toBe(b.at[k]);
    }
  });
});

describe("time travel", () => {
  const script: RunScript = { config: { ...DEFAULT_CONFIG, nodes: 20, seed: 3 }, commands: [{ t: 0, type: "inject", node: 4 }] };

  it("seeks back and forth to the state the run had", () => {
    const timeline = new Timeline(script, { journalCapacity: 1 << 18, maxCheckpoints: 5 });
    timeline.advanceTo(6000);
    const at2600 = replay(script, 2600).metrics();
    timeline.seek(2600);
    expect(timeline.engine.metrics()).toEqual(at2600);
    timeline.seek(5999);
    expect(timeline.engine.metrics()).toEqual(replay(script, 5999).metrics());
    timeline.seek(0);
    expect(timeline.engine.metrics()).toEqual(replay(script, 0).metrics());
    // Checkpoints stay bounded: 12 rounds, 5 kept, spacing doubled twice.
    expect(timeline.checkpointStats).toEqual({ count: 3, spacingMs: 2000 });
  });

  it("forks when acting in the past, and undo brings the discarded future back", () => {
    const timeline = new Timeline(script, { journalCapacity: 1 << 18 });
    timeline.advanceTo(4000);
    timeline.act({ type: "crash", node: 7 });
    timeline.advanceTo(6000);
    const original = batchToJsonLines(timeline.journal.readSince(0));
    timeline.seek(1500);
    const { fork } = timeline.act({ type: "inject", node: 11 });
    expect(fork).toMatchObject({ atMs: 1500, horizonMs: 6000, commands: [{ t: 4000, type: "crash", node: 7 }] });
    expect(timeline.horizonMs).toBe(1500);
    expect(timeline.script.commands).toEqual([script.commands[0], { t: 1500, type: "inject", node: 11 }]);
    timeline.advanceTo(6000);
    expect(batchToJsonLines(timeline.journal.readSince(0))).toEqual(batchToJsonLines(replay(timeline.script, 6000, { journalCapacity: 1 << 18 }).readJournal(0)));
    timeline.undo(fork!);
    expect(timeline.nowMs).toBe(1500);
    expect(timeline.horizonMs).toBe(6000);
    timeline.seek(6000);
    expect(batchToJsonLines(timeline.journal.readSince(0))).toEqual(original);
  });

  it("acting at the horizon records without forking; a refused command changes nothing", () => {
    const timeline = new Timeline(script);
    timeline.advanceTo(1000);
    expect(timeline.act({ type: "crash", node: 2 }).fork).toBeNull();
    expect(() => timeline.act({ type: "crash", node: 2 })).toThrow(/n3 is crashed/);
    expect(timeline.script.commands.length).toBe(2);
  });
});

describe("round clock", () => {
  it("knows when every round fires, interval changes included", () => {
    const config = { ...DEFAULT_CONFIG, nodes: 4, topology: "ring" as const, gossipIntervalMs: 500 };
    const s: RunScript = {
      config,
      commands: [
        { t: 1200, type: "configure", gossipIntervalMs: 200 },
        { t: 2000, type: "configure", gossipIntervalMs: 1000 },
        { t: 2500, type: "configure", gossipIntervalMs: 2000 },
      ],
    };
    const e = replay(s, 9000, { journalCapacity: 1 << 16 });
    const b = e.readJournal(0);
    const fired: number[] = [];
    for (let k = 0; k < b.to - b.from; k++) if (b.kind[k] === RecordKind.Round) fired.push(b.t[k]!);
    const clock = new RoundClock(s);
    expect(fired.map((_, i) => clock.roundAt(i + 1))).toEqual(fired);
    // 500 apart, then 200 apart from just after 1200, then 2000 after the last one (1801): the
    // change to 1000 at 2000 was overtaken before its first round (2801) came.
    expect(fired).toEqual([500, 1000, 1201, 1401, 1601, 1801, 3801, 5801, 7801]);
    expect([0, 499, 500, 1200, 1201, 2000, 3800, 3801].map((t) => clock.firedBy(t))).toEqual([0, 0, 1, 2, 3, 6, 6, 7]);
    expect(clock.stepForward(0)).toBe(999);
    expect(clock.stepBack(999)).toBe(499);
    expect(clock.stepBack(499)).toBe(0);
  });
});

const PINNED_COUNT = 1727;
const PINNED_HASH = "4efc9383";

describe("windows of the journal", () => {
  const script: RunScript = { config: { ...DEFAULT_CONFIG, nodes: 12, seed: 5 }, commands: [{ t: 0, type: "inject", node: 1 }, { t: 1800, type: "crash", node: 3 }] };

  it("reads a window from the ring, or replays it from a checkpoint once the ring has moved on", () => {
    const full = replay(script, 9000, { journalCapacity: 1 << 16 }).readJournal(0);
    const lines = batchToJsonLines(full);
    const expected = (from: number, to: number) => lines.filter((l) => {
      const t = (JSON.parse(l) as { t: number }).t;
      return t >= from && t <= to;
    });
    // A ring of 256 records holds well under the last second of this run.
    const timeline = new Timeline(script, { journalCapacity: 256 });
    timeline.advanceTo(9000);
    expect(timeline.journal.holdsFrom(1000)).toBe(false);
    expect(batchToJsonLines(timeline.journalWindow(1000, 2500, 1 << 16))).toEqual(expected(1000, 2500));
    expect(timeline.journal.holdsFrom(8950)).toBe(true);
    expect(batchToJsonLines(timeline.journalWindow(8950, 9000, 1 << 16))).toEqual(expected(8950, 9000));
    // The run shown is untouched by the replay.
    expect(timeline.nowMs).toBe(9000);
    expect(batchToJsonLines(timeline.journalWindow(0, 400, 5))).toEqual(expected(0, 400).slice(0, 5));
  });

  it("finds a message's body, and the messages that carried a value, by replaying", () => {
    const timeline = new Timeline(script, { journalCapacity: 256 });
    timeline.advanceTo(3000);
    const b = replay(script, 3000, { journalCapacity: 1 << 16 }).readJournal(0);
    let seq = -1;
    for (let k = 0; k < b.to - b.from; k++) if (b.kind[k] === RecordKind.Send && b.src[k]! >= 0 && b.dest[k]! >= 0 && b.t[k] === 1000) seq = b.from + k;
    const msg = timeline.messageAt(seq, 1000)!;
    expect(msg).toMatchObject({ src: expect.stringMatching(/^n\d+$/), body: { type: "gossip_sync", messages: [1] } });
    expect(timeline.messageAt(seq, 999)).toBeNull();
    const carriers = timeline.carriers(900, 1100, "1", 1000);
    expect(carriers).toContain(seq);
    expect(timeline.carriers(900, 1100, "2", 1000)).toEqual([]);
  });
});
