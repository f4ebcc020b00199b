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

export interface Painter {
  line(x1: number, y1: number, x2: number, y2: number, color: string, width: number, opacity?: number, dash?: readonly number[]): void;
  circle(x: number, y: number, r: number, fill: string | null, stroke: string | null, strokeWidth?: number): void;
  polygon(points: readonly number[], fill: string, stroke: string): void;
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

export function drawDiagram(p: Painter, v: DiagramView, laneH: number): void {
  const th = v.theme;
  const lanesH = v.lanes.length * laneH;
  const laneOf = laneIndex(v.lanes);
  p.rect(0, 0, v.width, lanesH + AXIS_H, th["--graph-bg"]);
  // Lanes: a rule each, the selected one shaded, names at the left.
  v.lanes.forEach((node, i) => {
    const y = (i + 0.5) * laneH;
    if (node === v.selectedNode) p.rect(0, i * laneH, v.width, laneH, th["--graph-selected"], 0.08);
    p.line(LABEL_W, y, v.width - 8, y, th["--graph-edge"], 1);
    p.text(LABEL_W - 6, y + 4, v.names[node] ?? `n${node + 1}`, node === v.selectedNode ? v.text : v.muted, "end", Math.min(12, laneH - 2), node === v.selectedNode);
  });
  // Round ticks, and their numbers on the axis.
  const right = v.width - 8;
  v.roundTimes.forEach((t, i) => {
    if (t < v.fromMs || t > v.toMs) return;
    const x = timeX(v, t);
    p.line(x, 0, x, lanesH, th["--graph-edge"], 1, 0.5, [2, 3]);
    // Round numbers clear of the times at both ends of the axis.
    if (x > LABEL_W + 44 && x < right - 44) p.text(x, lanesH + 14, `r${i + 1}`, v.muted, "middle", 10);
  });
  const r = Math.max(2.5, Math.min(4, laneH * 0.18));
  for (const m of v.messages) {
    const seg = messageSegment(v, laneH, laneOf, m);
    if (!seg) continue;
    const [x1, y1, x2, y2] = seg;
    const kind = MESSAGE_KINDS[kindOfTypeName(m.type)]!;
    const color = th[kind.colorVar];
    const hovered = m.sendSeq === v.hover;
    if (v.chain.has(m.sendSeq)) p.line(x1, y1, x2, y2, th["--graph-selected"], 5, 0.9);
    p.line(x1, y1, x2, y2, color, hovered ? 3 : 1.5, m.lost !== DropReason.None ? 0.75 : 0.9);
    if (lossAt(m) <= v.nowMs) {
      lossMark(p, x2, y2, r + 1, m.lost === DropReason.Partition, th);
    } else if (m.lost === DropReason.None && !Number.isNaN(m.endAt) && m.endAt <= v.nowMs) {
      shape(p, SHAPE_VERTICES[kind.shape], x2, y2, r, color, th["--graph-msg-outline"]);
    }
  }
  for (const l of v.learns) {
    const lane = laneOf.get(l.node);
    if (lane === undefined || l.t > v.nowMs || l.t < v.fromMs) continue;
    p.circle(timeX(v, l.t), (lane + 0.5) * laneH, r + 1, v.valueColor(l.value), th["--graph-bg"], 1);
  }
  // The moment shown.
  if (v.nowMs >= v.fromMs && v.nowMs <= v.toMs) {
    const x = timeX(v, v.nowMs);
    p.line(x, 0, x, lanesH + 4, th["--graph-selected"], 2);
  }
  p.text(LABEL_W, lanesH + 14, seconds(v.fromMs), v.muted, "start", 10);
  p.text(v.width - 8, lanesH + 14, seconds(v.toMs), v.muted, "end", 10);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function shape(p: Painter, verts: readonly number[], x: number, y: number, r: number, fill: string, stroke: string): void {
  if (verts.length === 0) {
    p.circle(x, y, r, fill, stroke, 0.75);
    return;
  }
  const pts: number[] = [];
  for (let i = 0; i + 1 < verts.length; i += 2) pts.push(x + verts[i]! * r, y + verts[i + 1]! * r);
  p.polygon(pts, fill, stroke);
}

function lossMark(p: Painter, x: number, y: number, r: number, cut: boolean, th: Theme): void {
  const color = th["--graph-drop"];
  if (cut) {
    p.circle(x, y, r, null, color, 1.75);
    p.line(x - r * 0.7, y + r * 0.7, x + r * 0.7, y - r * 0.7, color, 1.75);
    return;
  }
  p.line(x - r, y - r, x + r, y + r, color, 2);
  p.line(x + r, y - r, x - r, y + r, color, 2);
}

/** The canvas painter: CSS px (the caller scales for the device pixel ratio). */
export function canvasPainter(ctx: CanvasRenderingContext2D): Painter {
  return {
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
    circle(x, y, r, fill, stroke, strokeWidth = 1) {
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      if (fill) {
        ctx.fillStyle = fill;
        ctx.fill();
      }
      if (stroke) {
        ctx.strokeStyle = stroke;
        ctx.lineWidth = strokeWidth;
        ctx.stroke();
      }
    },
    polygon(points, fill, stroke) {
      ctx.beginPath();
      ctx.moveTo(points[0]!, points[1]!);
      for (let i = 2; i + 1 < points.length; i += 2) ctx.lineTo(points[i]!, points[i + 1]!);
      ctx.closePath();
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 0.75;
      ctx.stroke();
    },
    rect(x, y, w, h, fill, opacity = 1) {
      ctx.globalAlpha = opacity;
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, w, h);
      ctx.globalAlpha = 1;
    },
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
    line(x1, y1, x2, y2, color, strokeWidth, opacity = 1, dash) {
      parts.push(`<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${esc(color)}" stroke-width="${strokeWidth}"${opacity < 1 ? ` stroke-opacity="${opacity}"` : ""}${dash ? ` stroke-dasharray="${dash.join(" ")}"` : ""}/>`);
    },
    circle(x, y, r, fill, stroke, strokeWidth = 1) {
      parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${fill ? esc(fill) : "none"}"${stroke ? ` stroke="${esc(stroke)}" stroke-width="${strokeWidth}"` : ""}/>`);
    },
    polygon(points, fill, stroke) {
      const pts: string[] = [];
      for (let i = 0; i + 1 < points.length; i += 2) pts.push(`${n(points[i]!)},${n(points[i + 1]!)}`);
      parts.push(`<polygon points="${pts.join(" ")}" fill="${esc(fill)}" stroke="${esc(stroke)}" stroke-width="0.75"/>`);
    },
    rect(x, y, w, h, fill, opacity = 1) {
      parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${esc(fill)}"${opacity < 1 ? ` fill-opacity="${opacity}"` : ""}/>`);
    },
    text(x, y, text, color, anchor, sizePx, bold = false) {
      parts.push(`<text x="${n(x)}" y="${n(y)}" fill="${esc(color)}" font-size="${sizePx}" font-family="system-ui, sans-serif"${bold ? ' font-weight="700"' : ""} text-anchor="${anchor}">${esc(text)}</text>`);
    },
    svg() {
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}">\n${parts.join("\n")}\n</svg>\n`;
    },
  };
}
