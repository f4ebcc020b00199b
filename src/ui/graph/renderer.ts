/**
 * Canvas drawing for the graph view. Two layers: the static layer (edges, node bodies, rings,
 * labels, here) is drawn into offscreen canvases only when positions, node states or the view
 * change; the moving layer (./moving.ts: message dots, drop crosses, flashes, selection) is drawn
 * every frame on top of a copy of it. Every batch of like marks is one path and one fill or stroke (one per colour), and
 * the frame loop allocates nothing: scratch arrays are sized once per topology.
 *
 * Coordinates: world units are transformed to CSS px by hand (screen = world * k + offset) and the
 * context carries only the device-pixel-ratio scale, so line widths stay in CSS px at any zoom.
 */
import { spriteCanvas, type DotRaster, type Sprite } from "./dots";
import { FILL_BUCKETS, GROUP_VARS, fillBucket, type FillScale, type Theme } from "./styles";
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

/**
 * Below this node radius (CSS px: a graph of about a thousand nodes and more, fitted) the picture is
 * of what nodes know: message dots stay smaller than a node, and lost messages are faint specks that
 * cannot bury the nodes' colours.
 */
export const DENSE_RADIUS_PX = 7;

/** Radius of a message dot, CSS px: never larger than a small node. */
export function dotRadiusPx(radiusPx: number): number {
  return radiusPx < DENSE_RADIUS_PX ? Math.max(1.25, radiusPx * 0.36) : Math.min(7, Math.max(2.5, radiusPx * 0.36));
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
  /** Partition group per node (0: the unlisted rest), or null when not partitioned. */
  groups: Int32Array | null;
  /** Per node 1: picked for a partition group (shift-click, lasso). */
  marked: Uint8Array;
  selected: number;
  hover: number;
  /** Send seq of the message being inspected, or -1. */
  inspectedMessage: number;
  /** The selected value's spread tree: per node who taught it (-1: none) and its hops from the origin (-1: does not know). */
  tree: { parent: Int32Array; depth: Int32Array } | null;
  /** How the selected node learned the selected value: the nodes from the origin to it, or null. */
  chain: readonly number[] | null;
  /** A message's link to mark (hovered in the space-time diagram), or null. */
  highlight: { src: number; dest: number } | null;
  /** Nodes where values were injected: each marked with a star. */
  origins: readonly number[];
}

/** A scene of no nodes, nothing selected. */
export function emptyScene(): Scene {
  return {
    n: 0,
    names: [],
    edges: new Uint32Array(0),
    drawEdges: true,
    xy: new Float64Array(0),
    knownCounts: new Uint32Array(0),
    alive: new Uint8Array(0),
    totalValues: 0,
    selectedValueKnowers: null,
    groups: null,
    marked: new Uint8Array(0),
    selected: -1,
    hover: -1,
    inspectedMessage: -1,
    tree: null,
    chain: null,
    highlight: null,
    origins: [],
  };
}

/** Node states for a new topology of n nodes: all alive, knowing nothing, in no group, none picked. */
export function resetNodeStates(scene: Scene, n: number): void {
  scene.knownCounts = new Uint32Array(n);
  scene.alive = new Uint8Array(n).fill(1);
  scene.totalValues = 0;
  scene.selectedValueKnowers = null;
  scene.groups = null;
  scene.marked = new Uint8Array(n);
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
  /** Per node: screen position (CSS px) and share of values known, this rebuild. */
  readonly sx: Float32Array;
  readonly sy: Float32Array;
  readonly share: Float32Array;
  /** Visible crashed nodes, in index order. */
  readonly crashedList: Int32Array;
  constructor(n: number) {
    this.bucket = new Uint8Array(n);
    this.order = new Int32Array(n);
    this.sx = new Float32Array(n);
    this.sy = new Float32Array(n);
    this.share = new Float32Array(n);
    this.crashedList = new Int32Array(n);
  }
}

/** Resets `ctx` to drawing in CSS px (the device-pixel-ratio scale), opaque, over what is there. */
export function begin(ctx: CanvasRenderingContext2D, s: Surface): void {
  ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = "source-over";
}

/**
 * Layer 1: background, partition tints and edges. Under a partition each group's nodes sit on a tint
 * of the group's colour, and an edge between two groups (cut) is drawn faint and dashed.
 */
export function drawEdgeLayer(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface): void {
  begin(ctx, s);
  ctx.fillStyle = s.theme["--graph-bg"];
  ctx.fillRect(0, 0, s.widthPx, s.heightPx);
  if (scene.groups) paintGroupTints(ctx, scene, s);
  if (!scene.drawEdges || scene.edges.length === 0) return;
  ctx.strokeStyle = s.theme["--graph-edge"];
  // Thinner edges for dense graphs keep nodes readable; never under a hairline.
  ctx.lineWidth = Math.max(0.6, Math.min(1.5, nodeRadiusPx(s.view.k) * 0.12));
  strokeEdges(ctx, scene, s, false);
  if (!scene.groups) return;
  ctx.setLineDash([4, 4]);
  ctx.globalAlpha = 0.45;
  strokeEdges(ctx, scene, s, true);
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

/** The visible edges within groups (`cut` false) or between groups (`cut` true), as one path. */
function strokeEdges(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface, cut: boolean): void {
  const { k, x: ox, y: oy } = s.view;
  const xy = scene.xy;
  const edges = scene.edges;
  const groups = scene.groups;
  const w = s.widthPx;
  const h = s.heightPx;
  ctx.beginPath();
  for (let e = 0; e + 1 < edges.length; e += 2) {
    const a = edges[e]!;
    const b = edges[e + 1]!;
    if ((groups !== null && groups[a] !== groups[b]) !== cut) continue;
    const ax = xy[2 * a]! * k + ox;
    const ay = xy[2 * a + 1]! * k + oy;
    const bx = xy[2 * b]! * k + ox;
    const by = xy[2 * b + 1]! * k + oy;
    // Cull an edge whose both ends lie beyond the same side of the viewport.
    if ((ax < 0 && bx < 0) || (ay < 0 && by < 0) || (ax > w && bx > w) || (ay > h && by > h)) continue;
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, by);
  }
  ctx.stroke();
}

/** A translucent disc behind every node in its partition group's colour, one path per colour. */
function paintGroupTints(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface): void {
  const groups = scene.groups!;
  const { k, x: ox, y: oy } = s.view;
  const tr = outerRadiusPx(nodeRadiusPx(k)) + Math.max(3, nodeRadiusPx(k) * 0.5);
  ctx.globalAlpha = 0.3;
  for (let c = 0; c < GROUP_VARS.length; c++) {
    ctx.beginPath();
    for (let i = 0; i < scene.n; i++) {
      if (groups[i]! % GROUP_VARS.length !== c) continue;
      const x = scene.xy[2 * i]! * k + ox;
      const y = scene.xy[2 * i + 1]! * k + oy;
      ctx.moveTo(x + tr, y);
      ctx.arc(x, y, tr, 0, 2 * Math.PI);
    }
    ctx.fillStyle = s.theme[GROUP_VARS[c]!];
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/** Above this many visible nodes, bodies are stamped from sprites (./dots.ts) instead of drawn as paths. */
export const SPRITE_NODES_MIN = 300;

/** Layer 2: node bodies (fill by share known), rings, crash marks, labels, over a copy of layer 1. */
// oxlint-disable-next-line max-params -- per-frame painter: the frame's typed arrays, passed as they are rather than wrapped in an object each frame
export function drawNodeLayer(
  ctx: CanvasRenderingContext2D,
  edgeLayer: HTMLCanvasElement,
  scene: Scene,
  s: Surface,
  scratch: NodeScratch,
  raster: DotRaster,
  sprites: NodeSprites,
): void {
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

  // Counting sort of visible live nodes by fill bucket: one path per colour. Bucket 255 = culled, 254 = crashed.
  const { bucket, order, bucketStart, cursor, sx, sy, share, crashedList } = scratch;
  bucketStart.fill(0);
  let crashed = 0;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i]! * k + ox;
    const y = xy[2 * i + 1]! * k + oy;
    sx[i] = x;
    sy[i] = y;
    if (x < -margin || y < -margin || x > w + margin || y > h + margin) {
      bucket[i] = 255;
      continue;
    }
    if (scene.alive[i] === 0) {
      bucket[i] = 254;
      crashedList[crashed++] = i;
      continue;
    }
    share[i] = knowers ? knowers[i]! : total > 0 ? Math.min(1, scene.knownCounts[i]! / total) : 0;
    const b = knowers ? (knowers[i] ? FILL_BUCKETS - 1 : 0) : fillBucket(scene.knownCounts[i]!, total);
    bucket[i] = b;
    bucketStart[b + 1]!++;
  }
  for (let b = 0; b < FILL_BUCKETS; b++) bucketStart[b + 1]! += bucketStart[b]!;
  cursor.set(bucketStart);
  for (let i = 0; i < n; i++) {
    const b = bucket[i]!;
    if (b < FILL_BUCKETS) order[cursor[b]!++] = i;
  }

  const visibleLive = bucketStart[FILL_BUCKETS]!;
  if (visibleLive + crashed >= SPRITE_NODES_MIN) {
    const dpr = s.dpr;
    sprites.prepare(r, dpr, s.theme, s.scale);
    raster.begin(ctx.canvas.width, ctx.canvas.height);
    for (let j = 0; j < visibleLive; j++) {
      const i = order[j]!;
      raster.add(sprites.fills[bucket[i]!]!, sx[i]! * dpr, sy[i]! * dpr);
    }
    for (let j = 0; j < crashed; j++) {
      const i = crashedList[j]!;
      raster.add(sprites.crashed!, sx[i]! * dpr, sy[i]! * dpr);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    raster.flush(ctx);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  } else {
    paintBodies(ctx, s, r, sx, sy, order, bucketStart, share, crashedList, crashed);
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
        ctx.fillText(scene.names[i] ?? "", sx[i]!, sy[i]! + fontPx * 0.05);
      }
    }
    // A crashed node's cross fills its body, so its name goes below it, on a halo of background.
    ctx.fillStyle = s.theme["--graph-label"];
    ctx.strokeStyle = s.theme["--graph-bg"];
    ctx.lineWidth = 3;
    ctx.lineJoin = "round";
    for (let j = 0; j < crashed; j++) {
      const i = crashedList[j]!;
      const ly = sy[i]! + outerRadiusPx(r) + fontPx * 0.7;
      ctx.strokeText(scene.names[i] ?? "", sx[i]!, ly);
      ctx.fillText(scene.names[i] ?? "", sx[i]!, ly);
    }
  }
}

/**
 * Node bodies as paths, one per style: ring tracks, fills by bucket, outlines, ring arcs (share
 * known), crashed bodies and their crosses. Positions are CSS px; `order[bucketStart[b] ..
 * bucketStart[b + 1]]` are the live nodes of fill bucket b; `crashedList[0 .. crashed]` the crashed.
 */
// oxlint-disable-next-line max-params -- per-frame painter: the frame's typed arrays, passed as they are rather than wrapped in an object each frame
function paintBodies(
  ctx: CanvasRenderingContext2D,
  s: Surface,
  r: number,
  sx: Float32Array,
  sy: Float32Array,
  order: Int32Array,
  bucketStart: Int32Array,
  share: Float32Array,
  crashedList: Int32Array,
  crashed: number,
): void {
  const visibleLive = bucketStart[FILL_BUCKETS]!;
  const tiny = r < 2.5;
  const ringW = ringWidthPx(r);
  // A 2 px gap keeps the arc apart from a dark fill.
  const ringR = r + 2 + ringW / 2;

  if (ringW > 0) {
    ctx.beginPath();
    for (let j = 0; j < visibleLive; j++) {
      const i = order[j]!;
      ctx.moveTo(sx[i]! + ringR, sy[i]!);
      ctx.arc(sx[i]!, sy[i]!, ringR, 0, 2 * Math.PI);
    }
    ctx.strokeStyle = s.theme["--graph-ring-track"];
    ctx.lineWidth = ringW;
    ctx.stroke();
  }

  if (tiny) {
    // Too small for an outline: a half-pixel frame of the outline colour under each square keeps a
    // node that knows nothing (a fill near the background's) visible among thousands.
    ctx.beginPath();
    for (let j = 0; j < visibleLive; j++) ctx.rect(sx[order[j]!]! - r - 0.5, sy[order[j]!]! - r - 0.5, 2 * r + 1, 2 * r + 1);
    ctx.globalAlpha = 0.55;
    ctx.fillStyle = s.theme["--graph-node"];
    ctx.fill();
    ctx.globalAlpha = 1;
  }
  for (let b = 0; b < FILL_BUCKETS; b++) {
    const from = bucketStart[b]!;
    const to = bucketStart[b + 1]!;
    if (from === to) continue;
    ctx.beginPath();
    for (let j = from; j < to; j++) nodeShape(ctx, sx[order[j]!]!, sy[order[j]!]!, r, tiny);
    ctx.fillStyle = s.scale.fills[b]!;
    ctx.fill();
  }
  if (!tiny) {
    ctx.beginPath();
    for (let j = 0; j < visibleLive; j++) nodeShape(ctx, sx[order[j]!]!, sy[order[j]!]!, r, false);
    ctx.strokeStyle = s.theme["--graph-node"];
    ctx.lineWidth = r < 6 ? 0.75 : 1.25;
    ctx.stroke();
  }

  if (ringW > 0) {
    ctx.beginPath();
    for (let j = 0; j < visibleLive; j++) {
      const i = order[j]!;
      if (share[i]! <= 0) continue;
      ctx.moveTo(sx[i]!, sy[i]! - ringR);
      ctx.arc(sx[i]!, sy[i]!, ringR, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * share[i]!);
    }
    ctx.strokeStyle = s.theme["--graph-ring"];
    ctx.lineWidth = ringW;
    ctx.lineCap = "butt";
    ctx.stroke();
  }

  if (crashed > 0) {
    ctx.beginPath();
    for (let j = 0; j < crashed; j++) nodeShape(ctx, sx[crashedList[j]!]!, sy[crashedList[j]!]!, r, tiny);
    ctx.fillStyle = s.theme["--graph-crashed"];
    ctx.fill();
    ctx.beginPath();
    const c = Math.max(1.5, r * 0.55);
    for (let j = 0; j < crashed; j++) {
      const x = sx[crashedList[j]!]!;
      const y = sy[crashedList[j]!]!;
      ctx.moveTo(x - c, y - c);
      ctx.lineTo(x + c, y + c);
      ctx.moveTo(x + c, y - c);
      ctx.lineTo(x - c, y + c);
    }
    ctx.strokeStyle = s.theme["--graph-crashed-mark"];
    ctx.lineWidth = Math.max(1, Math.min(3, r * 0.14));
    ctx.lineCap = "round";
    ctx.stroke();
  }
}

function nodeShape(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, tiny: boolean): void {
  if (tiny) {
    ctx.rect(x - r, y - r, 2 * r, 2 * r);
  } else {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

/**
 * Node bodies as sprites, one per fill bucket (its ring showing the bucket's share) and one for a
 * crashed node, painted by the same code as the path renderer so both look alike.
 */
export class NodeSprites {
  readonly fills: Sprite[] = [];
  crashed: Sprite | null = null;
  private radius = 0;
  private dpr = 0;
  private theme: Theme | null = null;
  private scale: FillScale | null = null;

  prepare(radiusPx: number, dpr: number, theme: Theme, scale: FillScale): void {
    if (radiusPx === this.radius && dpr === this.dpr && theme === this.theme && scale === this.scale) return;
    this.radius = radiusPx;
    this.dpr = dpr;
    this.theme = theme;
    this.scale = scale;
    const halfCss = outerRadiusPx(radiusPx) + 2;
    const half = Math.ceil(halfCss * dpr);
    const size = 2 * half;
    const canvas = spriteCanvas(size);
    const g = canvas.g;
    const surface: Surface = { widthPx: size / dpr, heightPx: size / dpr, dpr, view: { k: 1, x: 0, y: 0 }, theme, scale };
    const at = Float32Array.of(half / dpr);
    const order = Int32Array.of(0);
    const starts = new Int32Array(FILL_BUCKETS + 1);
    const share = new Float32Array(1);
    const paint = (bucket: number, crashed: boolean): Sprite =>
      canvas.paint(() => {
        g.setTransform(dpr, 0, 0, dpr, 0, 0);
        starts.fill(0);
        if (!crashed) for (let b = bucket + 1; b <= FILL_BUCKETS; b++) starts[b] = 1;
        share[0] = bucket / (FILL_BUCKETS - 1);
        paintBodies(g, surface, radiusPx, at, at, order, starts, share, order, crashed ? 1 : 0);
      });
    for (let b = 0; b < FILL_BUCKETS; b++) this.fills[b] = paint(b, false);
    this.crashed = paint(0, true);
  }
}

/**
 * Copies the static layer, built at view `built`, onto the visible canvas at the current view: a
 * straight copy when the view is unchanged, else scaled and shifted (while panning or zooming faster
 * than the static layer is rebuilt).
 */
export function blitStatic(ctx: CanvasRenderingContext2D, layer: CanvasImageSource & { width: number; height: number }, built: ViewTransform, s: Surface): void {
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
