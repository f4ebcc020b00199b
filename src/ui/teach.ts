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
  /** The answer is in: the run may pass the moment, and plays on. */
  function playOn(): void {
    send({ type: "limit", atMs: null });
    send({ type: "play" });
  }

  return {
    showLesson(id, step) {
      const s = findLesson(id)?.steps[step];
      if (!s) return;
      open({ config: resolveConfig(stepConfig(s)).config, commands: s.commands }, s.atMs, s.atMs, s.play === true && !s.predict);
      useUi.setState({ lesson: { id, step, answer: null }, challenge: null });
      // A prediction first: the run holds at the step's moment until the answer is in.
      if (s.predict) send({ type: "limit", atMs: s.atMs });
    },
    leaveLesson() {
      useUi.setState({ lesson: null });
      send({ type: "limit", atMs: null });
    },
    answerLesson(answer) {
      const lesson = useUi.getState().lesson;
      if (!lesson || lesson.answer !== null || answer.trim() === "") return;
      useUi.setState({ lesson: { ...lesson, answer: answer.trim() } });
      playOn();
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
