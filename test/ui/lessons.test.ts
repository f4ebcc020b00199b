/**
 * Every lesson's claims, held to its own settings: each step's script runs in the engine as the page
 * runs it, its question is answered at the moment it names (or once the run can no longer change the
 * answer), and its captions and "Things to notice" are checked against the numbers. A lesson whose
 * claim fails on its own settings fails here.
 */
import { describe, expect, it } from "vitest";
import type { Engine, RunMetrics } from "../../src/sim/engine-api";
import { predictRounds } from "../../src/sim/theory";
import { replay } from "../../src/sim/timeline";
import { LESSONS, PUSH_WIRE_BYTES_AT_10S, findLesson, scorecard, stepConfig, type Verdict } from "../../src/ui/lessons/lessons";
import { resolveConfig } from "../../src/ui/url";

/** The page's engine options: who taught whom kept, wire bytes measured. */
const PAGE = { recordLearning: true, wireBytes: true } as const;
/** A frame of the page while playing: the verdict is looked at this often (model ms). */
const FRAME_MS = 10;

function step(lessonId: string, index: number) {
  const s = findLesson(lessonId)!.steps[index]!;
  return { s, config: resolveConfig(stepConfig(s)).config };
}

/** The step's run at its opening moment, and from there the verdict as the page takes it, with `answer`. */
function answered(lessonId: string, index: number, answer: string): { verdict: Verdict; metrics: RunMetrics; engine: Engine } {
  const { s, config } = step(lessonId, index);
  const engine = replay({ config, commands: s.commands }, s.atMs, PAGE);
  const last = s.commands.at(-1)?.t ?? 0;
  const take = () => {
    const metrics = engine.metrics();
    return { verdict: s.predict!.verdict(metrics, config, answer), metrics, engine };
  };
  if (s.measureAtMs !== undefined) {
    // The script's commands come in on the way, as the page's replay of its future does.
    for (const c of s.commands) if (c.t > engine.nowMs && c.t <= s.measureAtMs) replayTo(engine, s.commands, c.t);
    replayTo(engine, s.commands, s.measureAtMs);
    return take();
  }
  for (let t = s.atMs; t < 60_000; t += FRAME_MS) {
    replayTo(engine, s.commands, Math.max(t, Math.min(last, t)));
    const now = take();
    if (now.verdict.final) return now;
  }
  throw new Error(`${lessonId} step ${index + 1}: no final verdict in 60 s`);
}

/** Advances to `t`, applying the commands due on the way (as applyAt does). */
function replayTo(engine: Engine, commands: readonly { t: number }[], t: number): void {
  for (const c of commands as readonly (Parameters<Engine["apply"]>[0] & { t: number })[]) {
    if (c.t > engine.nowMs && c.t <= t) {
      engine.advanceTo(c.t);
      const { t: _t, ...bare } = c;
      engine.apply(bare as Parameters<Engine["apply"]>[0]);
    }
  }
  engine.advanceTo(t);
}

describe("the lessons tell the truth", () => {
  it("every step with a question gives a final verdict on its own settings", () => {
    for (const lesson of LESSONS) {
      lesson.steps.forEach((s, i) => {
        if (!s.predict) return;
        const { verdict } = answered(lesson.id, i, s.predict.choices?.[0] ?? "1");
        expect(verdict.final, `${lesson.id} step ${i + 1}`).toBe(true);
        expect(verdict.text.length, `${lesson.id} step ${i + 1}`).toBeGreaterThan(10);
      });
    }
  });

  it("log N: a few more rounds for eight times the nodes, near Pittel's log2 N + ln N", () => {
    const small = answered("log-n", 0, "8");
    const large = answered("log-n", 1, "12");
    const r64 = small.metrics.values[0]!.rounds!;
    const r512 = large.metrics.values[0]!.rounds!;
    expect(r512 - r64).toBeGreaterThan(0);
    expect(r512 - r64).toBeLessThanOrEqual(5);
    for (const [r, n] of [[r64, 64], [r512, 512]] as const) expect(Math.abs(r - predictRounds(step("log-n", n === 64 ? 0 : 1).config)!.rounds)).toBeLessThanOrEqual(3);
    expect(small.verdict.text).toMatch(/^\d+ rounds: every live node knew it after round \d+\./);
  });

  it("fanout: a complete graph; fanout 3 is faster than fanout 1, and both slower than the naive estimate", () => {
    expect(step("fanout", 0).config.topology).toBe("complete");
    expect(findLesson("fanout")!.steps[0]!.caption).toMatch(/^A complete graph of 100 nodes/);
    const one = answered("fanout", 0, "7").metrics.values[0]!.rounds!;
    const three = answered("fanout", 1, "4").metrics.values[0]!.rounds!;
    expect(three).toBeLessThan(one);
    expect(one).toBeGreaterThan(Math.log2(100));
    expect(three).toBeGreaterThan(Math.log(100) / Math.log(4));
  });

  it("loss: the flood stops short on a lossy ring, with a verdict once it is over; gossip rounds get there", () => {
    const flood = answered("loss", 0, "yes");
    expect(flood.verdict.text).toMatch(/^No: the flood is over, \d+ of 20 know it, and no message is on its way to tell the rest\. You said yes: not this time\.$/);
    expect(flood.metrics.inFlight).toBe(0);
    // Long before the 24 rounds the page once waited: the flood is over within a few hundred ms.
    expect(flood.metrics.nowMs).toBeLessThan(2000);
    const gossip = answered("loss", 1, "yes");
    expect(gossip.verdict.text).toMatch(/^Yes: all 20 live nodes know it \(from \d+\.\d\d s\)\. You said yes: right\.$/);
  });

  it("digest: at 10 s, once nodes agree, digest has sent fewer bytes than push; push's figure is the engine's", () => {
    const { s, config } = step("digest", 0);
    const push = replay({ config, commands: s.commands }, s.atMs, PAGE).metrics();
    expect(push.wireBytes).toBe(PUSH_WIRE_BYTES_AT_10S);
    expect(push.values.every((v) => v.fullAtMs !== null && v.fullAtMs < 10_000)).toBe(true);
    const digest = answered("digest", 1, "fewer");
    expect(digest.metrics.nowMs).toBe(10_000);
    expect(digest.metrics.wireBytes).toBeLessThan(PUSH_WIRE_BYTES_AT_10S);
    expect(digest.verdict.text).toMatch(/^Fewer: digest sent [\d,]+ bytes by 10\.0 s, push 530,607 by 10 s\. You said fewer: right\.$/);
    // The notice's first claim: early on, digest costs more.
    const early = replay({ config: step("digest", 1).config, commands: s.commands }, 2000, PAGE).metrics();
    const earlyPush = replay({ config, commands: s.commands }, 2000, PAGE).metrics();
    expect(early.wireBytes!).toBeGreaterThan(earlyPush.wireBytes!);
  });

  it("tuning: flooding a grid costs over a hundred msgs-per-op; the star meets 3e at 200 ms and 3d at 150 ms", () => {
    const first = step("tuning", 0);
    const grid = replay({ config: first.config, commands: first.s.commands }, first.s.measureAtMs!, PAGE).metrics();
    expect(grid.msgsPerOp).toBeGreaterThan(100);
    // 8 hops across at 100 ms: the maximum latency misses 3d's 600 ms.
    expect(grid.stableLatencyMs!["1"]).toBeGreaterThanOrEqual(600);
    expect(scorecard(grid).map((r) => r.met)).toEqual([false, false]);
    const star = answered("tuning", 1, "3e");
    expect(star.metrics.nowMs).toBe(4000);
    expect(scorecard(star.metrics).map((r) => r.met)).toEqual([false, true]);
    expect(star.verdict.text).toMatch(/^3e: \d+\.\d msgs-per-op, median latency \d+ ms, maximum \d+ ms, at 4\.0 s\. You said 3e: right\.$/);
    const second = step("tuning", 1);
    const faster = replay({ config: { ...second.config, gossipIntervalMs: 150 }, commands: second.s.commands }, 4000, PAGE).metrics();
    expect(scorecard(faster).map((r) => r.met)).toEqual([true, false]);
    expect(faster.msgsPerOp).toBeGreaterThan(star.metrics.msgsPerOp);
    expect(faster.stableLatencyMs!["0.5"]).toBeLessThan(star.metrics.stableLatencyMs!["0.5"]);
  });

  it("crash: n7 comes back empty and learns value 1 by gossip", () => {
    const { verdict, engine } = answered("crash", 0, "yes");
    expect(verdict.text).toMatch(/^Yes: all 16 live nodes know it/);
    expect(engine.knows(6, 0)).toBe(true);
    expect(engine.isAlive(6)).toBe(true);
    // The notice: the Rounds cell fills once every live node knows it, n7 back among them.
    const v = engine.metrics().values[0]!;
    expect(v.rounds).not.toBeNull();
    expect(v.fullAtMs).toBeGreaterThan(3000);
  });

  it("partition: one side only before the heal, and everyone within a round or two after it", () => {
    const before = answered("partition", 0, "12");
    expect(before.metrics.nowMs).toBe(3999);
    expect(before.metrics.values[0]!.knownBy).toBeLessThanOrEqual(12);
    expect(before.metrics.droppedByReason.partition).toBeGreaterThan(0);
    expect(before.verdict.text).toMatch(/^\d+ of 24 just before the heal; \d+ messages were cut off by the partition\./);
    const { s, config } = step("partition", 0);
    const crossed = replay({ config, commands: s.commands }, 4000 + 2 * config.gossipIntervalMs, PAGE).metrics();
    expect(crossed.values[0]!.knownBy).toBeGreaterThan(before.metrics.values[0]!.knownBy);
    const all = replay({ config, commands: s.commands }, 4000 + 12 * config.gossipIntervalMs, PAGE).metrics();
    expect(all.values[0]!.fullAtMs).not.toBeNull();
  });

  it("topology: the rumour walks the ring (about N/2 rounds), the grid takes about its diameter, the random graph about log N", () => {
    const ring = answered("topology", 0, "16").metrics.values[0]!.rounds!;
    const grid = answered("topology", 1, "8").metrics.values[0]!.rounds!;
    const random = answered("topology", 2, "5").metrics.values[0]!.rounds!;
    expect(Math.abs(ring - 16)).toBeLessThanOrEqual(3);
    // A grid of 32 (6 columns): diameter 5 + 5.
    expect(Math.abs(grid - 10)).toBeLessThanOrEqual(3);
    expect(random).toBeLessThan(grid);
    expect(random).toBeLessThanOrEqual(Math.ceil(Math.log2(32)) + 3);
  });

  it("push-pull: finishes in fewer rounds than push", () => {
    const push = answered("push-pull", 0, "12").metrics.values[0]!.rounds!;
    const pushPull = answered("push-pull", 1, "6").metrics.values[0]!.rounds!;
    expect(pushPull).toBeLessThan(push);
  });
});
