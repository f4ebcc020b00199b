/**
 * The guided lessons: each a few steps on the live simulation (not a video). A step is a run (its
 * settings and scripted commands), the moment it opens at, a caption, and maybe a prediction: the
 * run then holds at that moment until the student commits to an answer, plays on, and the step
 * shows what happened beside what theory says. Lessons end with things to notice and things to try
 * (as NetLogo's models do). Every step has a deep link, `?lesson=ID&step=N`.
 *
 * The topics follow the Gossiper course track the node protocol comes from and Maelstrom's
 * broadcast challenges.
 */
import { DEFAULT_CONFIG, type SimConfig } from "../../sim/config";
import type { RunMetrics } from "../../sim/engine-api";
import type { ScriptCommand } from "../../sim/script";
import { predictRounds } from "../../sim/theory";

/** The answer in words, from the run at the moment shown; `final` once the run can no longer change it. */
export interface Verdict {
  text: string;
  final: boolean;
}

export interface Prediction {
  question: string;
  /** A number, or one of a few choices. */
  choices?: readonly string[];
  /** The answer, beside the student's (`answer`): taken at the step's measureAtMs, or once final. */
  verdict(m: RunMetrics, config: SimConfig, answer: string): Verdict;
}

export interface LessonStep {
  caption: string;
  /** The run: settings over the defaults, and its commands. */
  settings: Partial<SimConfig>;
  commands: ScriptCommand[];
  /** Where the step opens (ms); with a prediction the run holds here until the answer is in. */
  atMs: number;
  /**
   * The moment the step's question (or scorecard) is about, ms: the run pauses there, and what it
   * says is taken then and stays (the run plays on from there when asked).
   */
  measureAtMs?: number;
  predict?: Prediction;
  /** Whether the step plays on opening (a step without a prediction). */
  play?: boolean;
}

export interface Lesson {
  id: string;
  title: string;
  goal: string;
  steps: LessonStep[];
  notice: string[];
  tryThis: string[];
}

const inject = (t: number, node: number): ScriptCommand => ({ t, type: "inject", node });

/** Rounds a question waits for a value to reach everyone before saying it did not. */
const ROUNDS_WAITED = 40;

/** How a number answer compares with what happened. */
function besideAnswer(answer: string, actual: number): string {
  const said = Number(answer);
  if (!Number.isFinite(said)) return "";
  if (said === actual) return " That is your answer exactly.";
  return Math.abs(said - actual) <= 1 ? ` You said ${said}: one off.` : ` You said ${said}: ${actual > said ? "it took more" : "it took fewer"}.`;
}

/** How a choice compares with what happened. */
function besideChoice(answer: string, actual: string): string {
  return answer === actual ? ` You said ${answer}: right.` : ` You said ${answer}: not this time.`;
}

/** Rounds the first value took to reach every live node, beside the answer and the theory; final once it did, or after ROUNDS_WAITED rounds. */
function roundsVerdict(m: RunMetrics, config: SimConfig, answer: string): Verdict {
  const v = m.values[0];
  if (!v) return { text: "Nothing was injected.", final: true };
  const theory = predictRounds(config);
  const expects = theory ? ` Theory expects ${theory.rounds.toFixed(1)} (${theory.source}).` : "";
  if (v.rounds !== null) return { text: `${v.rounds} rounds: every live node knew it after round ${v.rounds}.${besideAnswer(answer, v.rounds)}${expects}`, final: true };
  if (m.round >= ROUNDS_WAITED) return { text: `Not everyone, even after ${ROUNDS_WAITED} rounds: ${v.knownBy} of ${m.liveNodes} know it.${expects}`, final: true };
  return { text: `So far ${v.knownBy} of ${m.liveNodes} know it, after round ${m.round}.`, final: false };
}

/**
 * Whether every live node learned the first value. Final once they all did; or, with nothing in
 * flight and no gossip rounds, when nobody can tell anyone any more; or after ROUNDS_WAITED rounds.
 */
function reachVerdict(m: RunMetrics, config: SimConfig, answer: string): Verdict {
  const v = m.values[0];
  if (!v) return { text: "Nothing was injected.", final: true };
  if (v.fullAtMs !== null) return { text: `Yes: all ${m.liveNodes} live nodes know it (from ${(v.fullAtMs / 1000).toFixed(2)} s).${besideChoice(answer, "yes")}`, final: true };
  if (config.gossip === "off" && m.inFlight === 0) {
    return { text: `No: the flood is over, ${v.knownBy} of ${m.liveNodes} know it, and no message is on its way to tell the rest.${besideChoice(answer, "no")}`, final: true };
  }
  if (m.round >= ROUNDS_WAITED) return { text: `No: after ${ROUNDS_WAITED} rounds ${v.knownBy} of ${m.liveNodes} know it.${besideChoice(answer, "no")}`, final: true };
  return { text: `Not yet: ${v.knownBy} of ${m.liveNodes} know it.`, final: false };
}

/** The digest lesson's runs: 32 nodes, 100 values injected at time 0, measured at 10 s. */
const DIGEST_VALUES = Array.from({ length: 100 }, (_, i) => inject(0, (i * 5) % 32));
const DIGEST_AT_MS = 10_000;
/** Bytes on the wire the push step's run has sent at DIGEST_AT_MS (its lesson test holds this to the engine). */
export const PUSH_WIRE_BYTES_AT_10S = 530_607;

/** The tuning lesson's workload: a broadcast every 20 ms for 2 s, measured 2 s after the last, as Maelstrom's final reads do. */
const TUNING_WORKLOAD = Array.from({ length: 100 }, (_, i) => inject(i * 20, (i * 7) % 25));
const TUNING_AT_MS = 4000;

export const LESSONS: readonly Lesson[] = [
  {
    id: "log-n",
    title: "One rumour and the log N law",
    goal: "See why gossip reaches N nodes in about log N rounds.",
    steps: [
      {
        caption: "64 nodes, all connected. Each round every node that knows the rumour tells one random node (push, fanout 1). n1 has just heard it.",
        settings: { nodes: 64, topology: "complete", gossip: "push", fanout: 1, dropRate: 0, forward: false, seed: 3 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds until all 64 nodes know it?", verdict: roundsVerdict },
      },
      {
        caption: "Now 512 nodes: eight times as many. Same rules.",
        settings: { nodes: 512, topology: "complete", gossip: "push", fanout: 1, dropRate: 0, forward: false, seed: 3 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds now?", verdict: roundsVerdict },
      },
    ],
    notice: ["The informed share roughly doubles each round at first, then the last few nodes take a while to find.", "Eight times the nodes cost only a few more rounds: log₂ N + ln N (Pittel 1987)."],
    tryThis: ["Set Nodes to 4096 and predict again.", "Set Fanout to 2: how many rounds does it save?"],
  },
  {
    id: "fanout",
    title: "Fanout and the chance of reaching everyone",
    goal: "See how telling more peers a round speeds spreading, and what a naive estimate misses.",
    steps: [
      {
        caption: "A complete graph of 100 nodes, fanout 1, 10% loss. The naive estimate: after r rounds (1 + fanout)^r nodes know it.",
        settings: { nodes: 100, topology: "complete", gossip: "push", fanout: 1, dropRate: 0.1, forward: false, seed: 5 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "With fanout 1, how many rounds to reach all 100? (naive: log₂ 100 ≈ 6.6)", verdict: roundsVerdict },
      },
      {
        caption: "The same with fanout 3: four times as many nodes informed per round, by the naive estimate.",
        settings: { nodes: 100, topology: "complete", gossip: "push", fanout: 3, dropRate: 0.1, forward: false, seed: 5 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "With fanout 3, how many rounds? (naive: log₄ 100 ≈ 3.3)", verdict: roundsVerdict },
      },
    ],
    notice: ["The naive estimate forgets that late in the spread most calls reach nodes that already know: the ln N / q term of the theory.", "Loss acts like a smaller fanout: q = K(1 − d)."],
    tryThis: ["Raise the drop rate to 50% and compare with fanout 2 and no loss.", "Watch msgs-per-op grow with the fanout in Run totals."],
  },
  {
    id: "loss",
    title: "Periodic rounds versus flooding under loss",
    goal: "See why a gossip timer makes a broadcast survive a lossy network.",
    steps: [
      {
        caption: "Flooding alone: forward each new value to the neighbours once, no gossip rounds. A ring of 20 nodes, 30% of messages lost.",
        settings: { nodes: 20, topology: "ring", gossip: "off", forward: true, dropRate: 0.3, seed: 2 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "Will every node learn it?", choices: ["yes", "no"], verdict: reachVerdict },
      },
      {
        caption: "The same ring and loss, with push gossip every 500 ms on top of flooding.",
        settings: { nodes: 20, topology: "ring", gossip: "push", fanout: 2, forward: true, dropRate: 0.3, seed: 2 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "Will every node learn it now?", choices: ["yes", "no"], verdict: reachVerdict },
      },
    ],
    notice: ["A flood that loses a message on a ring stops there for good: nobody sends again.", "Rounds repeat: a lost message is just sent again next round (the gossip timer of the course's task)."],
    tryThis: ["Set the drop rate to 0.6: does gossip still get there?", "Open the space-time diagram and filter to messages that taught value 1."],
  },
  {
    id: "digest",
    title: "Digests save bytes",
    goal: "See anti-entropy with digests send fewer bytes than full syncs once nodes agree.",
    steps: [
      {
        caption: "Push sends everything a node knows to its peers every round, whether they need it or not. 32 nodes, 100 values; here is the run at 10 s, when every node has long known all of them: see Bytes sent in Run totals.",
        settings: { nodes: 32, topology: "random", degree: 4, gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 4 },
        commands: DIGEST_VALUES,
        atMs: DIGEST_AT_MS,
        play: false,
      },
      {
        caption: "Digest: a node first sends a hash of what it knows, and values only when the hashes differ. Same run otherwise.",
        settings: { nodes: 32, topology: "random", degree: 4, gossip: "digest", fanout: 2, dropRate: 0, forward: false, seed: 4 },
        commands: DIGEST_VALUES,
        atMs: 0,
        measureAtMs: DIGEST_AT_MS,
        predict: {
          question: `By 10 s, will digest have sent fewer bytes than push (${PUSH_WIRE_BYTES_AT_10S.toLocaleString("en-US")} bytes by then, the previous step)?`,
          choices: ["fewer", "about the same", "more"],
          verdict: (m, _config, answer) => {
            const sent = m.wireBytes ?? 0;
            const ratio = sent / PUSH_WIRE_BYTES_AT_10S;
            const word = ratio < 0.95 ? "fewer" : ratio > 1.05 ? "more" : "about the same";
            const early = m.nowMs < DIGEST_AT_MS ? ` (so far, at ${(m.nowMs / 1000).toFixed(1)} s)` : "";
            return { text: `${word[0]!.toUpperCase()}${word.slice(1)}: digest sent ${sent.toLocaleString("en-US")} bytes by ${(m.nowMs / 1000).toFixed(1)} s, push ${PUSH_WIRE_BYTES_AT_10S.toLocaleString("en-US")} by 10 s${early}.${besideChoice(answer, word)}`, final: m.nowMs >= DIGEST_AT_MS };
          },
        },
      },
    ],
    notice: [
      "While nodes still disagree, digest costs more: a hash first, then the values, and more messages. Once they agree, push keeps sending all 100 values; digest sends 8-character hashes.",
      "Bytes to all in the values table freezes the cost at convergence.",
    ],
    tryThis: ["Inject more values: the gap grows with what nodes know.", "Try push-pull: faster, but full sets both ways."],
  },
  {
    id: "tuning",
    title: "Tuning fanout and interval: msgs-per-op against latency",
    goal: "Meet Maelstrom's efficiency targets by trading messages for latency.",
    steps: [
      {
        caption:
          "25 nodes in a grid, 100 ms latency, 100 broadcasts in 2 s (one every 20 ms), each flooded to the neighbours, and push gossip every 200 ms on top. The Fly.io challenge's targets: 3d wants under 30 msgs-per-op, median latency under 400 ms and maximum under 600 ms; 3e wants under 20 msgs-per-op, 1 s and 2 s. The scorecard rates the run at 4 s, 2 s after the last broadcast, as Maelstrom measures a test that has ended.",
        settings: { nodes: 25, topology: "grid", gossip: "push", fanout: 2, gossipIntervalMs: 200, latencyMs: 100, dropRate: 0, forward: true, seed: 6 },
        commands: TUNING_WORKLOAD,
        atMs: 0,
        measureAtMs: TUNING_AT_MS,
        play: true,
      },
      {
        caption: "The same workload on a star: every node talks to one hub (n1), as a spanning tree would have it. No flooding: the hub and the leaves gossip every 200 ms, the hub to all 24 leaves.",
        settings: { nodes: 25, topology: "star", gossip: "push", fanout: 24, gossipIntervalMs: 200, latencyMs: 100, dropRate: 0, forward: false, seed: 6 },
        commands: TUNING_WORKLOAD,
        atMs: 0,
        measureAtMs: TUNING_AT_MS,
        predict: {
          question: "Which target will this meet at 4 s: 3d, 3e, both or neither?",
          choices: ["3d", "3e", "both", "neither"],
          verdict: (m, _config, answer) => {
            const met = scorecard(m).filter((r) => r.met).map((r) => r.target);
            const word = met.length === 2 ? "both" : met.length === 1 ? met[0]! : "neither";
            const lat = m.stableLatencyMs;
            const latency = lat ? `, median latency ${lat["0.5"]} ms, maximum ${lat["1"]} ms` : "";
            return { text: `${word === "neither" ? "Neither" : word === "both" ? "Both" : word}: ${m.msgsPerOp.toFixed(1)} msgs-per-op${latency}, at ${(m.nowMs / 1000).toFixed(1)} s.${besideChoice(answer, word)}`, final: m.nowMs >= TUNING_AT_MS };
          },
        },
      },
    ],
    notice: [
      "msgs-per-op counts every node-to-node message per client operation, as Maelstrom does: flooding every broadcast over a grid costs over a hundred.",
      "A grid of 25 is 8 hops across: at 100 ms a hop no message reaches the far corner within 3d's 600 ms, whatever the fanout. Maelstrom solutions pick their own topology.",
      "Longer intervals save messages and cost latency: at 200 ms the star meets 3e; at 150 ms it meets 3d instead (more messages, less latency).",
    ],
    tryThis: ["Set the Gossip interval to 150 ms on the star: which target now?", "Turn forwarding on for the star: what happens to msgs-per-op?"],
  },
  {
    id: "crash",
    title: "A crash and the catch-up",
    goal: "See a crashed node come back empty and catch up by gossip.",
    steps: [
      {
        caption: "n7 crashes before value 1 is broadcast at n1. It comes back 3 s later, knowing nothing.",
        settings: { nodes: 16, topology: "random", degree: 4, gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 8 },
        commands: [{ t: 0, type: "crash", node: 6 }, inject(0, 0), { t: 3000, type: "restart", node: 6 }],
        atMs: 2999,
        predict: {
          question: "Will n7 ever learn value 1?",
          choices: ["yes", "no"],
          verdict: (m, config, answer) => {
            const v = reachVerdict(m, config, answer);
            return v.final ? { ...v, text: `${v.text} (Select n7 and value 1 to see how it learned it.)` } : v;
          },
        },
      },
    ],
    notice: ["A restarted node has no state: it learns everything again from its peers' rounds.", "A value's Rounds cell fills only once every live node knows it: back from its crash, n7 is live again, so the cell waits for n7 to catch up."],
    tryThis: ["Crash three nodes instead of one.", "With gossip off (flooding only), does n7 ever catch up?"],
  },
  {
    id: "partition",
    title: "A partition and its healing",
    goal: "See a network split stop the spread, and the heal let it through.",
    steps: [
      {
        caption: "24 nodes in a ring, cut in two: n1…n12 and the rest. Value 1 starts at n1. The cut heals at 4 s.",
        settings: { nodes: 24, topology: "ring", gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 9 },
        commands: [{ t: 0, type: "partition", groups: [Array.from({ length: 12 }, (_, i) => i)] }, inject(0, 0), { t: 4000, type: "heal" }],
        atMs: 0,
        measureAtMs: 3999,
        predict: {
          question: "How many nodes will know value 1 just before the heal, at 4 s?",
          verdict: (m, _config, answer) => {
            const cut = m.droppedByReason.partition;
            const known = m.values[0]?.knownBy ?? 0;
            const when = m.nowMs >= 3999 ? "just before the heal" : `so far, at ${(m.nowMs / 1000).toFixed(2)} s`;
            return { text: `${known} of ${m.liveNodes} ${when}; ${cut} message${cut === 1 ? " was" : "s were"} cut off by the partition.${m.nowMs >= 3999 ? besideAnswer(answer, known).replace("it took more", "more").replace("it took fewer", "fewer") : ""}`, final: m.nowMs >= 3999 };
          },
        },
      },
    ],
    notice: [
      "Messages across the cut end in a barred circle: the partition drops them.",
      "After the heal the value crosses the cut within two rounds, then walks the other half of the ring, a node or two a round.",
    ],
    tryThis: ["Draw your own partition: Shift-drag around some nodes and Cut off.", "Heal earlier, or never."],
  },
  {
    id: "topology",
    title: "Topology matters",
    goal: "See how the shape of the network sets the speed of the spread.",
    steps: [
      {
        caption: "A ring of 32 nodes: each talks only to its two neighbours. Push, fanout 2, no loss.",
        settings: { nodes: 32, topology: "ring", gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 1 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds until all 32 know it?", verdict: roundsVerdict },
      },
      {
        caption: "The same 32 nodes in a grid.",
        settings: { nodes: 32, topology: "grid", gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 1 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds on the grid?", verdict: roundsVerdict },
      },
      {
        caption: "A random 4-regular graph of 32 nodes.",
        settings: { nodes: 32, topology: "random", degree: 4, gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 1 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "And on the random graph?", verdict: roundsVerdict },
      },
    ],
    notice: ["On a ring the rumour walks: about N/2 rounds. On a grid, about its diameter. Random graphs are expanders: about log N."],
    tryThis: ["Try the complete graph and a star.", "Use Show spread tree to see who taught whom."],
  },
  {
    id: "push-pull",
    title: "Push, pull and push-pull",
    goal: "See pulling finish the last nodes faster than pushing.",
    steps: [
      {
        caption: "256 nodes, all connected, push with fanout 1.",
        settings: { nodes: 256, topology: "complete", gossip: "push", fanout: 1, dropRate: 0, forward: false, seed: 11 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds with push?", verdict: roundsVerdict },
      },
      {
        caption: "The same with push-pull: a node also takes back what its peer knows and it does not.",
        settings: { nodes: 256, topology: "complete", gossip: "push-pull", fanout: 1, dropRate: 0, forward: false, seed: 11 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds with push-pull?", verdict: roundsVerdict },
      },
    ],
    notice: ["Push is fast while few know, slow at the end; pull is the reverse; push-pull gets both: log₃ N + O(log log N) (Karp et al. 2000)."],
    tryThis: ["Compare Msgs to all of the two: what did the speed cost?"],
  },
];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** A step's settings over the page's defaults. */
export function stepConfig(step: LessonStep): SimConfig {
  return { ...DEFAULT_CONFIG, ...step.settings };
}

/** The Fly.io broadcast challenge's efficiency targets, and whether the run meets them (Maelstrom's msgs-per-op and stable latency). */
export const TARGETS = [
  { target: "3d", msgsPerOp: 30, medianMs: 400, maxMs: 600 },
  { target: "3e", msgsPerOp: 20, medianMs: 1000, maxMs: 2000 },
] as const;

export function scorecard(m: RunMetrics): { target: string; msgsPerOp: number; medianMs: number | null; maxMs: number | null; met: boolean }[] {
  const lat = m.stableLatencyMs;
  return TARGETS.map((t) => ({
    target: t.target,
    msgsPerOp: m.msgsPerOp,
    medianMs: lat ? lat["0.5"] : null,
    maxMs: lat ? lat["1"] : null,
    met: lat !== null && m.msgsPerOp < t.msgsPerOp && lat["0.5"] < t.medianMs && lat["1"] < t.maxMs,
  }));
}
