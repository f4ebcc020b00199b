/**
 * Compare two settings: "Compare" opens a form to change one or more settings of a second run with
 * the same seed and the same script; the stage then shows both graphs on one clock, the chart both
 * curves, and the "Comparison" table their key numbers with the difference. The link carries both.
 */
import { useId, useState } from "react";
import type { RunMetrics } from "../../sim/engine-api";
import { COMPARABLE } from "../compare";
import { useController } from "../context";
import { formatCount } from "../format";
import { useUi } from "../store";

/** The form, under the transport while Compare is open. */
export function CompareForm() {
  const controller = useController();
  const open = useUi((s) => s.compareOpen);
  const active = useUi((s) => s.compare);
  const [text, setText] = useState("gossip=push-pull");
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  if (!open && !active) return null;
  return (
    <section className="banner compare-form" aria-label="Compare">
      <div className="challenge-fields">
        {active ? (
          <p>
            Comparing with <strong>{active.text.replaceAll(",", ", ")}</strong>: both runs share the seed, the commands and the clock.
            {active.error ? <span className="field-error"> The compared run failed: {active.error}</span> : null}
          </p>
        ) : null}
        {open ? (
          <>
            <label htmlFor={inputId}>Compare with</label>
            <input
              id={inputId}
              type="text"
              value={text}
              aria-describedby={hintId}
              aria-invalid={error ? true : undefined}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") setError(controller.startCompare(text));
              }}
            />
            <span id={hintId} className="field-hint">
              name=value, comma-separated, of {COMPARABLE.join(", ")}: e.g. gossip=push-pull, drop=0.3, fanout=4
            </span>
            {error ? (
              <p className="field-error" role="alert">
                {error}
              </p>
            ) : null}
          </>
        ) : null}
        <div className="button-row">
          {open ? (
            <button type="button" className="primary" onClick={() => setError(controller.startCompare(text))}>
              Start comparing
            </button>
          ) : null}
          {active ? (
            <button type="button" onClick={() => controller.stopCompare()}>
              Stop comparing
            </button>
          ) : null}
          {open ? (
            <button type="button" className="link" onClick={() => useUi.setState({ compareOpen: false })}>
              Close
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** The key numbers of both runs, side by side, with B − A. */
export function CompareTable() {
  const compare = useUi((s) => s.compare);
  // Only while comparing: the run's numbers change five times a second.
  const a = useUi((s) => (s.compare ? s.metrics : null));
  if (!compare) return null;
  const b = compare.metrics;
  const rows: [string, (m: RunMetrics) => number | null][] = [
    ["Rounds (newest value)", (m) => m.values.at(-1)?.rounds ?? null],
    ["Known by (newest value)", (m) => m.values.at(-1)?.knownBy ?? null],
    ["Messages sent", (m) => m.serverMessages],
    ["Dropped", (m) => m.dropped],
    ["msgs-per-op", (m) => Math.round(m.msgsPerOp * 10) / 10],
    ["Bytes sent", (m) => m.wireBytes],
  ];
  const show = (x: number | null) => (x === null ? "—" : formatCount(x));
  return (
    <section className="panel" aria-label="Comparison">
      <table className="comparison">
        <caption>Comparison</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">A</th>
            <th scope="col">B</th>
            <th scope="col">B − A</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, f]) => {
            const x = a ? f(a) : null;
            const y = b ? f(b) : null;
            const d = x === null || y === null ? null : Math.round((y - x) * 10) / 10;
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="num">{show(x)}</td>
                <td className="num">{show(y)}</td>
                <td className="num">{d === null ? "—" : `${d > 0 ? "+" : ""}${formatCount(d)}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
