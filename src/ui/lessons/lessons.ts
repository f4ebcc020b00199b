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

export interface Prediction {
  question: string;
  /** A number, or one of a few choices. */
  choices?: readonly string[];
  /** What happened, from the run's numbers once it played on (updated as it goes). */
  outcome(m: RunMetrics, config: SimConfig): string;
}

export interface LessonStep {
  caption: string;
  /** The run: settings over the defaults, and its commands. */
  settings: Partial<SimConfig>;
  commands: ScriptCommand[];
  /** Where the step opens (ms); with a prediction the run holds here until the answer is in. */
  atMs: number;
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

/** Rounds the first value took, and what theory expected, as a sentence. */
function roundsOutcome(m: RunMetrics, config: SimConfig): string {
  const v = m.values[0];
  if (!v) return "Nothing was injected.";
  const theory = predictRounds(config);
  const measured = v.rounds === null ? `Not everyone knows it yet: ${v.knownBy} of ${m.liveNodes} after round ${m.round}.` : `Every live node knew it after ${v.rounds} rounds.`;
  return theory ? `${measured} Theory expects ${theory.rounds.toFixed(1)} (${theory.source}).` : measured;
}

function reachOutcome(m: RunMetrics): string {
  const v = m.values[0];
  if (!v) return "Nothing was injected.";
  return v.fullAtMs !== null ? `Yes: all ${m.liveNodes} live nodes know it (after ${v.rounds} rounds).` : `Not (yet): ${v.knownBy} of ${m.liveNodes} live nodes know it at round ${m.round}.`;
}

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
        predict: { question: "How many rounds until all 64 nodes know it?", outcome: roundsOutcome },
      },
      {
        caption: "Now 512 nodes: eight times as many. Same rules.",
        settings: { nodes: 512, topology: "complete", gossip: "push", fanout: 1, dropRate: 0, forward: false, seed: 3 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds now?", outcome: roundsOutcome },
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
        caption: "A random graph of 100 nodes, fanout 1, 10% loss. The naive estimate: after r rounds (1 + fanout)^r nodes know it.",
        settings: { nodes: 100, topology: "complete", gossip: "push", fanout: 1, dropRate: 0.1, forward: false, seed: 5 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "With fanout 1, how many rounds to reach all 100? (naive: log₂ 100 ≈ 6.6)", outcome: roundsOutcome },
      },
      {
        caption: "The same with fanout 3: four times as many nodes informed per round, by the naive estimate.",
        settings: { nodes: 100, topology: "complete", gossip: "push", fanout: 3, dropRate: 0.1, forward: false, seed: 5 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "With fanout 3, how many rounds? (naive: log₄ 100 ≈ 3.3)", outcome: roundsOutcome },
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
        predict: { question: "Will every node learn it?", choices: ["yes", "no"], outcome: reachOutcome },
      },
      {
        caption: "The same ring and loss, with push gossip every 500 ms on top of flooding.",
        settings: { nodes: 20, topology: "ring", gossip: "push", fanout: 2, forward: true, dropRate: 0.3, seed: 2 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "Will every node learn it now?", choices: ["yes", "no"], outcome: reachOutcome },
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
        caption: "Push sends everything a node knows to its peers every round, whether they need it or not. 32 nodes, five values.",
        settings: { nodes: 32, topology: "random", degree: 4, gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 4 },
        commands: [inject(0, 0), inject(0, 5), inject(0, 10), inject(0, 15), inject(0, 20)],
        atMs: 5000,
        play: false,
      },
      {
        caption: "Digest: a node first sends a hash of what it knows, and values only when the hashes differ. Same run otherwise.",
        settings: { nodes: 32, topology: "random", degree: 4, gossip: "digest", fanout: 2, dropRate: 0, forward: false, seed: 4 },
        commands: [inject(0, 0), inject(0, 5), inject(0, 10), inject(0, 15), inject(0, 20)],
        atMs: 0,
        predict: {
          question: "After 5 s, will digest have sent fewer bytes than push did (see Bytes sent in the previous step)?",
          choices: ["fewer", "about the same", "more"],
          outcome: (m) => `Digest sent ${m.wireBytes?.toLocaleString("en-US") ?? "?"} bytes by ${(m.nowMs / 1000).toFixed(1)} s (compare Bytes sent of the push step).`,
        },
      },
    ],
    notice: ["Once every node knows every value, push keeps sending full sets; digest sends 8-character hashes.", "Bytes to all in the values table freezes the cost at convergence."],
    tryThis: ["Inject more values: the gap grows with what nodes know.", "Try push-pull: faster, but full sets both ways."],
  },
  {
    id: "tuning",
    title: "Tuning fanout and interval: msgs-per-op against latency",
    goal: "Meet Maelstrom's efficiency targets by trading messages for latency.",
    steps: [
      {
        caption:
          "25 nodes in a grid, 100 ms latency, a broadcast every 500 ms. The Fly.io challenge's targets: 3d wants under 30 msgs-per-op, median latency under 400 ms and maximum under 600 ms; 3e wants under 20 msgs-per-op, 1 s and 2 s. The scorecard rates this run.",
        settings: { nodes: 25, topology: "grid", gossip: "push", fanout: 2, gossipIntervalMs: 200, latencyMs: 100, dropRate: 0, forward: true, seed: 6 },
        commands: [inject(0, 0), inject(500, 7), inject(1000, 13), inject(1500, 19), inject(2000, 24)],
        atMs: 0,
        play: true,
      },
      {
        caption: "Fewer rounds, fewer messages: gossip every 800 ms with fanout 1. Watch the scorecard.",
        settings: { nodes: 25, topology: "grid", gossip: "push", fanout: 1, gossipIntervalMs: 800, latencyMs: 100, dropRate: 0, forward: true, seed: 6 },
        commands: [inject(0, 0), inject(500, 7), inject(1000, 13), inject(1500, 19), inject(2000, 24)],
        atMs: 0,
        predict: { question: "Which target will this meet: 3d, 3e, both or neither?", choices: ["3d", "3e", "both", "neither"], outcome: (m) => scorecard(m).map((s) => `${s.target}: ${s.met ? "met" : "missed"}`).join("; ") },
      },
    ],
    notice: ["msgs-per-op counts every node-to-node message per client operation, as Maelstrom does.", "Longer intervals and smaller fanouts save messages and cost latency."],
    tryThis: ["Find the smallest fanout and longest interval that still meet 3d.", "Turn forwarding off: what happens to latency?"],
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
        predict: { question: "Will n7 ever learn value 1?", choices: ["yes", "no"], outcome: (m) => `${reachOutcome(m)} (Select n7 and a value to see how it learned it.)` },
      },
    ],
    notice: ["A restarted node has no state: it learns everything again from its peers' rounds.", "The value's rounds cell empties at the restart and fills again when n7 catches up."],
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
        predict: {
          question: "How many nodes will know value 1 just before the heal, at 4 s?",
          outcome: (m) => {
            const cut = m.droppedByReason.partition;
            return `${m.values[0]?.knownBy ?? 0} of ${m.liveNodes} know it at ${(m.nowMs / 1000).toFixed(1)} s; ${cut} message${cut === 1 ? " was" : "s were"} cut off by the partition.`;
          },
        },
      },
    ],
    notice: ["Messages across the cut end in a barred circle: the partition drops them.", "After the heal, gossip carries the value across within a round or two."],
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
        predict: { question: "How many rounds until all 32 know it?", outcome: roundsOutcome },
      },
      {
        caption: "The same 32 nodes in a grid.",
        settings: { nodes: 32, topology: "grid", gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 1 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds on the grid?", outcome: roundsOutcome },
      },
      {
        caption: "A random 4-regular graph of 32 nodes.",
        settings: { nodes: 32, topology: "random", degree: 4, gossip: "push", fanout: 2, dropRate: 0, forward: false, seed: 1 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "And on the random graph?", outcome: roundsOutcome },
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
        predict: { question: "How many rounds with push?", outcome: roundsOutcome },
      },
      {
        caption: "The same with push-pull: a node also takes back what its peer knows and it does not.",
        settings: { nodes: 256, topology: "complete", gossip: "push-pull", fanout: 1, dropRate: 0, forward: false, seed: 11 },
        commands: [inject(0, 0)],
        atMs: 0,
        predict: { question: "How many rounds with push-pull?", outcome: roundsOutcome },
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
