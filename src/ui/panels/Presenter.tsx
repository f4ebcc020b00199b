/**
 * Presenter mode: "Present" (or P) gives the stage to the graph, with the round, the clock and the
 * chart beside it in large type, every other panel hidden; Esc leaves. Keys for the demonstration:
 * Space plays or pauses, the arrows step back and forward a round, B broadcasts, C crashes the
 * selected node, ? shows the keys. The layout is CSS on the same components (nothing remounts, so
 * the graph keeps its layout).
 */
import { useEffect, useId } from "react";
import { useController } from "../context";
import { formatSeconds } from "../format";
import { findLesson } from "../lessons/lessons";
import { useLiveText } from "../live";
import { useUi } from "../store";

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
          controller.togglePlay();
          break;
        case "ArrowLeft":
          controller.stepBack();
          break;
        case "ArrowRight":
          controller.step();
          break;
        case "b":
        case "B":
          controller.broadcast();
          break;
        case "c":
        case "C":
          if (state.selectedNode !== null) controller.crash(state.selectedNode);
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

/** The presenter's side bar: the round and the clock, large, and the way out. */
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
      {step ? <p className="presenter-caption">{step.caption}</p> : null}
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
