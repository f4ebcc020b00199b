/**
 * Draws the space-time diagram through a Painter, so the same code paints the canvas on screen and
 * writes the SVG that "Export SVG" saves. One lane per node, time to the right: a message is a line
 * from its sender's lane at its send time to its receiver's lane at its arrival, coloured and
 * capped by kind as dots are on the graph; a lost one ends in a cross (a barred circle when a
 * partition cut it off) where it stopped; a node learning a value is a dot in the value's colour.
 */
import { DropReason } from "../../sim/journal";
import { MESSAGE_KINDS, SHAPE_VERTICES, kindOfTypeName, type Theme } from "../graph/styles";
import { lossAt, messageEnd, type DiagramMessage, type DiagramModel } from "./model";

/** Width of the lane labels, CSS px. */
export const LABEL_W = 46;
/** Height of the time axis under the lanes, CSS px. */
export const AXIS_H = 22;
/** Lane height bounds, CSS px. */
export const LANE_MIN = 14;
export const LANE_MAX = 26;

/** A mark drawn at many points at once: a unit polygon (x, y pairs, radius 1), a circle, a cross, a barred circle. */
export type MarkShape = readonly number[] | "circle" | "cross" | "cut";

export interface Painter {
  /** `shape` of radius `r` at every point [x, y, ...], filled (unless null) then outlined. */
  marks(shape: MarkShape, points: readonly number[], r: number, fill: string | null, stroke: string, strokeWidth: number): void;
  /** Many segments [x1, y1, x2, y2, ...] in one stroke (one path on a canvas, one <path> in SVG). */
  lines(segments: readonly number[], color: string, width: number, opacity?: number): void;
  line(x1: number, y1: number, x2: number, y2: number, color: string, width: number, opacity?: number, dash?: readonly number[]): void;
  rect(x: number, y: number, w: number, h: number, fill: string, opacity?: number): void;
  text(x: number, y: number, text: string, color: string, anchor: "start" | "middle" | "end", sizePx: number, bold?: boolean): void;
}

export interface DiagramView {
  width: number;
  /** Node index per lane, top to bottom. */
  lanes: readonly number[];
  names: readonly string[];
  fromMs: number;
  toMs: number;
  /** The timeline's moment: the cursor, and where messages in flight end. */
  nowMs: number;
  /** The moment the window's data was read: messages settled by then are static (cached). */
  asOfMs: number;
  roundTimes: readonly number[];
  selectedNode: number | null;
  /** Send seq of the message under the pointer, or -1. */
  hover: number;
  /** Send seqs of the chain that taught the selected node the selected value (drawn bold). */
  chain: ReadonlySet<number>;
  /** Messages to draw (the model's, filtered). */
  messages: readonly DiagramMessage[];
  learns: DiagramModel["learns"];
  theme: Theme;
  /** Colour per value index (the chart's series colours). */
  valueColor(value: number): string;
  text: string;
  muted: string;
}

export function laneHeight(lanes: number, availablePx: number): number {
  return Math.max(LANE_MIN, Math.min(LANE_MAX, Math.floor(availablePx / Math.max(1, lanes))));
}

export function diagramHeight(lanes: number, laneH: number): number {
  return lanes * laneH + AXIS_H;
}

/** Screen x of model time t. */
export function timeX(v: Pick<DiagramView, "width" | "fromMs" | "toMs">, t: number): number {
  const span = Math.max(1, v.toMs - v.fromMs);
  return LABEL_W + ((t - v.fromMs) / span) * (v.width - LABEL_W - 8);
}

/** Model time at screen x. */
export function xTime(v: Pick<DiagramView, "width" | "fromMs" | "toMs">, x: number): number {
  const span = Math.max(1, v.toMs - v.fromMs);
  return v.fromMs + ((x - LABEL_W) / Math.max(1, v.width - LABEL_W - 8)) * span;
}

/** A message's line on screen: [x1, y1, x2, y2], or null when a lane is not shown. */
export function messageSegment(v: DiagramView, laneH: number, laneOf: ReadonlyMap<number, number>, m: DiagramMessage): [number, number, number, number] | null {
  const a = laneOf.get(m.src);
  const b = laneOf.get(m.dest);
  if (a === undefined || b === undefined || m.sentAt > v.nowMs) return null;
  const end = messageEnd(m, v.nowMs);
  const ya = (a + 0.5) * laneH;
  const yb = (b + 0.5) * laneH;
  return [timeX(v, m.sentAt), ya, timeX(v, end.t), ya + (yb - ya) * end.fraction];
}

export function laneIndex(lanes: readonly number[]): Map<number, number> {
  return new Map(lanes.map((node, i) => [node, i]));
}

/**
 * What drawDiagram paints: "static", what the window's data shows settled (lanes, rounds, messages
 * that had arrived or been lost when it was read, learnings), cached between frames; "moving", the
 * messages still on their way then (drawn up to the moment shown) and the cursor, every frame;
 * "all", both (the SVG export).
 */
export type DiagramPart = "static" | "moving" | "all";

/** When a message's line stops growing: its arrival or where it was lost; NaN while on its way. */
function settledAt(m: DiagramMessage): number {
  return m.lost !== DropReason.None ? lossAt(m) : m.endAt;
}

export function drawDiagram(p: Painter, v: DiagramView, laneH: number, part: DiagramPart = "all"): void {
  const th = v.theme;
  const lanesH = v.lanes.length * laneH;
  const laneOf = laneIndex(v.lanes);
  if (part !== "moving") drawFrame(p, v, laneH);
  const r = Math.max(2.5, Math.min(4, laneH * 0.18));
  const isStatic = (m: DiagramMessage) => settledAt(m) <= v.asOfMs;
  const messages = part === "all" ? v.messages : v.messages.filter((m) => isStatic(m) === (part === "static"));
  // Lines by kind, the chain under them and the hovered one over them; then the marks at their ends.
  const byKind: number[][] = MESSAGE_KINDS.map(() => []);
  const chain: number[] = [];
  const hovered: number[] = [];
  const arrived: number[][] = MESSAGE_KINDS.map(() => []);
  const crosses: number[] = [];
  const cuts: number[] = [];
  for (const m of messages) {
    const seg = messageSegment(v, laneH, laneOf, m);
    if (!seg) continue;
    const kind = kindOfTypeName(m.type);
    byKind[kind]!.push(...seg);
    if (v.chain.has(m.sendSeq)) chain.push(...seg);
    if (m.sendSeq === v.hover) hovered.push(...seg);
    if (lossAt(m) <= v.nowMs) (m.lost === DropReason.Partition ? cuts : crosses).push(seg[2], seg[3]);
    else if (m.lost === DropReason.None && !Number.isNaN(m.endAt) && m.endAt <= v.nowMs) arrived[kind]!.push(seg[2], seg[3]);
  }
  p.lines(chain, th["--graph-selected"], 5, 0.9);
  MESSAGE_KINDS.forEach((kind, k) => p.lines(byKind[k]!, th[kind.colorVar], 1.5, 0.85));
  p.lines(hovered, th["--graph-selected"], 3);
  MESSAGE_KINDS.forEach((kind, k) => {
    const verts = SHAPE_VERTICES[kind.shape];
    p.marks(verts.length === 0 ? "circle" : verts, arrived[k]!, r, th[kind.colorVar], th["--graph-msg-outline"], 0.75);
  });
  p.marks("cross", crosses, r + 1, null, th["--graph-drop"], 2);
  p.marks("cut", cuts, r + 1, null, th["--graph-drop"], 1.75);
  if (part !== "moving") {
    // Learnings: a dot in the value's colour, batched by value.
    const learnedBy = new Map<number, number[]>();
    for (const l of v.learns) {
      const lane = laneOf.get(l.node);
      if (lane === undefined || l.t > v.nowMs || l.t < v.fromMs) continue;
      let list = learnedBy.get(l.value);
      if (!list) learnedBy.set(l.value, (list = []));
      list.push(timeX(v, l.t), (lane + 0.5) * laneH);
    }
    for (const [value, points] of learnedBy) p.marks("circle", points, r + 1, v.valueColor(value), th["--graph-bg"], 1);
  }
  if (part !== "static" && v.nowMs >= v.fromMs && v.nowMs <= v.toMs) {
    // The moment shown.
    const x = timeX(v, v.nowMs);
    p.line(x, 0, x, lanesH + 4, th["--graph-selected"], 2);
  }
}

/** Background, lanes with their names, round ticks and the time axis. */
function drawFrame(p: Painter, v: DiagramView, laneH: number): void {
  const th = v.theme;
  const lanesH = v.lanes.length * laneH;
  p.rect(0, 0, v.width, lanesH + AXIS_H, th["--graph-bg"]);
  v.lanes.forEach((node, i) => {
    const y = (i + 0.5) * laneH;
    if (node === v.selectedNode) p.rect(0, i * laneH, v.width, laneH, th["--graph-selected"], 0.08);
    p.line(LABEL_W, y, v.width - 8, y, th["--graph-edge"], 1);
    p.text(LABEL_W - 6, y + 4, v.names[node] ?? `n${node + 1}`, node === v.selectedNode ? v.text : v.muted, "end", Math.min(12, laneH - 2), node === v.selectedNode);
  });
  const right = v.width - 8;
  v.roundTimes.forEach((t, i) => {
    if (t < v.fromMs || t > v.toMs) return;
    const x = timeX(v, t);
    p.line(x, 0, x, lanesH, th["--graph-edge"], 1, 0.5, [2, 3]);
    // Round numbers clear of the times at both ends of the axis.
    if (x > LABEL_W + 44 && x < right - 44) p.text(x, lanesH + 14, `r${i + 1}`, v.muted, "middle", 10);
  });
  p.text(LABEL_W, lanesH + 14, seconds(v.fromMs), v.muted, "start", 10);
  p.text(right, lanesH + 14, seconds(v.toMs), v.muted, "end", 10);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Adds `shape` of radius r at (x, y) to a path (a canvas context, or an SVG path builder). */
function tracePath(t: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void; arc(x: number, y: number, r: number): void; close(): void }, shape: MarkShape, x: number, y: number, r: number): void {
  if (shape === "circle") return t.arc(x, y, r);
  if (shape === "cross") {
    t.moveTo(x - r, y - r);
    t.lineTo(x + r, y + r);
    t.moveTo(x + r, y - r);
    t.lineTo(x - r, y + r);
    return;
  }
  if (shape === "cut") {
    t.arc(x, y, r);
    t.moveTo(x - r * 0.7, y + r * 0.7);
    t.lineTo(x + r * 0.7, y - r * 0.7);
    return;
  }
  t.moveTo(x + shape[0]! * r, y + shape[1]! * r);
  for (let i = 2; i + 1 < shape.length; i += 2) t.lineTo(x + shape[i]! * r, y + shape[i + 1]! * r);
  t.close();
}

/**
 * Lines (and marks) per stroke on a canvas. Without a GPU, Skia rasterises one path of many crossing
 * lines slower than the same lines stroked one by one (measured: 15 fps at 32 per path, 60 at 1).
 */
const LINES_PER_STROKE = 1;

/** The canvas painter: CSS px (the caller scales for the device pixel ratio). */
export function canvasPainter(ctx: CanvasRenderingContext2D): Painter {
  const tracer = {
    moveTo: (x: number, y: number) => ctx.moveTo(x, y),
    lineTo: (x: number, y: number) => ctx.lineTo(x, y),
    arc: (x: number, y: number, r: number) => {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    },
    close: () => ctx.closePath(),
  };
  return {
    marks(shape, points, r, fill, stroke, strokeWidth) {
      ctx.lineWidth = strokeWidth;
      ctx.strokeStyle = stroke;
      if (fill) ctx.fillStyle = fill;
      for (let start = 0; start < points.length; start += 2 * LINES_PER_STROKE) {
        ctx.beginPath();
        const end = Math.min(points.length, start + 2 * LINES_PER_STROKE);
        for (let i = start; i + 1 < end; i += 2) tracePath(tracer, shape, points[i]!, points[i + 1]!, r);
        if (fill) ctx.fill();
        ctx.stroke();
      }
    },
    lines(segments, color, width, opacity = 1) {
      if (segments.length === 0) return;
      ctx.globalAlpha = opacity;
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      for (let start = 0; start < segments.length; start += 4 * LINES_PER_STROKE) {
        ctx.beginPath();
        const end = Math.min(segments.length, start + 4 * LINES_PER_STROKE);
        for (let i = start; i + 3 < end; i += 4) {
          ctx.moveTo(segments[i]!, segments[i + 1]!);
          ctx.lineTo(segments[i + 2]!, segments[i + 3]!);
        }
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
    },
    // oxlint-disable-next-line max-params -- the canvas API's own argument list (x, y, ..., style)
    line(x1, y1, x2, y2, color, width, opacity = 1, dash) {
      ctx.globalAlpha = opacity;
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash ?? []);
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
      ctx.globalAlpha = 1;
      ctx.setLineDash([]);
    },
    rect(x, y, w, h, fill, opacity = 1) {
      ctx.globalAlpha = opacity;
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, w, h);
      ctx.globalAlpha = 1;
    },
    // oxlint-disable-next-line max-params -- the canvas API's own argument list (x, y, ..., style)
    text(x, y, text, color, anchor, sizePx, bold = false) {
      ctx.font = `${bold ? 700 : 500} ${sizePx}px system-ui, sans-serif`;
      ctx.textAlign = anchor === "middle" ? "center" : anchor === "end" ? "right" : "left";
      ctx.fillStyle = color;
      ctx.fillText(text, x, y);
    },
  };
}

/** An SVG painter: collects elements; `svg()` returns the document. */
export function svgPainter(width: number, height: number): Painter & { svg(): string } {
  const parts: string[] = [];
  const n = (x: number) => (Math.round(x * 10) / 10).toString();
  const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
  return {
    marks(shape, points, r, fill, stroke, strokeWidth) {
      if (points.length === 0) return;
      let d = "";
      const tracer = {
        moveTo: (x: number, y: number) => (d += `M${n(x)} ${n(y)}`),
        lineTo: (x: number, y: number) => (d += `L${n(x)} ${n(y)}`),
        arc: (x: number, y: number, rr: number) => (d += `M${n(x + rr)} ${n(y)}A${n(rr)} ${n(rr)} 0 1 0 ${n(x - rr)} ${n(y)}A${n(rr)} ${n(rr)} 0 1 0 ${n(x + rr)} ${n(y)}`),
        close: () => (d += "Z"),
      };
      for (let i = 0; i + 1 < points.length; i += 2) tracePath(tracer, shape, points[i]!, points[i + 1]!, r);
      parts.push(`<path d="${d}" fill="${fill ? esc(fill) : "none"}" stroke="${esc(stroke)}" stroke-width="${strokeWidth}" stroke-linecap="round"/>`);
    },
    lines(segments, color, strokeWidth, opacity = 1) {
      if (segments.length === 0) return;
      let d = "";
      for (let i = 0; i + 3 < segments.length; i += 4) d += `M${n(segments[i]!)} ${n(segments[i + 1]!)}L${n(segments[i + 2]!)} ${n(segments[i + 3]!)}`;
      parts.push(`<path d="${d}" fill="none" stroke="${esc(color)}" stroke-width="${strokeWidth}" stroke-linecap="round"${opacity < 1 ? ` stroke-opacity="${opacity}"` : ""}/>`);
    },
    // oxlint-disable-next-line max-params -- the canvas API's own argument list (x, y, ..., style)
    line(x1, y1, x2, y2, color, strokeWidth, opacity = 1, dash) {
      parts.push(`<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${esc(color)}" stroke-width="${strokeWidth}"${opacity < 1 ? ` stroke-opacity="${opacity}"` : ""}${dash ? ` stroke-dasharray="${dash.join(" ")}"` : ""}/>`);
    },
    rect(x, y, w, h, fill, opacity = 1) {
      parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${esc(fill)}"${opacity < 1 ? ` fill-opacity="${opacity}"` : ""}/>`);
    },
    // oxlint-disable-next-line max-params -- the canvas API's own argument list (x, y, ..., style)
    text(x, y, text, color, anchor, sizePx, bold = false) {
      parts.push(`<text x="${n(x)}" y="${n(y)}" fill="${esc(color)}" font-size="${sizePx}" font-family="system-ui, sans-serif"${bold ? ' font-weight="700"' : ""} text-anchor="${anchor}">${esc(text)}</text>`);
    },
    svg() {
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}">\n${parts.join("\n")}\n</svg>\n`;
    },
  };
}
