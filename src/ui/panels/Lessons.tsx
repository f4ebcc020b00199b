/**
 * Lessons: the "Lessons" panel lists the guided lessons as links (`?lesson=ID&step=N`); the lesson
 * banner shows the step being taught: its caption, the prediction it asks for (the run holds until
 * the answer is in), what happened beside what theory says, the way to the next step, and at the end
 * things to notice and things to try. In presenter mode the caption stays beside the graph.
 */
import { useId, useState, type MouseEvent } from "react";
import { useController } from "../context";
import { LESSONS, findLesson, scorecard, stepConfig } from "../lessons/lessons";
import type { RunMetrics } from "../../sim/engine-api";
import { useUi } from "../store";

function lessonHref(id: string, step: number): string {
  return `?lesson=${encodeURIComponent(id)}&step=${step + 1}`;
}

export function LessonsPanel() {
  const controller = useController();
  const current = useUi((s) => s.lesson);
  const headingId = useId();
  const go = (e: MouseEvent, id: string, step: number) => {
    // In the page, without a reload; the link itself is what a student would be sent.
    e.preventDefault();
    controller.openLesson(id, step);
  };
  return (
    <nav className="panel lessons" aria-labelledby={headingId}>
      <h2 id={headingId}>Lessons</h2>
      <ol>
        {LESSONS.map((l) => (
          <li key={l.id}>
            <a href={lessonHref(l.id, 0)} aria-current={current?.id === l.id ? "page" : undefined} onClick={(e) => go(e, l.id, 0)}>
              {l.title}
            </a>
            <span className="field-hint"> {l.goal}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The step being taught, above the page's panels. */
export function LessonBanner() {
  const controller = useController();
  const current = useUi((s) => s.lesson);
  const lesson = current ? findLesson(current.id) : undefined;
  const step = lesson && current ? lesson.steps[current.step] : undefined;
  if (!lesson || !current || !step) return null;
  const last = current.step === lesson.steps.length - 1;
  const predict = step.predict;
  const answered = current.answer !== null;
  const go = (e: MouseEvent, to: number) => {
    e.preventDefault();
    controller.openLesson(lesson.id, to);
  };
  return (
    <section className="panel lesson-banner" aria-label="Lesson">
      <div className="lesson-body">
        <p className="lesson-title">
          <strong>{lesson.title}</strong> · step {current.step + 1} of {lesson.steps.length}
        </p>
        <p className="lesson-caption">{step.caption}</p>
        <LessonQuestion />
        {lesson.id === "tuning" ? <Scorecard measured={current.measured} atMs={step.measureAtMs ?? 0} /> : null}
        {last && (!predict || answered) ? (
          <details className="lesson-end" open>
            <summary>Things to notice, and Try this</summary>
            <h3>Things to notice</h3>
            <ul>
              {lesson.notice.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
            <h3>Try this</h3>
            <ul>
              {lesson.tryThis.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          </details>
        ) : null}
        <div className="button-row">
          {current.step > 0 ? (
            <a className="button-like" href={lessonHref(lesson.id, current.step - 1)} onClick={(e) => go(e, current.step - 1)}>
              Previous step
            </a>
          ) : null}
          {!last ? (
            <a className="button-like" href={lessonHref(lesson.id, current.step + 1)} onClick={(e) => go(e, current.step + 1)}>
              Next step
            </a>
          ) : null}
          <button type="button" className="link" onClick={() => controller.leaveLesson()}>
            Leave the lesson
          </button>
        </div>
      </div>
    </section>
  );
}

/**
 * The step's question, its answer field and Reveal (the run holds until the answer is in), then
 * the student's answer beside the verdict. The lesson banner and the presenter's stage show it.
 */
export function LessonQuestion() {
  const controller = useController();
  const current = useUi((s) => s.lesson);
  // Only while a verdict is still to come: the run's numbers change five times a second.
  const metrics = useUi((s) => (s.lesson && s.lesson.answer !== null && s.lesson.verdict === null ? s.metrics : null));
  const [answer, setAnswer] = useState("");
  const inputId = useId();
  const step = current ? findLesson(current.id)?.steps[current.step] : undefined;
  const predict = step?.predict;
  if (!current || !step || !predict) return null;
  if (current.answer !== null) {
    return (
      <p className="lesson-outcome" aria-live="polite">
        You predicted <strong>{current.answer}</strong>. {current.verdict ?? (metrics ? predict.verdict(metrics, stepConfig(step), current.answer).text : "")}
      </p>
    );
  }
  const reveal = () => {
    controller.answerLesson(answer);
    setAnswer("");
  };
  return (
    <div className="lesson-predict">
      <label htmlFor={inputId}>{predict.question}</label>
      {predict.choices ? (
        <div className="button-row" role="group" aria-labelledby={inputId}>
          <span id={inputId} hidden>
            {predict.question}
          </span>
          {predict.choices.map((c) => (
            <button key={c} type="button" onClick={() => controller.answerLesson(c)}>
              {c}
            </button>
          ))}
        </div>
      ) : (
        <div className="button-row">
          <input id={inputId} type="number" inputMode="decimal" value={answer} onChange={(e) => setAnswer(e.target.value)} onKeyDown={(e) => e.key === "Enter" && reveal()} />
          <button type="button" className="primary" disabled={answer.trim() === ""} onClick={reveal}>
            Reveal
          </button>
        </div>
      )}
      <p className="field-hint">The run waits here until you answer.</p>
    </div>
  );
}

/** The run against the Fly.io broadcast challenge's targets (3d and 3e), as Maelstrom measures them, taken at `atMs`. */
function Scorecard({ measured: metrics, atMs }: { measured: RunMetrics | null; atMs: number }) {
  if (!metrics) return <p className="field-hint">The scorecard is taken at {(atMs / 1000).toFixed(1)} s, when the run gets there.</p>;
  const ms = (x: number | null) => (x === null ? "—" : `${x} ms`);
  return (
    <table className="scorecard">
      <caption>Scorecard</caption>
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">This run</th>
          <th scope="col">Met</th>
        </tr>
      </thead>
      <tbody>
        {scorecard(metrics).map((r) => (
          <tr key={r.target}>
            <th scope="row" title={r.target === "3d" ? "under 30 msgs-per-op, median latency under 400 ms, maximum under 600 ms" : "under 20 msgs-per-op, median under 1 s, maximum under 2 s"}>
              {r.target === "3d" ? "3d: < 30, < 400 ms, < 600 ms" : "3e: < 20, < 1 s, < 2 s"}
            </th>
            <td>
              {r.msgsPerOp.toFixed(1)} msgs/op, median {ms(r.medianMs)}, max {ms(r.maxMs)}
            </td>
            <td>{r.met ? "yes" : "no"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
