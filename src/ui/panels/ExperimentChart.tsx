/**
 * The experiment's figures against the swept value: for one parameter a line per figure (mean and
 * p95 rounds, or msgs-per-op, or payload bytes), each with its own dash and marker; for two a heatmap
 * of the figure's mean with the number written in each cell that has room, so colour is never the
 * only cue. Swept values sit at even steps, in the order given (they may be names, not numbers).
 */
import { useId } from "react";
import { PARAM_BY_NAME, type ParamValue } from "../../sim/config";
import type { SummaryRow } from "../../sim/experiment";

export type ChartFigure = "rounds" | "msgs-per-op" | "bytes";

export const CHART_FIGURES: readonly { figure: ChartFigure; label: string }[] = [
  { figure: "rounds", label: "Rounds (mean and p95)" },
  { figure: "msgs-per-op", label: "Msgs per op" },
  { figure: "bytes", label: "Payload bytes" },
];

const WIDTH = 560;
const HEIGHT = 260;
const PLOT = { left: 56, right: 16, top: 14, bottom: 44 };
const PLOT_W = WIDTH - PLOT.left - PLOT.right;
const PLOT_H = HEIGHT - PLOT.top - PLOT.bottom;
/** Cells narrower or shorter than this (viewBox units) get no number: it would not fit. */
const LABEL_MIN_CELL = 26;

/** A swept value as its flag writes it ("on", not true). */
export function showValue(param: string, value: ParamValue | undefined): string {
  const p = PARAM_BY_NAME.get(param);
  return value === undefined ? "" : p ? p.format(value) : String(value);
}

export function showFigure(x: number | null): string {
  if (x === null) return "–";
  return Number.isInteger(x) ? x.toLocaleString("en-US") : x.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** The lines of a figure: name, class (dash and marker), value per row. */
function seriesOf(figure: ChartFigure): { name: string; get: (r: SummaryRow) => number | null }[] {
  if (figure === "rounds")
    return [
      { name: "mean rounds", get: (r) => r.meanRounds },
      { name: "p95 rounds", get: (r) => r.p95Rounds },
    ];
  if (figure === "msgs-per-op") return [{ name: "msgs per op", get: (r) => r.msgsPerOp }];
  return [{ name: "payload bytes", get: (r) => r.payloadBytes }];
}

/** 0 to a round number above `max`, in about five steps. */
function ticks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let t = 0; t < max + step; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

export function ExperimentChart({ params, rows, figure }: { params: readonly string[]; rows: readonly SummaryRow[]; figure: ChartFigure }) {
  const descId = useId();
  if (rows.length === 0 || params.length === 0) return null;
  return params.length === 1 ? <Lines param={params[0]!} rows={rows} figure={figure} descId={descId} /> : <Heatmap params={params} rows={rows} figure={figure} descId={descId} />;
}

function Lines({ param, rows, figure, descId }: { param: string; rows: readonly SummaryRow[]; figure: ChartFigure; descId: string }) {
  const series = seriesOf(figure);
  const all = rows.flatMap((r) => series.map((s) => s.get(r))).filter((v): v is number => v !== null);
  const yTicks = ticks(Math.max(0, ...all));
  const yMax = yTicks[yTicks.length - 1]!;
  // Categorical steps, half a step in from either end so no marker sits on an axis.
  const x = (i: number) => PLOT.left + ((i + 0.5) / rows.length) * PLOT_W;
  const y = (v: number) => PLOT.top + (1 - v / yMax) * PLOT_H;
  const labelEvery = Math.max(1, Math.ceil(rows.length / 12));
  const desc = rows.map((r) => `${param} ${showValue(param, r.values[0])}: ${series.map((s) => `${s.name} ${showFigure(s.get(r))}`).join(", ")}`).join("; ");
  return (
    <>
      <svg className="chart experiment-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${series.map((s) => s.name).join(" and ")} against ${param}`} aria-describedby={descId}>
        <desc id={descId}>{desc}</desc>
        {yTicks.map((t) => (
          <g key={t}>
            <line className="grid" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(t)} y2={y(t)} />
            <text className="tick" x={PLOT.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {showFigure(t)}
            </text>
          </g>
        ))}
        {rows.map((r, i) =>
          i % labelEvery === 0 ? (
            <text key={i} className="tick" x={x(i)} y={HEIGHT - PLOT.bottom + 16} textAnchor="middle">
              {showValue(param, r.values[0])}
            </text>
          ) : null,
        )}
        <line className="axis" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(0)} y2={y(0)} />
        <line className="axis" x1={PLOT.left} x2={PLOT.left} y1={y(0)} y2={y(yMax)} />
        <text className="axis-label" x={PLOT.left + PLOT_W / 2} y={HEIGHT - 6} textAnchor="middle">
          --{param}
        </text>
        {series.map((s, k) => {
          const points = rows.map((r, i) => ({ i, v: s.get(r) })).filter((p): p is { i: number; v: number } => p.v !== null);
          // A gap where no trial converged: a new segment after it.
          const path = points.map((p, j) => `${j === 0 || points[j - 1]!.i !== p.i - 1 ? "M" : "L"}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
          return (
            <g key={s.name} className={`series series-${k}`}>
              <path d={path} />
              {points.map((p) =>
                k === 0 ? <circle key={p.i} cx={x(p.i)} cy={y(p.v)} r={3.5} /> : <rect key={p.i} x={x(p.i) - 3.5} y={y(p.v) - 3.5} width={7} height={7} />,
              )}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, k) => (
          <li key={s.name}>
            <svg className={`series series-${k}`} viewBox="0 0 28 8" width="28" height="8">
              <path d="M1,4 L27,4" />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Light to dark blue as `t` goes 0 to 1 (readable in both colour schemes: the number says the rest). */
function heat(t: number): string {
  const from = [222, 235, 247];
  const to = [8, 69, 148];
  return `rgb(${from.map((c, i) => Math.round(c + (to[i]! - c) * t)).join(",")})`;
}

function Heatmap({ params, rows, figure, descId }: { params: readonly string[]; rows: readonly SummaryRow[]; figure: ChartFigure; descId: string }) {
  const [px, py] = [params[0]!, params[1]!];
  const get = seriesOf(figure)[0]!.get;
  const name = seriesOf(figure)[0]!.name;
  // Rows come first sweep outermost: columns are the first parameter's values, lines the second's.
  const cols: ParamValue[] = [];
  const lines: ParamValue[] = [];
  for (const r of rows) {
    if (!cols.includes(r.values[0]!)) cols.push(r.values[0]!);
    if (!lines.includes(r.values[1]!)) lines.push(r.values[1]!);
  }
  const figures = rows.map(get).filter((v): v is number => v !== null);
  const lo = Math.min(...figures);
  const hi = Math.max(...figures);
  // Room at the left for the longest of the second parameter's values (11px text: about 6.5 per character).
  const left = Math.max(PLOT.left, 30 + 6.5 * Math.max(...lines.map((l) => showValue(py, l).length)));
  const plotW = WIDTH - left - PLOT.right;
  const cellW = plotW / cols.length;
  const cellH = PLOT_H / lines.length;
  const labelled = cellW >= LABEL_MIN_CELL && cellH >= LABEL_MIN_CELL / 2;
  const colEvery = Math.max(1, Math.ceil(cols.length / 12));
  const lineEvery = Math.max(1, Math.ceil(lines.length / 10));
  const desc = rows.map((r) => `${px} ${showValue(px, r.values[0])}, ${py} ${showValue(py, r.values[1])}: ${name} ${showFigure(get(r))}`).join("; ");
  return (
    <>
      <svg className="chart experiment-chart experiment-heatmap" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${name} by ${px} and ${py}`} aria-describedby={descId}>
        <desc id={descId}>{desc}</desc>
        {rows.map((r, k) => {
          const v = get(r);
          const t = v === null || hi === lo ? 0.5 : (v - lo) / (hi - lo);
          const cx = left + cols.indexOf(r.values[0]!) * cellW;
          const cy = PLOT.top + (lines.length - 1 - lines.indexOf(r.values[1]!)) * cellH;
          return (
            <g key={k} className={v === null ? "cell cell-none" : "cell"}>
              <rect x={cx} y={cy} width={cellW} height={cellH} fill={v === null ? undefined : heat(t)} />
              {labelled ? (
                <text x={cx + cellW / 2} y={cy + cellH / 2} textAnchor="middle" dominantBaseline="middle" className={t > 0.55 ? "on-dark" : "on-light"}>
                  {showFigure(v === null ? null : Number(v.toFixed(1)))}
                </text>
              ) : null}
            </g>
          );
        })}
        {cols.map((c, i) =>
          i % colEvery === 0 ? (
            <text key={i} className="tick" x={left + (i + 0.5) * cellW} y={HEIGHT - PLOT.bottom + 16} textAnchor="middle">
              {showValue(px, c)}
            </text>
          ) : null,
        )}
        {lines.map((l, j) =>
          j % lineEvery === 0 ? (
            <text key={j} className="tick" x={left - 6} y={PLOT.top + (lines.length - 0.5 - j) * cellH} textAnchor="end" dominantBaseline="middle">
              {showValue(py, l)}
            </text>
          ) : null,
        )}
        <text className="axis-label" x={left + plotW / 2} y={HEIGHT - 6} textAnchor="middle">
          --{px}
        </text>
        <text className="axis-label" transform={`translate(12 ${PLOT.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle">
          --{py}
        </text>
      </svg>
      <p className="note">
        Each cell: {name} ({figures.length > 0 ? `${showFigure(lo)} light to ${showFigure(hi)} dark` : "no trial converged"}; – where no trial converged).
      </p>
    </>
  );
}
