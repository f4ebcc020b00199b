/**
 * The share of live nodes that know each value, against the value's own round (0 = injection).
 * SVG with axis labels; each series also differs by dash pattern and carries its value as a label,
 * so colour is never the only cue.
 */
import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { Band } from "../../sim/band";
import type { SimConfig } from "../../sim/config";
import { startBandWorker, type BandWorker } from "../../worker/band-client";
import type { ValueState } from "../../sim/engine-api";
import { predictFlooding, predictRounds, type Prediction } from "../../sim/theory";
import { formatPercent, formatValue } from "../format";
import { NO_VALUES, useUi } from "../store";

/** Newest values drawn; more lines than this stop being readable on a projector. */
const SERIES_SHOWN = 6;
const WIDTH = 360;
const HEIGHT = 220;
const PLOT = { left: 46, right: 30, top: 12, bottom: 40 };
const PLOT_W = WIDTH - PLOT.left - PLOT.right;
const PLOT_H = HEIGHT - PLOT.top - PLOT.bottom;

/**
 * The value's curve: byRound[r] live nodes learned it in its round r or earlier (the definition the
 * values table and bin/gossip-sim share), so the curve reaches 100% at exactly its rounds.
 */
function seriesPoints(v: ValueState): number[] {
  return v.byRound.length > 0 ? v.byRound : [v.knownBy];
}

function roundTicks(maxRound: number): number[] {
  const step = Math.max(1, Math.ceil(maxRound / 8));
  const ticks: number[] = [];
  for (let r = 0; r <= maxRound; r += step) ticks.push(r);
  return ticks;
}

export function SpreadChart() {
  // The values and the live nodes, not the whole metrics: its counters change five times a second.
  const allValues = useUi((s) => s.metrics?.values ?? NO_VALUES);
  const live = useUi((s) => Math.max(1, s.metrics?.liveNodes ?? 1));
  const config = useUi((s) => s.config);
  const headingId = useId();
  const descId = useId();
  const values = allValues.slice(-SERIES_SHOWN);
  const series = values.map((v) => ({ v, points: seriesPoints(v) }));
  const prediction = useMemo(() => predictRounds(config), [config]);
  const newest = values[values.length - 1] ?? null;
  // A comparison's run: its newest value's curve, dashed, on the same axes.
  const compared = useUi((s) => s.compare?.metrics?.values.at(-1) ?? null);
  const comparedLive = useUi((s) => Math.max(1, s.compare?.metrics?.liveNodes ?? 1));
  const band = useBand(config, newest?.origin ?? null);
  const maxRound = Math.max(4, ...series.map((s) => s.points.length - 1), prediction ? Math.ceil(prediction.rounds) + 1 : 0, band.band ? band.band.p95.length - 1 : 0);
  const x = (r: number) => PLOT.left + (r / maxRound) * PLOT_W;
  const y = (share: number) => PLOT.top + (1 - Math.min(1, share)) * PLOT_H;
  const summary = series
    .map(({ v, points }) => `value ${formatValue(v.value)}: ${formatPercent((points[points.length - 1] ?? 0) / live)} after ${points.length - 1} rounds`)
    .join("; ");

  return (
    <section className="panel spread-chart" aria-labelledby={headingId}>
      <h2 id={headingId}>Spread by round</h2>
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={headingId} aria-describedby={descId}>
        <desc id={descId}>{series.length === 0 ? "No values injected yet." : `Share of live nodes that know each value: ${summary}.`}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((share) => (
          <g key={share}>
            <line className="grid" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(share)} y2={y(share)} />
            <text className="tick" x={PLOT.left - 6} y={y(share)} textAnchor="end" dominantBaseline="middle">
              {formatPercent(share)}
            </text>
          </g>
        ))}
        {roundTicks(maxRound).map((r) => (
          <text key={r} className="tick" x={x(r)} y={HEIGHT - PLOT.bottom + 16} textAnchor="middle">
            {r}
          </text>
        ))}
        <line className="axis" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(0)} y2={y(0)} />
        <line className="axis" x1={PLOT.left} x2={PLOT.left} y1={y(0)} y2={y(1)} />
        <text className="axis-label" x={PLOT.left + PLOT_W / 2} y={HEIGHT - 6} textAnchor="middle">
          Round it was learned in (since injection)
        </text>
        <text className="axis-label" transform={`translate(12 ${PLOT.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle">
          Nodes that know it
        </text>
        {band.band && band.band.p5.length > 0 ? (
          <path
            className="band"
            d={[
              ...band.band.p95.map((share, r) => `${r === 0 ? "M" : "L"}${x(r).toFixed(1)},${y(share).toFixed(1)}`),
              ...band.band.p5.map((share, r) => [r, share] as const).reverse().map(([r, share]) => `L${x(r).toFixed(1)},${y(share).toFixed(1)}`),
              "Z",
            ].join(" ")}
          />
        ) : null}
        {compared && compared.byRound.length > 0 ? (
          <g className="series-b">
            <path d={compared.byRound.map((k, r) => `${r === 0 ? "M" : "L"}${x(r).toFixed(1)},${y(k / comparedLive).toFixed(1)}`).join(" ")} />
          </g>
        ) : null}
        {prediction ? (
          <g className="theory">
            <line x1={x(prediction.rounds)} x2={x(prediction.rounds)} y1={y(0)} y2={y(1)} />
            <text x={x(prediction.rounds) - 4} y={y(1) + 10} textAnchor="end">
              theory {prediction.rounds.toFixed(1)}
            </text>
          </g>
        ) : null}
        {series.map(({ v, points }, i) => {
          const path = points.map((k, r) => `${r === 0 ? "M" : "L"}${x(r).toFixed(1)},${y(k / live).toFixed(1)}`).join(" ");
          const lastR = points.length - 1;
          return (
            <g key={v.index} className={`series series-${i}`}>
              <path d={path} />
              <circle cx={x(lastR)} cy={y((points[lastR] ?? 0) / live)} r={3} />
            </g>
          );
        })}
      </svg>
      <Theory prediction={prediction} measured={newest} />
      <div className="button-row band-controls">
        <button type="button" onClick={band.start} disabled={newest === null || band.progress !== null}>
          Show the spread of {BAND_RUNS} runs
        </button>
        {band.progress ? (
          <>
            <progress max={band.progress.count} value={band.progress.done} aria-label="Runs done" />
            <span className="field-hint">
              {band.progress.done} of {band.progress.count} runs
            </span>
            <button type="button" className="link" onClick={band.cancel}>
              Cancel
            </button>
          </>
        ) : band.band ? (
          <span className="field-hint">
            Shaded: the 5th to 95th percentile of {band.band.seeds} runs of these settings (seeds {config.seed} to {config.seed + band.band.seeds - 1}), one value from {band.originName}.
          </span>
        ) : band.error ? (
          <span className="field-error">{band.error}</span>
        ) : null}
      </div>
      {series.length > 0 ? (
        <ul className="chart-legend" aria-hidden="true">
          {series.map(({ v }, i) => (
            <li key={v.index}>
              <svg className={`series series-${i}`} viewBox="0 0 28 8" width="28" height="8">
                <path d="M1,4 L27,4" />
              </svg>
              {formatValue(v.value)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">The curves appear once a value is injected.</p>
      )}
    </section>
  );
}

/** Under the chart: what theory expects for these settings, with its source, beside what was measured. */
function Theory({ prediction, measured }: { prediction: Prediction | null; measured: ValueState | null }) {
  const config = useUi((s) => s.config);
  const edges = useUi((s) => s.edges);
  const n = useUi((s) => s.nodeNames.length);
  const flood = useMemo(
    () => (config.forward && config.gossip === "off" && config.dropRate === 0 && edges && measured ? predictFlooding(n, edges, measured.origin, config.latencyMs) : null),
    [config, edges, n, measured],
  );
  if (flood && measured) {
    const took = measured.fullAtMs === null ? "not yet" : `${measured.fullAtMs - measured.injectedAtMs} ms`;
    return (
      <p className="theory-note">
        <strong>
          Theory (flooding): the last node learns it at {flood.eccentricity} hops × {config.latencyMs} ms = {flood.timeMs} ms
        </strong>
        , after 2E − N + 1 = {flood.messages} broadcasts. Measured: {took} (the newest value).
      </p>
    );
  }
  if (!prediction) return <p className="note theory-note">No theory here covers these settings (it does for push or push-pull on the complete graph, push on random regular graphs, and flooding).</p>;
  const rounds = measured?.rounds ?? null;
  return (
    <p className="theory-note">
      <strong>Theory: {prediction.rounds.toFixed(2)} rounds</strong> ({prediction.formula}), {prediction.source}. Measured:{" "}
      {rounds === null ? "not yet" : `${rounds} rounds`} (the newest value).
    </p>
  );
}

/** Runs the band is made of. */
const BAND_RUNS = 100;

/** The spread of BAND_RUNS runs of `config`, computed in a worker on request. */
function useBand(config: SimConfig, origin: number | null) {
  const names = useUi((s) => s.nodeNames);
  const worker = useRef<BandWorker | null>(null);
  const [state, setState] = useState<{ band: Band | null; progress: { done: number; count: number } | null; error: string | null; for: string }>({ band: null, progress: null, error: null, for: "" });
  // A band belongs to the settings and origin it was made for.
  const key = `${JSON.stringify(config)}@${origin}`;
  useEffect(() => () => worker.current?.cancel(), []);
  const start = () => {
    if (origin === null) return;
    worker.current ??= startBandWorker();
    setState({ band: null, progress: { done: 0, count: BAND_RUNS }, error: null, for: key });
    worker.current.run({ config, origin, firstSeed: config.seed, count: BAND_RUNS }, (m) => {
      if (m.type === "progress") setState((st) => ({ ...st, progress: { done: m.done, count: m.count } }));
      else if (m.type === "band") setState((st) => ({ ...st, band: m.band, progress: null }));
      else setState((st) => ({ ...st, progress: null, error: `The runs failed: ${m.message}` }));
    });
  };
  const cancel = () => {
    worker.current?.cancel();
    setState((st) => ({ ...st, progress: null }));
  };
  const current = state.for === key;
  return {
    band: current ? state.band : null,
    progress: current ? state.progress : null,
    error: current ? state.error : null,
    originName: origin === null ? "" : (names[origin] ?? `n${origin + 1}`),
    start,
    cancel,
  };
}
