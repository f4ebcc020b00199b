/**
 * Experiments: parameter sweeps times trials, run in a worker with gossip-sim's own code. The
 * "Experiment" field is the experiment as gossip-sim flags; the controls above it edit its flags, so
 * the same text runs on the command line with the same figures, and Download CSV is what
 * `gossip-sim <flags> --csv` prints. Until it is touched, it follows the run's settings.
 */
import { useId, useMemo, useRef, useState, type ReactNode } from "react";
import { parseExperimentText } from "../../sim/experiment-args";
import { startExperiment, type ExperimentOutcome, type ExperimentRun } from "../../worker/experiment-client";
import { download, fileStamp } from "../download";
import { experimentOf, flagValue, setFlag, setSweeps, suggestedValues, sweepsOf, SWEEPABLE } from "../experiment-form";
import { useUi } from "../store";
import { CHART_FIGURES, ExperimentChart, showFigure, showValue, type ChartFigure } from "./ExperimentChart";
// Its own stylesheet, bundled by Vite (the page's CSP allows no inline styles).
// oxlint-disable-next-line import/no-unassigned-import
import "./experiments.css";

/** Rows the results table shows; the downloads hold every row. */
const TABLE_ROWS_SHOWN = 400;

type Status = { kind: "idle" } | { kind: "running"; done: number; total: number } | { kind: "failed"; message: string } | { kind: "cancelled" };

export function ExperimentsPanel() {
  const config = useUi((s) => s.config);
  const headingId = useId();
  // null: not touched yet, so the field follows the run's settings.
  const [edited, setEdited] = useState<string | null>(null);
  const flags = edited ?? experimentOf(config);
  const parsed = useMemo(() => parseExperimentText(flags), [flags]);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [outcome, setOutcome] = useState<ExperimentOutcome | null>(null);
  const [figure, setFigure] = useState<ChartFigure>("rounds");
  const running = useRef<ExperimentRun | null>(null);
  const busy = status.kind === "running";

  function run(): void {
    if ("error" in parsed || busy) return;
    setStatus({ kind: "running", done: 0, total: 0 });
    running.current = startExperiment(flags, {
      progress: (done, total) => setStatus({ kind: "running", done, total }),
      done: (result) => {
        running.current = null;
        setOutcome(result);
        setStatus({ kind: "idle" });
      },
      failed: (message) => {
        running.current = null;
        setStatus({ kind: "failed", message });
      },
    });
  }

  function cancel(): void {
    running.current?.cancel();
    running.current = null;
    setStatus({ kind: "cancelled" });
  }

  return (
    <section className="panel experiments" aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>Experiments</h2>
      </div>
      <p className="note">
        Repeat runs over one or two parameters and many seeds, off the page's run. The same flags give the same figures with <code>bin/gossip-sim</code>.
      </p>
      <div className="experiment-layout">
        <div className="experiment-form">
          <Controls flags={flags} onChange={setEdited} disabled={busy} />
          <ExperimentField flags={flags} error={"error" in parsed ? parsed.error : null} onChange={setEdited} onRun={run} disabled={busy} />
          <div className="button-row">
            <button type="button" className="primary" onClick={run} disabled={busy || "error" in parsed}>
              Run experiment
            </button>
            {busy ? (
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            ) : null}
            {edited !== null && !busy ? (
              <button type="button" className="link" onClick={() => setEdited(null)}>
                From the run's settings
              </button>
            ) : null}
          </div>
          <Progress status={status} />
        </div>
        {outcome ? <Results outcome={outcome} figure={figure} onFigure={setFigure} /> : null}
      </div>
    </section>
  );
}

/** The swept parameters, their values, the trials and the seed: each edits its flag in the text. */
function Controls({ flags, onChange, disabled }: { flags: string; onChange(flags: string): void; disabled: boolean }) {
  const sweeps = sweepsOf(flags);
  const setSweep = (i: number, param: string | null, values?: string[]) => {
    const next = sweeps.slice(0, 2);
    if (param === null) next.splice(i, 1);
    else next[i] = { param, values: values ?? suggestedValues(param) };
    onChange(setSweeps(flags, next));
  };
  return (
    <fieldset className="experiment-controls" disabled={disabled}>
      <legend>Sweep</legend>
      {[0, 1].map((i) => {
        const s = sweeps[i];
        if (i === 1 && !sweeps[0]) return null;
        return (
          <div key={i} className="experiment-sweep">
            <Labelled label={`Parameter ${i + 1}`}>
              {(id) => (
                <select id={id} value={s?.param ?? ""} onChange={(e) => setSweep(i, e.target.value === "" ? null : e.target.value)}>
                  <option value="">{i === 0 ? "none: trials only" : "none"}</option>
                  {SWEEPABLE.filter((p) => p === s?.param || !sweeps.some((w) => w.param === p)).map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              )}
            </Labelled>
            {s ? (
              <Labelled label={`Values ${i + 1}`}>
                {(id) => <input id={id} type="text" className="experiment-values" value={s.values.join(",")} onChange={(e) => setSweep(i, s.param, e.target.value.replace(/\s+/g, "").split(","))} />}
              </Labelled>
            ) : null}
          </div>
        );
      })}
      <div className="experiment-sweep">
        <FlagInput label="Trials" value={flagValue(flags, "trials") ?? "1"} onCommit={(v) => onChange(setFlag(flags, "trials", v))} />
        <FlagInput label="First seed" value={flagValue(flags, "seed") ?? "1"} onCommit={(v) => onChange(setFlag(flags, "seed", v))} />
      </div>
    </fieldset>
  );
}

/**
 * A flag's value, typed: an empty box leaves the flag as it was (clearing it to type a new number
 * must not drop the flag), and any other text goes into the flags, where gossip-sim judges it.
 */
function FlagInput({ label, value, onCommit }: { label: string; value: string; onCommit(value: string): void }) {
  const [draft, setDraft] = useState(value);
  // Shown anew when the flags change from elsewhere: adjusting state while rendering, as fields.tsx does.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  return (
    <Labelled label={label}>
      {(id) => (
        <input
          id={id}
          type="text"
          inputMode="numeric"
          className="experiment-number"
          value={draft}
          onChange={(e) => {
            const v = e.target.value.replace(/\s+/g, "");
            setDraft(v);
            if (v !== "") onCommit(v);
          }}
        />
      )}
    </Labelled>
  );
}

function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** The experiment as gossip-sim flags; Enter runs it. A bad flag shows the line gossip-sim prints. */
function ExperimentField({ flags, error, onChange, onRun, disabled }: { flags: string; error: string | null; onChange(flags: string): void; onRun(): void; disabled: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Experiment</label>
      <textarea
        id={id}
        className="experiment-flags"
        rows={3}
        spellCheck={false}
        value={flags}
        readOnly={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            onRun();
          }
        }}
      />
      <span id={`${id}-hint`} className="field-hint">
        gossip-sim flags: paste them into <code>bin/gossip-sim</code>, or paste its flags here.
      </span>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          gossip-sim: {error}
        </p>
      ) : null}
    </div>
  );
}

function Progress({ status }: { status: Status }) {
  if (status.kind === "failed")
    return (
      <p className="field-error" role="alert">
        The experiment failed: {status.message}
      </p>
    );
  if (status.kind === "cancelled") return <p className="note">Cancelled: nothing from it is kept.</p>;
  if (status.kind !== "running") return null;
  return (
    <div className="experiment-progress">
      <progress max={Math.max(1, status.total)} value={status.done} aria-label="Experiment progress" aria-valuetext={`${status.done} of ${status.total} runs`} />
      <span className="note" aria-live="polite">
        {status.total === 0 ? "Starting…" : `${status.done} of ${status.total} runs`}
      </span>
    </div>
  );
}

function Results({ outcome, figure, onFigure }: { outcome: ExperimentOutcome; figure: ChartFigure; onFigure(f: ChartFigure): void }) {
  const { params, rows } = outcome;
  const figureId = useId();
  const stamp = () => `gossip-experiment-${fileStamp()}`;
  return (
    <div className="experiment-results">
      <p className="note">
        Ran <code>{outcome.flags}</code>
      </p>
      <div className="button-row">
        <button type="button" onClick={() => download(`${stamp()}.csv`, outcome.csv, "text/csv")}>
          Download CSV
        </button>
        <button type="button" onClick={() => download(`${stamp()}.json`, outcome.json, "application/json")}>
          Download JSON
        </button>
        {params.length > 0 ? (
          <span className="experiment-figure">
            <label htmlFor={figureId}>Chart</label>
            <select id={figureId} value={figure} onChange={(e) => onFigure(e.target.value as ChartFigure)}>
              {CHART_FIGURES.map((f) => (
                <option key={f.figure} value={f.figure}>
                  {f.label}
                </option>
              ))}
            </select>
          </span>
        ) : null}
      </div>
      <ExperimentChart params={params} rows={rows} figure={figure} />
      <div className="table-scroll">
        <table className="experiment-table">
          <caption>Experiment results</caption>
          <thead>
            <tr>
              {params.map((p) => (
                <th key={p} scope="col">
                  {p}
                </th>
              ))}
              <th scope="col" className="num">
                Converged
              </th>
              <th scope="col" className="num">
                Mean rounds
              </th>
              <th scope="col" className="num">
                p95 rounds
              </th>
              <th scope="col" className="num">
                Msgs per op
              </th>
              <th scope="col" className="num">
                Payload bytes
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, TABLE_ROWS_SHOWN).map((r, k) => (
              <tr key={k}>
                {params.map((p, i) => (
                  <td key={p}>{showValue(p, r.values[i])}</td>
                ))}
                <td className="num">{`${Math.round(r.converged * r.trials)}/${r.trials}`}</td>
                <td className="num">{showFigure(r.meanRounds)}</td>
                <td className="num">{showFigure(r.p95Rounds)}</td>
                <td className="num">{showFigure(r.msgsPerOp)}</td>
                <td className="num">{showFigure(r.payloadBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > TABLE_ROWS_SHOWN ? <p className="note">The first {TABLE_ROWS_SHOWN} of {rows.length} rows; the downloads hold them all.</p> : null}
    </div>
  );
}
