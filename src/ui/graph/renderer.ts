/**
 * Canvas drawing for the graph view. Two layers: the static layer (edges, node bodies, rings,
 * labels) is drawn into offscreen canvases only when positions, node states or the view change;
 * the moving layer (message dots, drop crosses, flashes, selection) is drawn every frame on top of
 * a copy of it. Every batch of like marks is one path and one fill or stroke (one per colour), and
 * the frame loop allocates nothing: scratch arrays are sized once per topology.
 *
 * Coordinates: world units are transformed to CSS px by hand (screen = world * k + offset) and the
 * context carries only the device-pixel-ratio scale, so line widths stay in CSS px at any zoom.
 */
import type { Flashes } from "./flashes";
import { MessageState, type MessagePool } from "./messages";
import { FILL_BUCKETS, MESSAGE_KINDS, SHAPE_VERTICES, fillBucket, type FillScale, type Theme } from "./styles";
import { boundsOf, fitTransform, type ViewTransform } from "./view";

/** Node radius and link rest length, world units (the layout's scale). */
export const NODE_RADIUS_WORLD = 14;
export const SPACING_WORLD = 60;

/** Fit never zooms in beyond this (CSS px per world unit): a 3-node graph should not fill a projector. */
export const MAX_FIT_K = 2.5;
/** Free space around the fitted graph, CSS px. */
const FIT_PADDING_PX = 12;

/** The view that shows the whole graph (nodes, rings and a margin) in a widthPx x heightPx canvas. */
export function fitGraph(xy: Float64Array, n: number, widthPx: number, heightPx: number): ViewTransform {
  return fitTransform(boundsOf(xy, n), NODE_RADIUS_WORLD * 1.6, widthPx, heightPx, FIT_PADDING_PX, MAX_FIT_K);
}

/** Label font bounds, CSS px: below the minimum a label is hidden, not shrunk further. */
export const LABEL_MIN_PX = 9;
export const LABEL_MAX_PX = 22;
/** Average advance of a digit or "n" in a bold sans font, in ems. */
const LABEL_CHAR_EM = 0.6;
const LABEL_FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Node radius in CSS px at zoom k; never below 1.5 so a node stays visible when zoomed far out. */
export function nodeRadiusPx(k: number): number {
  return Math.max(1.5, NODE_RADIUS_WORLD * k);
}

/**
 * Label font size, CSS px, for nodes of radius `radiusPx` whose longest name has `maxChars`
 * characters: the largest that fits inside the node (the label lives inside), capped at
 * LABEL_MAX_PX; 0 when it would be under LABEL_MIN_PX (labels hidden).
 */
export function labelFontPx(radiusPx: number, maxChars: number): number {
  const fit = Math.min(LABEL_MAX_PX, radiusPx * 0.9, (radiusPx * 1.9) / (LABEL_CHAR_EM * Math.max(1, maxChars)));
  return fit >= LABEL_MIN_PX ? Math.floor(fit * 2) / 2 : 0;
}

/** Width of the share-known ring around a node, CSS px; 0 when the node is too small to carry one. */
export function ringWidthPx(radiusPx: number): number {
  return radiusPx < 7 ? 0 : Math.min(5, Math.max(2, radiusPx * 0.16));
}

/** Radius of a node including its ring, CSS px. */
export function outerRadiusPx(radiusPx: number): number {
  const ringW = ringWidthPx(radiusPx);
  return ringW > 0 ? radiusPx + 2 + ringW : radiusPx;
}

/** Radius of a message dot, CSS px. */
export function dotRadiusPx(radiusPx: number): number {
  return Math.min(7, Math.max(2.5, radiusPx * 0.36));
}

/** What the renderer reads about the graph. Arrays are the view's own, sized to `n`. */
export interface Scene {
  n: number;
  names: readonly string[];
  edges: Uint32Array;
  /** Draw edges at all (a complete graph of thousands of nodes has millions). */
  drawEdges: boolean;
  /** World positions, interleaved. */
  xy: Float64Array;
  knownCounts: Uint32Array;
  alive: Uint8Array;
  totalValues: number;
  selectedValueKnowers: Uint8Array | null;
  selected: number;
  hover: number;
}

/** Where and how to draw. */
export interface Surface {
  widthPx: number;
  heightPx: number;
  dpr: number;
  view: ViewTransform;
  theme: Theme;
  scale: FillScale;
}

/** Scratch arrays for the static layer's bucket sort, sized once per topology. */
export class NodeScratch {
  readonly bucket: Uint8Array;
  readonly order: Int32Array;
  /** bucketStart[b] .. bucketStart[b + 1] - 1: slots of `order` holding bucket b's nodes. */
  readonly bucketStart = new Int32Array(FILL_BUCKETS + 1);
  readonly cursor = new Int32Array(FILL_BUCKETS + 1);
  constructor(n: number) {
    this.bucket = new Uint8Array(n);
    this.order = new Int32Array(n);
  }
}

function begin(ctx: CanvasRenderingContext2D, s: Surface): void {
  ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = "source-over";
}

/** Layer 1: background and edges. */
export function drawEdgeLayer(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface): void {
  begin(ctx, s);
  ctx.fillStyle = s.theme["--graph-bg"];
  ctx.fillRect(0, 0, s.widthPx, s.heightPx);
  if (!scene.drawEdges || scene.edges.length === 0) return;
  const { k, x: ox, y: oy } = s.view;
  const xy = scene.xy;
  const edges = scene.edges;
  const w = s.widthPx;
  const h = s.heightPx;
  ctx.beginPath();
  for (let e = 0; e + 1 < edges.length; e += 2) {
    const a = edges[e]!;
    const b = edges[e + 1]!;
    const ax = xy[2 * a]! * k + ox;
    const ay = xy[2 * a + 1]! * k + oy;
    const bx = xy[2 * b]! * k + ox;
    const by = xy[2 * b + 1]! * k + oy;
    // Cull an edge whose both ends lie beyond the same side of the viewport.
    if ((ax < 0 && bx < 0) || (ay < 0 && by < 0) || (ax > w && bx > w) || (ay > h && by > h)) continue;
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, by);
  }
  ctx.strokeStyle = s.theme["--graph-edge"];
  // Thinner edges for dense graphs keep nodes readable; never under a hairline.
  ctx.lineWidth = Math.max(0.6, Math.min(1.5, nodeRadiusPx(k) * 0.12));
  ctx.stroke();
}

/** Layer 2: node bodies (fill by share known), rings, crash marks, labels, over a copy of layer 1. */
export function drawNodeLayer(ctx: CanvasRenderingContext2D, edgeLayer: HTMLCanvasElement, scene: Scene, s: Surface, scratch: NodeScratch): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalCompositeOperation = "copy";
  ctx.drawImage(edgeLayer, 0, 0);
  begin(ctx, s);
  const n = scene.n;
  if (n === 0) return;
  const { k, x: ox, y: oy } = s.view;
  const xy = scene.xy;
  const r = nodeRadiusPx(k);
  const margin = r + 8;
  const w = s.widthPx;
  const h = s.heightPx;
  const knowers = scene.selectedValueKnowers;
  const total = scene.totalValues;

  // Counting sort of visible live nodes by fill bucket: one path per colour. Bucket 255 = culled or crashed.
  const { bucket, order, bucketStart, cursor } = scratch;
  bucketStart.fill(0);
  let crashed = 0;
  for (let i = 0; i < n; i++) {
    const sx = xy[2 * i]! * k + ox;
    const sy = xy[2 * i + 1]! * k + oy;
    if (sx < -margin || sy < -margin || sx > w + margin || sy > h + margin) {
      bucket[i] = 255;
      continue;
    }
    if (scene.alive[i] === 0) {
      bucket[i] = 254;
      crashed++;
      continue;
    }
    const b = knowers ? (knowers[i] ? FILL_BUCKETS - 1 : 0) : fillBucket(scene.knownCounts[i]!, total);
    bucket[i] = b;
    bucketStart[b + 1]!++;
  }
  for (let b = 0; b < FILL_BUCKETS; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const visibleLive = bucketStart[FILL_BUCKETS]!;
  cursor.set(bucketStart);
  for (let i = 0; i < n; i++) {
    const b = bucket[i]!;
    if (b < FILL_BUCKETS) order[cursor[b]!++] = i;
  }

  const tiny = r < 2.5;
  const ringW = ringWidthPx(r);
  // A 2 px gap keeps the arc apart from a dark fill.
  const ringR = r + 2 + ringW / 2;

  if (ringW > 0) {
    ctx.beginPath();
    for (let j = 0; j < visibleLive; j++) {
      const i = order[j]!;
      const sx = xy[2 * i]! * k + ox;
      const sy = xy[2 * i + 1]! * k + oy;
      ctx.moveTo(sx + ringR, sy);
      ctx.arc(sx, sy, ringR, 0, 2 * Math.PI);
    }
    ctx.strokeStyle = s.theme["--graph-ring-track"];
    ctx.lineWidth = ringW;
    ctx.stroke();
  }

  for (let b = 0; b < FILL_BUCKETS; b++) {
    const from = bucketStart[b]!;
    const to = bucketStart[b + 1]!;
    if (from === to) continue;
    ctx.beginPath();
    for (let j = from; j < to; j++) nodeShape(ctx, order[j]!, xy, k, ox, oy, r, tiny);
    ctx.fillStyle = s.scale.fills[b]!;
    ctx.fill();
  }
  if (!tiny) {
    ctx.beginPath();
    for (let j = 0; j < visibleLive; j++) nodeShape(ctx, order[j]!, xy, k, ox, oy, r, false);
    ctx.strokeStyle = s.theme["--graph-node"];
    ctx.lineWidth = r < 6 ? 0.75 : 1.25;
    ctx.stroke();
  }

  if (ringW > 0) {
    ctx.beginPath();
    for (let j = 0; j < visibleLive; j++) {
      const i = order[j]!;
      const share = knowers ? knowers[i]! : total > 0 ? Math.min(1, scene.knownCounts[i]! / total) : 0;
      if (share <= 0) continue;
      const sx = xy[2 * i]! * k + ox;
      const sy = xy[2 * i + 1]! * k + oy;
      const start = -Math.PI / 2;
      ctx.moveTo(sx + ringR * Math.cos(start), sy + ringR * Math.sin(start));
      ctx.arc(sx, sy, ringR, start, start + 2 * Math.PI * share);
    }
    ctx.strokeStyle = s.theme["--graph-ring"];
    ctx.lineWidth = ringW;
    ctx.lineCap = "butt";
    ctx.stroke();
  }

  if (crashed > 0) {
    ctx.beginPath();
    for (let i = 0; i < n; i++) if (bucket[i] === 254) nodeShape(ctx, i, xy, k, ox, oy, r, tiny);
    ctx.fillStyle = s.theme["--graph-crashed"];
    ctx.fill();
    ctx.beginPath();
    const c = Math.max(1.5, r * 0.55);
    for (let i = 0; i < n; i++) {
      if (bucket[i] !== 254) continue;
      const sx = xy[2 * i]! * k + ox;
      const sy = xy[2 * i + 1]! * k + oy;
      ctx.moveTo(sx - c, sy - c);
      ctx.lineTo(sx + c, sy + c);
      ctx.moveTo(sx + c, sy - c);
      ctx.lineTo(sx - c, sy + c);
    }
    ctx.strokeStyle = s.theme["--graph-crashed-mark"];
    ctx.lineWidth = Math.max(1, Math.min(3, r * 0.14));
    ctx.lineCap = "round";
    ctx.stroke();
  }

  let maxChars = 0;
  for (let i = 0; i < n; i++) maxChars = Math.max(maxChars, scene.names[i]?.length ?? 0);
  const fontPx = labelFontPx(r, maxChars);
  if (fontPx > 0) {
    ctx.font = `600 ${fontPx}px ${LABEL_FONT_FAMILY}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (let b = 0; b < FILL_BUCKETS; b++) {
      const from = bucketStart[b]!;
      const to = bucketStart[b + 1]!;
      if (from === to) continue;
      ctx.fillStyle = s.scale.labels[b]!;
      for (let j = from; j < to; j++) {
        const i = order[j]!;
        ctx.fillText(scene.names[i] ?? "", xy[2 * i]! * k + ox, xy[2 * i + 1]! * k + oy + fontPx * 0.05);
      }
    }
    // A crashed node's cross fills its body, so its name goes below it, on a halo of background.
    ctx.fillStyle = s.theme["--graph-label"];
    ctx.strokeStyle = s.theme["--graph-bg"];
    ctx.lineWidth = 3;
    ctx.lineJoin = "round";
    for (let i = 0; i < n; i++) {
      if (bucket[i] !== 254) continue;
      const lx = xy[2 * i]! * k + ox;
      const ly = xy[2 * i + 1]! * k + oy + outerRadiusPx(r) + fontPx * 0.7;
      ctx.strokeText(scene.names[i] ?? "", lx, ly);
      ctx.fillText(scene.names[i] ?? "", lx, ly);
    }
  }
}

function nodeShape(ctx: CanvasRenderingContext2D, i: number, xy: Float64Array, k: number, ox: number, oy: number, r: number, tiny: boolean): void {
  const sx = xy[2 * i]! * k + ox;
  const sy = xy[2 * i + 1]! * k + oy;
  if (tiny) {
    ctx.rect(sx - r, sy - r, 2 * r, 2 * r);
  } else {
    ctx.moveTo(sx + r, sy);
    ctx.arc(sx, sy, r, 0, 2 * Math.PI);
  }
}

/**
 * Copies the static layer, built at view `built`, onto the visible canvas at the current view: a
 * straight copy when the view is unchanged, else scaled and shifted (while panning or zooming faster
 * than the static layer is rebuilt).
 */
export function blitStatic(ctx: CanvasRenderingContext2D, layer: HTMLCanvasElement, built: ViewTransform, s: Surface): void {
  const f = s.view.k / built.k;
  const dx = s.view.x - built.x * f;
  const dy = s.view.y - built.y * f;
  if (f === 1 && dx === 0 && dy === 0) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = "copy";
    ctx.globalAlpha = 1;
    ctx.drawImage(layer, 0, 0);
    ctx.globalCompositeOperation = "source-over";
    return;
  }
  begin(ctx, s);
  ctx.fillStyle = s.theme["--graph-bg"];
  ctx.fillRect(0, 0, s.widthPx, s.heightPx);
  ctx.setTransform(s.dpr * f, 0, 0, s.dpr * f, s.dpr * dx, s.dpr * dy);
  ctx.drawImage(layer, 0, 0, layer.width / s.dpr, layer.height / s.dpr);
}

/** Opacity steps for fading marks: one path per step instead of one per mark. */
const ALPHA_STEPS = 4;

/** The moving layer: reduced-motion edge highlights or message dots, drop crosses, flashes, selection. */
export function drawMovingLayer(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  s: Surface,
  pool: MessagePool,
  flashes: Flashes,
  wallMs: number,
  reducedMotion: boolean,
): void {
  begin(ctx, s);
  const { k, x: ox, y: oy } = s.view;
  const xy = scene.xy;
  const r = nodeRadiusPx(k);
  const theme = s.theme;

  // Flashes under the dots: a ring growing from the node's edge, fading over FLASH_MS.
  if (flashes.count > 0) {
    ctx.lineWidth = Math.max(1.5, Math.min(3, r * 0.2));
    for (let step = 0; step < ALPHA_STEPS; step++) {
      ctx.beginPath();
      let any = false;
      for (let j = 0; j < flashes.count; j++) {
        const i = flashes.active[j]!;
        const age = flashes.age(i, wallMs);
        if (age >= 1 || Math.min(ALPHA_STEPS - 1, Math.floor(age * ALPHA_STEPS)) !== step) continue;
        const sx = xy[2 * i]! * k + ox;
        const sy = xy[2 * i + 1]! * k + oy;
        const fr = reducedMotion ? r + 5 : r + 2 + Math.max(6, r * 1.2) * age;
        ctx.moveTo(sx + fr, sy);
        ctx.arc(sx, sy, fr, 0, 2 * Math.PI);
        any = true;
      }
      if (!any) continue;
      ctx.globalAlpha = 1 - (step + 0.5) / ALPHA_STEPS;
      ctx.strokeStyle = theme["--graph-flash"];
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  if (pool.count > 0) {
    if (reducedMotion) drawCarryingEdges(ctx, scene, s, pool);
    else drawDots(ctx, s, pool, r);
    drawCrosses(ctx, s, pool, r);
  }

  if (scene.hover >= 0 && scene.hover < scene.n && scene.hover !== scene.selected) {
    const i = scene.hover;
    ctx.beginPath();
    ctx.arc(xy[2 * i]! * k + ox, xy[2 * i + 1]! * k + oy, outerRadiusPx(r) + 2.5, 0, 2 * Math.PI);
    ctx.globalAlpha = 0.55;
    ctx.strokeStyle = theme["--graph-selected"];
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
  if (scene.selected >= 0 && scene.selected < scene.n) {
    const i = scene.selected;
    const sx = xy[2 * i]! * k + ox;
    const sy = xy[2 * i + 1]! * k + oy;
    const sr = outerRadiusPx(r) + 3.5;
    // A contrasting halo under the outline keeps it visible over any fill or edge.
    ctx.beginPath();
    ctx.arc(sx, sy, sr, 0, 2 * Math.PI);
    ctx.strokeStyle = theme["--graph-bg"];
    ctx.lineWidth = 5;
    ctx.stroke();
    ctx.strokeStyle = theme["--graph-selected"];
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }
}

function drawDots(ctx: CanvasRenderingContext2D, s: Surface, pool: MessagePool, r: number): void {
  const { k, x: ox, y: oy } = s.view;
  const d = dotRadiusPx(r);
  ctx.lineWidth = d < 3.5 ? 0.75 : 1;
  ctx.lineJoin = "round";
  for (let kind = 0; kind < MESSAGE_KINDS.length; kind++) {
    const spec = MESSAGE_KINDS[kind]!;
    const verts = SHAPE_VERTICES[spec.shape];
    ctx.beginPath();
    let any = false;
    for (let i = 0; i < pool.count; i++) {
      if (pool.state[i] !== MessageState.Moving || pool.kind[i] !== kind) continue;
      const sx = pool.x[i]! * k + ox;
      const sy = pool.y[i]! * k + oy;
      if (verts.length === 0) {
        ctx.moveTo(sx + d, sy);
        ctx.arc(sx, sy, d, 0, 2 * Math.PI);
      } else {
        ctx.moveTo(sx + verts[0]! * d, sy + verts[1]! * d);
        for (let v = 2; v < verts.length; v += 2) ctx.lineTo(sx + verts[v]! * d, sy + verts[v + 1]! * d);
        ctx.closePath();
      }
      any = true;
    }
    if (!any) continue;
    ctx.fillStyle = s.theme[spec.colorVar as Exclude<typeof spec.colorVar, "--graph-scale">];
    ctx.fill();
    ctx.strokeStyle = s.theme["--graph-msg-outline"];
    ctx.stroke();
  }
}

/** Reduced motion: no dots; each edge carrying a message is drawn thick in the message's colour. */
function drawCarryingEdges(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface, pool: MessagePool): void {
  const { k, x: ox, y: oy } = s.view;
  const xy = scene.xy;
  ctx.lineWidth = Math.max(2, Math.min(4, nodeRadiusPx(k) * 0.25));
  ctx.lineCap = "round";
  for (let kind = 0; kind < MESSAGE_KINDS.length; kind++) {
    const spec = MESSAGE_KINDS[kind]!;
    ctx.beginPath();
    let any = false;
    for (let i = 0; i < pool.count; i++) {
      if (pool.state[i] !== MessageState.Moving || pool.kind[i] !== kind) continue;
      const a = pool.src[i]!;
      const b = pool.dest[i]!;
      ctx.moveTo(xy[2 * a]! * k + ox, xy[2 * a + 1]! * k + oy);
      ctx.lineTo(xy[2 * b]! * k + ox, xy[2 * b + 1]! * k + oy);
      any = true;
    }
    if (!any) continue;
    ctx.strokeStyle = s.theme[spec.colorVar as Exclude<typeof spec.colorVar, "--graph-scale">];
    ctx.stroke();
  }
}

/** Lost messages: a cross where the message stopped, fading out. */
function drawCrosses(ctx: CanvasRenderingContext2D, s: Surface, pool: MessagePool, r: number): void {
  const { k, x: ox, y: oy } = s.view;
  const c = Math.max(3, dotRadiusPx(r) * 1.1);
  ctx.lineCap = "round";
  for (let step = 0; step < ALPHA_STEPS; step++) {
    ctx.beginPath();
    let any = false;
    for (let i = 0; i < pool.count; i++) {
      if (pool.state[i] !== MessageState.Failed) continue;
      if (Math.min(ALPHA_STEPS - 1, Math.floor(pool.alpha[i]! * ALPHA_STEPS)) !== step) continue;
      const sx = pool.x[i]! * k + ox;
      const sy = pool.y[i]! * k + oy;
      ctx.moveTo(sx - c, sy - c);
      ctx.lineTo(sx + c, sy + c);
      ctx.moveTo(sx + c, sy - c);
      ctx.lineTo(sx - c, sy + c);
      any = true;
    }
    if (!any) continue;
    ctx.globalAlpha = (step + 1) / ALPHA_STEPS;
    // A dark underlay, then the red-ish cross: readable on light and dark backgrounds.
    ctx.strokeStyle = s.theme["--graph-msg-outline"];
    ctx.lineWidth = c * 0.75 + 2;
    ctx.stroke();
    ctx.strokeStyle = s.theme["--graph-drop"];
    ctx.lineWidth = c * 0.75;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}
