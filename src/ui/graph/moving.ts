/**
 * The graph's moving layer, drawn every frame over the static layers: message dots, loss marks,
 * flashes, and what the user picked (selection, hover, partition marks, a value's story, origins).
 *
 * One pass over the messages (`Marks.collect`) puts each kind's dots in device pixels and the loss
 * marks and flashes in CSS px, and hashes what it put: a frame whose hash equals the last drawn
 * one's would draw the same picture, so the painter skips it. Drawing then reads those lists only.
 */
import { spriteCanvas, type DotRaster, type Sprite } from "./dots";
import type { Flashes } from "./flashes";
import { MessageState, type MessagePool } from "./messages";
import { DropReason } from "../../sim/journal";
import { DENSE_RADIUS_PX, begin, dotRadiusPx, nodeRadiusPx, outerRadiusPx, type Scene, type Surface } from "./renderer";
import { MESSAGE_KINDS, SHAPE_VERTICES, type Theme } from "./styles";

/** The moving layer: reduced-motion edge highlights or message dots, drop crosses, flashes, selection. */
// oxlint-disable-next-line max-params -- per-frame painter: the frame's typed arrays, passed as they are rather than wrapped in an object each frame
export function drawMovingLayer(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  s: Surface,
  pool: MessagePool,
  marks: Marks,
  reducedMotion: boolean,
  raster: DotRaster,
  dotSprites: DotSprites,
): void {
  begin(ctx, s);
  const { k, x: ox, y: oy } = s.view;
  const xy = scene.xy;
  const r = nodeRadiusPx(k);
  const theme = s.theme;
  const dpr = s.dpr;
  const { flash, cross, cut } = marks;
  // Few marks: paths (exact, smooth). Many: sprites, since a path of thousands of small shapes
  // rasterises slowly without a GPU.
  const spriteMarks = flash.count + cross.count + cut.count > PATH_MARKS_MAX;
  const dotsToDraw = !reducedMotion && marks.dotCount() > 0;

  if (!spriteMarks) paintFlashes(ctx, s, r, reducedMotion, flash);
  if (reducedMotion && pool.count > 0) drawCarryingEdges(ctx, scene, s, pool);
  if (dotsToDraw || spriteMarks) {
    raster.begin(ctx.canvas.width, ctx.canvas.height);
    if (spriteMarks) {
      marks.prepare(r, dpr, theme, reducedMotion);
      for (let j = 0; j < flash.count; j++) raster.add(marks.flashSprites[flash.step[j]!]!, flash.x[j]! * dpr, flash.y[j]! * dpr);
    }
    if (dotsToDraw) {
      dotSprites.prepare(dotRadiusPx(r), dpr, theme);
      // Kind by kind, so which kind lies on top does not depend on send order.
      for (let kind = 0; kind < MESSAGE_KINDS.length; kind++) {
        const sprite = dotSprites.sprites[kind]!;
        const dots = marks.dots[kind]!;
        raster.layer();
        for (let j = 0; j < dots.count; j++) raster.addOnce(sprite, dots.x[j]!, dots.y[j]!);
      }
    }
    if (spriteMarks) {
      for (let j = 0; j < cross.count; j++) raster.add(marks.crossSprites[cross.step[j]!]!, cross.x[j]! * dpr, cross.y[j]! * dpr);
      for (let j = 0; j < cut.count; j++) raster.add(marks.cutSprites[cut.step[j]!]!, cut.x[j]! * dpr, cut.y[j]! * dpr);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    raster.flush(ctx);
    begin(ctx, s);
  }
  if (!spriteMarks) {
    paintCrosses(ctx, s, r, cross);
    paintCuts(ctx, s, r, cut);
  }
  paintMarkedNodes(ctx, scene, s, r);
  paintStory(ctx, scene, s, r);
  paintOrigins(ctx, scene, s, r);
  if (scene.inspectedMessage >= 0) {
    const i = pool.find(scene.inspectedMessage);
    if (i >= 0 && pool.state[i] !== MessageState.Hidden) {
      ctx.beginPath();
      ctx.arc(pool.x[i]! * k + ox, pool.y[i]! * k + oy, dotRadiusPx(r) + 5, 0, 2 * Math.PI);
      ctx.strokeStyle = theme["--graph-bg"];
      ctx.lineWidth = 4;
      ctx.stroke();
      ctx.strokeStyle = theme["--graph-selected"];
      ctx.lineWidth = 2;
      ctx.stroke();
    }
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

/** One sprite per message kind at the current dot size, pixel ratio and theme (./dots.ts). */
export class DotSprites {
  readonly sprites: Sprite[] = [];
  private dotRadius = 0;
  private dpr = 0;
  private theme: Theme | null = null;

  prepare(dotRadius: number, dpr: number, theme: Theme): void {
    if (dotRadius === this.dotRadius && dpr === this.dpr && theme === this.theme) return;
    this.dotRadius = dotRadius;
    this.dpr = dpr;
    this.theme = theme;
    // The largest unit shape reaches 1.3 radii from the centre, plus the outline and a pixel of antialiasing.
    const half = Math.ceil((dotRadius * 1.3 + 1) * dpr) + 1;
    const size = 2 * half;
    const { g, paint } = spriteCanvas(size);
    MESSAGE_KINDS.forEach((spec, kind) => {
      this.sprites[kind] = paint(() => {
        // Centred on the pixel centre (half, half) - 0.5 so the sprite's middle pixel is the dot's middle.
        g.setTransform(dpr, 0, 0, dpr, half, half);
        const verts = SHAPE_VERTICES[spec.shape];
        g.beginPath();
        if (verts.length === 0) g.arc(0, 0, dotRadius, 0, 2 * Math.PI);
        else {
          g.moveTo(verts[0]! * dotRadius, verts[1]! * dotRadius);
          for (let v = 2; v < verts.length; v += 2) g.lineTo(verts[v]! * dotRadius, verts[v + 1]! * dotRadius);
          g.closePath();
        }
        g.fillStyle = theme[spec.colorVar];
        g.fill();
        g.lineWidth = dotRadius < 3.5 ? 0.75 : 1;
        g.lineJoin = "round";
        g.strokeStyle = theme["--graph-msg-outline"];
        g.stroke();
      });
    });
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
    ctx.strokeStyle = s.theme[spec.colorVar];
    ctx.stroke();
  }
}

/** Steps of a flash's age (radius and opacity) and of a cross's fade: marks of one step share a path or a sprite. */
export const FLASH_STEPS = 10;
export const CROSS_STEPS = 4;
/** Up to this many flashes and crosses together are drawn as paths; more are stamped from sprites. */
export const PATH_MARKS_MAX = 150;

/** Positions (CSS px) and steps of one kind of mark, this frame; grows, never shrinks. */
export class MarkList {
  count = 0;
  x = new Float32Array(64);
  y = new Float32Array(64);
  step = new Uint8Array(64);

  /** Empties the list, making room for `capacity` marks. */
  reset(capacity: number): void {
    this.count = 0;
    if (capacity <= this.x.length) return;
    const c = Math.max(capacity, this.x.length * 2);
    this.x = new Float32Array(c);
    this.y = new Float32Array(c);
    this.step = new Uint8Array(c);
  }

  push(x: number, y: number, step: number): void {
    const j = this.count++;
    this.x[j] = x;
    this.y[j] = y;
    this.step[j] = step;
  }
}

/** Radius of a flash ring at age step `step`, CSS px: from the node's rim outwards (fixed with reduced motion). */
export function flashRadiusPx(r: number, step: number, reducedMotion: boolean): number {
  const age = (step + 0.5) / FLASH_STEPS;
  // Among small nodes a flash stays close to its node: thousands of wide rings would hide the picture.
  if (r < DENSE_RADIUS_PX) return reducedMotion ? r + 2 : r + 1 + 3 * age;
  return reducedMotion ? r + 5 : r + 2 + Math.max(6, r * 1.2) * age;
}

function paintFlashes(ctx: CanvasRenderingContext2D, s: Surface, r: number, reducedMotion: boolean, list: MarkList): void {
  if (list.count === 0) return;
  ctx.lineWidth = Math.max(1.5, Math.min(3, r * 0.2));
  ctx.strokeStyle = s.theme["--graph-flash"];
  // Reduced motion: the ring does not grow, so a dash tells it from the selection outline.
  if (reducedMotion) ctx.setLineDash([3, 3]);
  for (let step = 0; step < FLASH_STEPS; step++) {
    const fr = flashRadiusPx(r, step, reducedMotion);
    ctx.beginPath();
    let any = false;
    for (let j = 0; j < list.count; j++) {
      if (list.step[j] !== step) continue;
      ctx.moveTo(list.x[j]! + fr, list.y[j]!);
      ctx.arc(list.x[j]!, list.y[j]!, fr, 0, 2 * Math.PI);
      any = true;
    }
    if (!any) continue;
    ctx.globalAlpha = 1 - (step + 0.5) / FLASH_STEPS;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
}

/** Half the width of a loss cross (`cut` false) or a cut-off mark (`cut` true), CSS px, among nodes of radius r. */
function lossMarkPx(r: number, cut: boolean): number {
  if (r < DENSE_RADIUS_PX) return cut ? Math.max(2, r * 0.7) : Math.max(1.5, r * 0.6);
  return cut ? Math.max(3.5, dotRadiusPx(r) * 1.2) : Math.max(3, dotRadiusPx(r) * 1.1);
}

/** Lost messages: a cross where the message stopped, fading out (step = opacity step, 0 faintest). */
function paintCrosses(ctx: CanvasRenderingContext2D, s: Surface, r: number, list: MarkList): void {
  const c = lossMarkPx(r, false);
  paintLossMarks(ctx, s, r, list, c * 0.75, (x, y) => {
    ctx.moveTo(x - c, y - c);
    ctx.lineTo(x + c, y + c);
    ctx.moveTo(x + c, y - c);
    ctx.lineTo(x - c, y + c);
  });
}

/** Messages a partition cut off: a barred circle (a "no entry" sign), fading like a cross. */
function paintCuts(ctx: CanvasRenderingContext2D, s: Surface, r: number, list: MarkList): void {
  const c = lossMarkPx(r, true);
  paintLossMarks(ctx, s, r, list, c * 0.45, (x, y) => {
    ctx.moveTo(x + c, y);
    ctx.arc(x, y, c, 0, 2 * Math.PI);
    ctx.moveTo(x - c * 0.7, y + c * 0.7);
    ctx.lineTo(x + c * 0.7, y - c * 0.7);
  });
}

/**
 * Strokes `shape` at every mark of `list`, one path per fade step: a dark underlay, then the drop
 * colour. Among small nodes (r under DENSE_RADIUS_PX) the marks are thin, half as opaque and have no
 * underlay, so thousands of losses tint the picture instead of covering it.
 */
function paintLossMarks(ctx: CanvasRenderingContext2D, s: Surface, r: number, list: MarkList, lineWidth: number, shape: (x: number, y: number) => void): void {
  if (list.count === 0) return;
  const dense = r < DENSE_RADIUS_PX;
  ctx.lineCap = "round";
  for (let step = 0; step < CROSS_STEPS; step++) {
    ctx.beginPath();
    let any = false;
    for (let j = 0; j < list.count; j++) {
      if (list.step[j] !== step) continue;
      shape(list.x[j]!, list.y[j]!);
      any = true;
    }
    if (!any) continue;
    ctx.globalAlpha = ((step + 1) / CROSS_STEPS) * (dense ? 0.5 : 1);
    if (!dense) {
      // Readable on light and dark backgrounds alike.
      ctx.strokeStyle = s.theme["--graph-msg-outline"];
      ctx.lineWidth = lineWidth + 2;
      ctx.stroke();
    }
    ctx.strokeStyle = s.theme["--graph-drop"];
    ctx.lineWidth = dense ? Math.max(1, lineWidth) : lineWidth;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

/**
 * The story of a value on the graph: its spread tree (who taught whom, each node's hops from the
 * origin beside it), the chain that taught the selected node, and a link hovered in the diagram.
 */
function paintStory(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface, r: number): void {
  const { k, x: ox, y: oy } = s.view;
  const xy = scene.xy;
  const at = (i: number): [number, number] => [xy[2 * i]! * k + ox, xy[2 * i + 1]! * k + oy];
  const segment = (a: number, b: number) => {
    const [ax, ay] = at(a);
    const [bx, by] = at(b);
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx, by);
  };
  ctx.lineCap = "round";
  const tree = scene.tree;
  if (tree) {
    ctx.beginPath();
    for (let i = 0; i < scene.n; i++) if (tree.parent[i]! >= 0) segment(tree.parent[i]!, i);
    ctx.globalAlpha = 0.85;
    ctx.strokeStyle = s.theme["--graph-tree"];
    ctx.lineWidth = Math.max(2, Math.min(4, r * 0.3));
    ctx.stroke();
    ctx.globalAlpha = 1;
    if (r >= 8 && scene.n <= 400) {
      // Hops from the origin, at each node's upper right, on a halo of background.
      const fontPx = Math.max(10, Math.min(14, r * 0.75));
      ctx.font = `700 ${fontPx}px system-ui, sans-serif`;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.strokeStyle = s.theme["--graph-bg"];
      ctx.fillStyle = s.theme["--graph-tree"];
      const off = outerRadiusPx(r) * 0.8;
      for (let i = 0; i < scene.n; i++) {
        if (tree.depth[i]! < 0) continue;
        const [x, y] = at(i);
        ctx.strokeText(String(tree.depth[i]), x + off, y - off);
        ctx.fillText(String(tree.depth[i]), x + off, y - off);
      }
    }
  }
  const chain = scene.chain;
  if (chain && chain.length > 1) {
    ctx.beginPath();
    for (let j = 1; j < chain.length; j++) segment(chain[j - 1]!, chain[j]!);
    ctx.strokeStyle = s.theme["--graph-bg"];
    ctx.lineWidth = Math.max(5, r * 0.5) + 3;
    ctx.stroke();
    ctx.strokeStyle = s.theme["--graph-selected"];
    ctx.lineWidth = Math.max(3, r * 0.3);
    ctx.stroke();
  }
  const h = scene.highlight;
  if (h && h.src < scene.n && h.dest < scene.n) {
    ctx.beginPath();
    segment(h.src, h.dest);
    ctx.setLineDash([6, 4]);
    ctx.strokeStyle = s.theme["--graph-selected"];
    ctx.lineWidth = 3;
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

/** Where values were injected: a star at each origin's upper left, in the broadcast colour. */
function paintOrigins(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface, r: number): void {
  if (scene.origins.length === 0) return;
  const { k, x: ox, y: oy } = s.view;
  const size = Math.max(4, Math.min(9, r * 0.5));
  const off = outerRadiusPx(r) * 0.75;
  ctx.beginPath();
  for (const i of scene.origins) {
    if (i < 0 || i >= scene.n) continue;
    const cx = scene.xy[2 * i]! * k + ox - off;
    const cy = scene.xy[2 * i + 1]! * k + oy - off;
    for (let p = 0; p < 10; p++) {
      const a = -Math.PI / 2 + (p * Math.PI) / 5;
      const rr = p % 2 === 0 ? size : size * 0.45;
      if (p === 0) ctx.moveTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
      else ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
    }
    ctx.closePath();
  }
  ctx.fillStyle = s.theme["--graph-msg-broadcast"];
  ctx.fill();
  ctx.strokeStyle = s.theme["--graph-msg-outline"];
  ctx.lineWidth = 1;
  ctx.stroke();
}

/** Nodes picked for a partition group: a dashed ring outside the selection's. */
function paintMarkedNodes(ctx: CanvasRenderingContext2D, scene: Scene, s: Surface, r: number): void {
  const { k, x: ox, y: oy } = s.view;
  const mr = outerRadiusPx(r) + 6;
  ctx.beginPath();
  let any = false;
  for (let i = 0; i < scene.n; i++) {
    if (scene.marked[i] !== 1) continue;
    const x = scene.xy[2 * i]! * k + ox;
    const y = scene.xy[2 * i + 1]! * k + oy;
    ctx.moveTo(x + mr, y);
    ctx.arc(x, y, mr, 0, 2 * Math.PI);
    any = true;
  }
  if (!any) return;
  ctx.setLineDash([3, 3]);
  ctx.strokeStyle = s.theme["--graph-selected"];
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.setLineDash([]);
}

/** Dot centres of one message kind this frame, device px; grows, never shrinks. */
export class PixelList {
  count = 0;
  x = new Int32Array(64);
  y = new Int32Array(64);

  /** Empties the list, making room for `capacity` dots. */
  reset(capacity: number): void {
    this.count = 0;
    if (capacity <= this.x.length) return;
    const c = Math.max(capacity, this.x.length * 2);
    this.x = new Int32Array(c);
    this.y = new Int32Array(c);
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * This frame's dots (per kind), flashes, crosses and cut marks, the key of that picture, and the
 * marks' sprites (painted by the same code as the paths).
 */
export class Marks {
  readonly flash = new MarkList();
  readonly cross = new MarkList();
  readonly cut = new MarkList();
  readonly dots: readonly PixelList[] = MESSAGE_KINDS.map(() => new PixelList());
  readonly flashSprites: Sprite[] = [];
  readonly crossSprites: Sprite[] = [];
  readonly cutSprites: Sprite[] = [];
  private radius = 0;
  private dpr = 0;
  private theme: Theme | null = null;
  private reducedMotion = false;

  /**
   * Collects what the moving layer draws at model time `nowMs`, from the messages as `pool.place`
   * left them, and returns its key: a hash of each dot's kind and device pixel, each loss mark's
   * pixel and fade step, and each flash's node and age step. Equal keys on two frames mean the same
   * picture: in slow motion a dot moves less than a pixel on most frames.
   */
  collect(scene: Scene, pool: MessagePool, flashes: Flashes, nowMs: number, s: Surface): number {
    const { k, x: ox, y: oy } = s.view;
    const dpr = s.dpr;
    const kd = k * dpr;
    const oxd = ox * dpr;
    const oyd = oy * dpr;
    const xy = scene.xy;
    let h = FNV_OFFSET;

    // Flashes: a ring growing from the node's rim, fading over FLASH_MS.
    const flash = this.flash;
    flash.reset(flashes.count);
    for (let j = 0; j < flashes.count; j++) {
      const i = flashes.active[j]!;
      const age = flashes.age(i, nowMs);
      if (age >= 1) continue;
      const step = Math.min(FLASH_STEPS - 1, Math.floor(age * FLASH_STEPS));
      flash.push(xy[2 * i]! * k + ox, xy[2 * i + 1]! * k + oy, step);
      h = Math.imul(h ^ i, FNV_PRIME);
      h = Math.imul(h ^ step, FNV_PRIME);
    }

    // Dots, and lost messages: a cross, or a barred circle where a partition cut the message off.
    const dots = this.dots;
    for (const list of dots) list.reset(pool.count);
    const { cross, cut } = this;
    cross.reset(pool.count);
    cut.reset(pool.count);
    const { state, kind, x, y } = pool;
    for (let i = 0; i < pool.count; i++) {
      const st = state[i]!;
      if (st === MessageState.Hidden) continue;
      const px = Math.round(x[i]! * kd + oxd);
      const py = Math.round(y[i]! * kd + oyd);
      let tag: number;
      if (st === MessageState.Moving) {
        const list = dots[kind[i]!]!;
        const j = list.count++;
        list.x[j] = px;
        list.y[j] = py;
        tag = kind[i]!;
      } else {
        const step = Math.min(CROSS_STEPS - 1, Math.floor(pool.alpha[i]! * CROSS_STEPS));
        (pool.reason[i] === DropReason.Partition ? cut : cross).push(x[i]! * k + ox, y[i]! * k + oy, step);
        tag = 16 + step;
      }
      h = Math.imul(h ^ tag, FNV_PRIME);
      h = Math.imul(h ^ px, FNV_PRIME);
      h = Math.imul(h ^ py, FNV_PRIME);
    }
    return h >>> 0;
  }

  /** Dots collected, all kinds. */
  dotCount(): number {
    let total = 0;
    for (const list of this.dots) total += list.count;
    return total;
  }

  prepare(radiusPx: number, dpr: number, theme: Theme, reducedMotion: boolean): void {
    if (radiusPx === this.radius && dpr === this.dpr && theme === this.theme && reducedMotion === this.reducedMotion) return;
    this.radius = radiusPx;
    this.dpr = dpr;
    this.theme = theme;
    this.reducedMotion = reducedMotion;
    const reach = Math.max(flashRadiusPx(radiusPx, FLASH_STEPS - 1, reducedMotion) + 2, lossMarkPx(radiusPx, true) * 1.5 + 2);
    const half = Math.ceil(reach * dpr) + 1;
    const size = 2 * half;
    const canvas = spriteCanvas(size);
    const g = canvas.g;
    const surface: Surface = { widthPx: size / dpr, heightPx: size / dpr, dpr, view: { k: 1, x: 0, y: 0 }, theme, scale: { fills: [], labels: [] } };
    const one = new MarkList();
    const paint = (draw: () => void): Sprite =>
      canvas.paint(() => {
        g.setTransform(dpr, 0, 0, dpr, 0, 0);
        draw();
      });
    for (let step = 0; step < FLASH_STEPS; step++) {
      one.reset(1);
      one.push(half / dpr, half / dpr, step);
      this.flashSprites[step] = paint(() => paintFlashes(g, surface, radiusPx, reducedMotion, one));
    }
    for (let step = 0; step < CROSS_STEPS; step++) {
      one.reset(1);
      one.push(half / dpr, half / dpr, step);
      this.crossSprites[step] = paint(() => paintCrosses(g, surface, radiusPx, one));
      this.cutSprites[step] = paint(() => paintCuts(g, surface, radiusPx, one));
    }
  }
}
