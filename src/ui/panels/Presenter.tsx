/**
 * Presenter mode: "Present" (or P) gives the stage to the graph, with the round, the clock and the
 * chart beside it in large type, every other panel hidden; Esc leaves. Keys for the demonstration:
 * Space plays or pauses, the arrows step back and forward a round, B broadcasts, C crashes the
 * selected node, ? shows the keys; the stage has Play/Pause and the steps as buttons too, and a
 * lesson's question with its answer. A key that cannot act says why in a notice. The layout is CSS on the same components (nothing remounts, so
 * the graph keeps its layout).
 */
import { useEffect, useId } from "react";
import { useController } from "../context";
import { formatSeconds } from "../format";
import { findLesson } from "../lessons/lessons";
import { useLiveText } from "../live";
import { addNotices, useUi } from "../store";
import { LessonQuestion } from "./Lessons";

/** Whether a key press belongs to a control being typed into, not to the page. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return el !== null && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

/** The page's keys for presenting; mounted once. */
export function usePresenterKeys(): void {
  const controller = useController();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const state = useUi.getState();
      if (!state.presenting) {
        if (e.key === "p" || e.key === "P") {
          useUi.setState({ presenting: true });
          e.preventDefault();
        }
        return;
      }
      switch (e.key) {
        case "Escape":
        case "p":
        case "P":
          useUi.setState({ presenting: false, presenterHelp: false });
          break;
        case " ":
          if (!waitingForAnswer()) controller.togglePlay();
          break;
        case "ArrowLeft":
          controller.stepBack();
          break;
        case "ArrowRight":
          if (!waitingForAnswer()) controller.step();
          break;
        case "b":
        case "B":
          controller.broadcast();
          break;
        case "c":
        case "C":
          if (state.selectedNode !== null) controller.crash(state.selectedNode);
          else addNotices(["C crashes the selected node: click a node first (or pick it with n and Shift+N on the graph)."]);
          break;
        case "?":
          useUi.setState({ presenterHelp: !state.presenterHelp });
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [controller]);
}

/** A lesson step's question is unanswered: the run holds until it is, and says so rather than ignore a key. */
function waitingForAnswer(): boolean {
  const lesson = useUi.getState().lesson;
  const step = lesson ? findLesson(lesson.id)?.steps[lesson.step] : undefined;
  if (!lesson || !step?.predict || lesson.answer !== null) return false;
  addNotices(["The run waits for the answer to the lesson's question: answer it to play on."]);
  return true;
}

/** The round and the clock, large, written outside renders (../live.ts); mounted only while presenting. */
function PresenterClock() {
  const playing = useUi((s) => s.playing);
  const roundRef = useLiveText<HTMLSpanElement>((s) => `Round ${s.round}`);
  const clockRef = useLiveText<HTMLSpanElement>((s) => formatSeconds(s.nowMs));
  return (
    <>
      <p className="presenter-round">
        <span ref={roundRef} /> <span className="presenter-clock" ref={clockRef} />
      </p>
      <p className="presenter-state">{playing ? "playing" : "paused"}</p>
    </>
  );
}

/** Play/Pause, Step back and Step on the stage, for touch and mouse as well as the keys. */
function PresenterTransport() {
  const controller = useController();
  const playing = useUi((s) => s.playing);
  const failed = useUi((s) => s.failure !== null);
  return (
    <div className="button-row presenter-transport">
      <button type="button" className="primary" disabled={failed} onClick={() => waitingForAnswer() || controller.togglePlay()}>
        {playing ? "Pause" : "Play"}
      </button>
      <button type="button" disabled={failed} onClick={() => controller.stepBack()}>
        Step back
      </button>
      <button type="button" disabled={failed} onClick={() => waitingForAnswer() || controller.step()}>
        Step
      </button>
    </div>
  );
}

/** The presenter's side bar: the round and the clock, large, the transport, a lesson's caption and question, and the way out. */
export function PresenterBar() {
  const presenting = useUi((s) => s.presenting);
  const help = useUi((s) => s.presenterHelp);
  const lesson = useUi((s) => s.lesson);
  const helpId = useId();
  if (!presenting) return null;
  const step = lesson ? findLesson(lesson.id)?.steps[lesson.step] : undefined;
  return (
    <section className="panel presenter-bar" aria-label="Presenter">
      <PresenterClock />
      <PresenterTransport />
      {step ? <p className="presenter-caption">{step.caption}</p> : null}
      <LessonQuestion />
      <div className="button-row">
        <button type="button" onClick={() => useUi.setState({ presenting: false, presenterHelp: false })}>
          Leave (Esc)
        </button>
        <button type="button" aria-expanded={help} aria-controls={helpId} onClick={() => useUi.setState({ presenterHelp: !help })}>
          Keys (?)
        </button>
      </div>
      {help ? (
        <dl id={helpId} className="presenter-keys">
          <dt>Space</dt>
          <dd>play or pause</dd>
          <dt>← →</dt>
          <dd>a round back, a round forward</dd>
          <dt>B</dt>
          <dd>broadcast (at the selected node)</dd>
          <dt>C</dt>
          <dd>crash the selected node</dd>
          <dt>Esc, P</dt>
          <dd>leave presenter mode</dd>
        </dl>
      ) : null}
    </section>
  );
}
