/**
 * Lessons and challenges, the page's two ways of asking before showing: a lesson step or a
 * challenge link opens a run held at its moment until the student's answer is in, then plays on.
 * Intents of a few lines each over the controller's way of opening a run and sending a command.
 */
import type { RunScript } from "../sim/script";
import type { ToWorker } from "../worker/messages";
import { findLesson, stepConfig } from "./lessons/lessons";
import { useUi } from "./store";
import { resolveConfig, runSearch } from "./url";

export interface TeachDeps {
  send(message: ToWorker): void;
  /** Opens `script`, replayed to `endMs`, at `atMs`, with nothing of the previous run left in the store. */
  open(script: RunScript, atMs: number, endMs: number, playing: boolean): void;
}

export interface Teaching {
  /** Stops taking verdicts (the store subscriber). */
  dispose(): void;
  /** Shows lesson `id` at step `step` (from 0): its run, held at its moment when it asks for a prediction. */
  showLesson(id: string, step: number): void;
  leaveLesson(): void;
  answerLesson(answer: string): void;
  /** Opens `script` at `atMs` asking `question`: it does not play past that moment until Reveal. */
  openChallenge(script: RunScript, atMs: number, question: string): void;
  /** A link that opens the run shown at its moment in predict mode, asking `question`. */
  challengeLink(question: string, page: string): string;
  reveal(prediction: string): void;
}

export function createTeaching({ send, open }: TeachDeps): Teaching {
  /** The answer is in: the run may pass the moment, and plays on (to the moment its answer is taken at, if it has one). */
  function playOn(atMs: number | null = null): void {
    send({ type: "limit", atMs });
    send({ type: "play" });
  }

  /**
   * Takes a step's verdict, and the numbers it comes from, when its moment comes (a store
   * subscriber): at the step's measureAtMs, where the run holds for it, or, without one, once the
   * run can no longer change the answer. It stays as taken however the run goes on.
   */
  const stopWatching = useUi.subscribe((state) => {
    const lesson = state.lesson;
    const metrics = state.metrics;
    if (!lesson || lesson.measured !== null || !metrics) return;
    const step = findLesson(lesson.id)?.steps[lesson.step];
    if (!step || (step.predict && lesson.answer === null)) return;
    const at = step.measureAtMs;
    if (at !== undefined && state.nowMs !== at) return;
    const verdict = step.predict?.verdict(metrics, resolveConfig(stepConfig(step)).config, lesson.answer ?? "") ?? null;
    if (at === undefined && !verdict?.final) return;
    useUi.setState({ lesson: { ...lesson, verdict: verdict?.text ?? null, measured: metrics } });
    // Taken: the run may play on past the moment when asked.
    if (at !== undefined) send({ type: "limit", atMs: null });
  });

  return {
    dispose: stopWatching,
    showLesson(id, step) {
      const s = findLesson(id)?.steps[step];
      if (!s) return;
      open({ config: resolveConfig(stepConfig(s)).config, commands: s.commands }, s.atMs, s.atMs, s.play === true && !s.predict);
      useUi.setState({ lesson: { id, step, answer: null, verdict: null, measured: null }, challenge: null });
      // A prediction first: the run holds at the step's moment until the answer is in; without one,
      // at the moment what it shows is taken.
      if (s.predict) send({ type: "limit", atMs: s.atMs });
      else if (s.measureAtMs !== undefined) send({ type: "limit", atMs: s.measureAtMs });
    },
    leaveLesson() {
      useUi.setState({ lesson: null });
      send({ type: "limit", atMs: null });
    },
    answerLesson(answer) {
      const lesson = useUi.getState().lesson;
      if (!lesson || lesson.answer !== null || answer.trim() === "") return;
      useUi.setState({ lesson: { ...lesson, answer: answer.trim() } });
      playOn(findLesson(lesson.id)?.steps[lesson.step]?.measureAtMs ?? null);
    },
    openChallenge(script, atMs, question) {
      open(script, atMs, atMs, false);
      useUi.setState({ challenge: { question, atMs, revealed: false, prediction: "" } });
      send({ type: "limit", atMs });
    },
    challengeLink(question, page) {
      const { script, speed, demo, nowMs } = useUi.getState();
      if (!script) return "";
      // The moment shown is the challenge's: the future is played out on the student's page.
      return page + runSearch(script.config, speed, demo, { commands: script.commands, atMs: nowMs, endMs: nowMs, paused: true }, question.trim() || "What happens next?");
    },
    reveal(prediction) {
      const challenge = useUi.getState().challenge;
      if (!challenge || challenge.revealed || prediction.trim() === "") return;
      useUi.setState({ challenge: { ...challenge, revealed: true, prediction: prediction.trim() } });
      playOn();
    },
  };
}
