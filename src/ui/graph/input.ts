/**
 * Pointer and keys -> what the user means: hover, select, pan, zoom, fit, activate (double-click,
 * Enter), mark for a partition (shift-click, shift-drag lasso) and inspect a message (click its dot).
 * The key map and the hit tests are pure; createInput holds the one press in progress and wires the
 * canvas's listeners to the view.
 */
import type { GraphViewCallbacks } from "./types";
import { nearestNode, nodeInDirection } from "./hit";
import { nodesInPolygon } from "./lasso";
import { MessageState, type MessagePool } from "./messages";
import { dotRadiusPx, nodeRadiusPx, outerRadiusPx, type Scene, type Surface } from "./renderer";
import { screenToWorld, type ViewTransform } from "./view";
import type { Viewport } from "./viewport";

/** Pointer travel, CSS px, that turns a press into a drag. */
const DRAG_THRESHOLD_PX = 4;
const KEY_ZOOM_FACTOR = 1.25;
/** Points a lasso keeps at most (a long drag stops adding once full). */
const MAX_LASSO_POINTS = 2000;

const ARROWS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** What a key asks of the view. "stay": the key is taken but nothing moves (no node lies that way). */
export type KeyIntent =
  | { type: "move"; view: ViewTransform }
  | { type: "select"; node: number | null }
  | { type: "activate"; node: number }
  | { type: "zoom"; factor: number; sx: number; sy: number }
  | { type: "fit" }
  | { type: "stay" };

export type KeyPress = Pick<KeyboardEvent, "key" | "shiftKey" | "altKey" | "ctrlKey" | "metaKey">;

/** The intent of a key press, or null when the view leaves the key to the page. */
export function keyIntent(e: KeyPress, scene: Pick<Scene, "n" | "xy" | "selected">, surface: Pick<Surface, "view" | "widthPx" | "heightPx">): KeyIntent | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const n = scene.n;
  const cx = surface.widthPx / 2;
  const cy = surface.heightPx / 2;
  const arrow = ARROWS[e.key];
  if (arrow && e.shiftKey) {
    // Shift+arrow pans by a tenth of the view, for keyboard-only users.
    const v = surface.view;
    return { type: "move", view: { k: v.k, x: v.x - arrow[0] * surface.widthPx * 0.1, y: v.y - arrow[1] * surface.heightPx * 0.1 } };
  }
  if (arrow) {
    if (n === 0) return null;
    const from = scene.selected;
    if (from < 0) {
      const [wx, wy] = screenToWorld(surface.view, cx, cy);
      return { type: "select", node: nearestNode(scene.xy, n, wx, wy, Infinity) };
    }
    const to = nodeInDirection(scene.xy, n, from, arrow[0], arrow[1]);
    return to >= 0 ? { type: "select", node: to } : { type: "stay" };
  }
  switch (e.key) {
    // n: the next node, Shift+N the previous (P is the page's: presenter mode).
    case "n":
    case "N": {
      if (n === 0) return null;
      const from = scene.selected;
      return { type: "select", node: from < 0 ? (e.key === "n" ? 0 : n - 1) : (from + (e.key === "n" ? 1 : n - 1)) % n };
    }
    case "Enter":
      return scene.selected < 0 ? null : { type: "activate", node: scene.selected };
    case "Escape":
      return scene.selected < 0 ? null : { type: "select", node: null };
    case "+":
    case "=":
      return { type: "zoom", factor: KEY_ZOOM_FACTOR, sx: cx, sy: cy };
    case "-":
    case "_":
      return { type: "zoom", factor: 1 / KEY_ZOOM_FACTOR, sx: cx, sy: cy };
    case "0":
      return { type: "fit" };
    default:
      return null;
  }
}

/** The node under (sx, sy) CSS px, or -1. */
export function nodeAt(scene: Pick<Scene, "n" | "xy">, view: ViewTransform, sx: number, sy: number): number {
  if (scene.n === 0) return -1;
  const [wx, wy] = screenToWorld(view, sx, sy);
  const k = view.k;
  // Generous target on small screens: the node plus its ring, and never under 8 CSS px.
  const radiusPx = Math.max(8, outerRadiusPx(nodeRadiusPx(k)) + 2);
  return nearestNode(scene.xy, scene.n, wx, wy, radiusPx / k);
}

export type PlacedMessages = Pick<MessagePool, "count" | "state" | "x" | "y" | "sendSeq">;

/** The send seq of the drawn message (dot or loss mark) nearest (sx, sy) CSS px, within reach; else null. Ties go to the later one. */
export function messageAt(pool: PlacedMessages, view: ViewTransform, sx: number, sy: number): number | null {
  const { k, x: ox, y: oy } = view;
  const reach = dotRadiusPx(nodeRadiusPx(k)) + 6;
  let best: number | null = null;
  let bestD2 = reach * reach;
  for (let i = 0; i < pool.count; i++) {
    if (pool.state[i] === MessageState.Hidden) continue;
    const dx = pool.x[i]! * k + ox - sx;
    const dy = pool.y[i]! * k + oy - sy;
    const d2 = dx * dx + dy * dy;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = pool.sendSeq[i]!;
    }
  }
  return best;
}

/** What the input reads and drives. */
export interface InputTarget {
  /** Read: n, xy, selected, marked; written: hover. */
  scene: Scene;
  surface: Surface;
  /** The messages as drawn now (placed when asked: hit tests are rare). */
  messages(): PlacedMessages;
  viewport: Viewport;
  callbacks: GraphViewCallbacks;
  /** Selects a node (null: none) and tells the app. */
  select(node: number | null): void;
  requestFrame(): void;
}

export interface Input {
  /** The lasso being drawn (CSS px, x0, y0, x1, y1, ...), or null. */
  lasso(): readonly number[] | null;
  /** Removes every listener. */
  destroy(): void;
}

export function createInput(canvas: HTMLCanvasElement, target: InputTarget): Input {
  const { scene, surface, viewport, callbacks, select, requestFrame } = target;
  let pressId = -1;
  let pressX = 0;
  let pressY = 0;
  let lastX = 0;
  let lastY = 0;
  let dragging = false;
  /** A shift-drag lasso in progress: its points, CSS px (x0, y0, x1, y1, ...); null otherwise. */
  let lasso: number[] | null = null;

  function localPoint(e: MouseEvent): [number, number] {
    const rect = canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  function setHover(node: number): void {
    if (node === scene.hover) return;
    scene.hover = node;
    canvas.classList.toggle("gv-over-node", node >= 0);
    requestFrame();
  }

  function markedNodes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < scene.n; i++) if (scene.marked[i] === 1) out.push(i);
    return out;
  }

  function onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || pressId !== -1) return;
    pressId = e.pointerId;
    [pressX, pressY] = localPoint(e);
    lastX = pressX;
    lastY = pressY;
    dragging = false;
    lasso = e.shiftKey ? [pressX, pressY] : null;
    canvas.setPointerCapture?.(e.pointerId);
  }

  function onPointerMove(e: PointerEvent): void {
    const [x, y] = localPoint(e);
    if (e.pointerId !== pressId) {
      setHover(nodeAt(scene, surface.view, x, y));
      return;
    }
    if (!dragging && Math.hypot(x - pressX, y - pressY) >= DRAG_THRESHOLD_PX) {
      dragging = true;
      if (!lasso) canvas.classList.add("gv-panning");
    }
    if (dragging && lasso) {
      if (lasso.length < 2 * MAX_LASSO_POINTS) lasso.push(x, y);
      requestFrame();
    } else if (dragging) {
      const v = surface.view;
      viewport.moveTo({ k: v.k, x: v.x + x - lastX, y: v.y + y - lastY });
    }
    lastX = x;
    lastY = y;
  }

  function onPointerUp(e: PointerEvent): void {
    if (e.pointerId !== pressId) return;
    pressId = -1;
    canvas.classList.remove("gv-panning");
    const drawn = lasso;
    lasso = null;
    const [x, y] = localPoint(e);
    if (dragging) {
      dragging = false;
      if (drawn) {
        // Everything inside the lasso joins the pick.
        callbacks.onMark([...markedNodes(), ...nodesInPolygon(scene.xy, scene.n, surface.view, drawn)]);
        requestFrame();
      }
      return;
    }
    const node = nodeAt(scene, surface.view, x, y);
    if (drawn) {
      // Shift-click: the node joins the pick, or leaves it.
      if (node >= 0) callbacks.onMark(scene.marked[node] === 1 ? markedNodes().filter((i) => i !== node) : [...markedNodes(), node]);
      return;
    }
    if (node >= 0) return select(node);
    const message = messageAt(target.messages(), surface.view, x, y);
    if (message !== null) return callbacks.onMessage(message);
    select(null);
    callbacks.onMessage(null);
  }

  function onPointerCancel(e: PointerEvent): void {
    if (e.pointerId !== pressId) return;
    pressId = -1;
    dragging = false;
    lasso = null;
    canvas.classList.remove("gv-panning");
    requestFrame();
  }

  function onPointerLeave(): void {
    setHover(-1);
  }

  function onDoubleClick(e: MouseEvent): void {
    const [x, y] = localPoint(e);
    const node = nodeAt(scene, surface.view, x, y);
    if (node >= 0) callbacks.onActivate(node);
  }

  function onWheel(e: WheelEvent): void {
    e.preventDefault();
    // deltaMode 1 counts lines (Firefox), 0 pixels; one notch zooms by about 15%.
    const perUnit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 0.5 : 0.0015;
    const [x, y] = localPoint(e);
    viewport.zoomBy(Math.exp(-e.deltaY * perUnit), x, y);
  }

  function onKeyDown(e: KeyboardEvent): void {
    const intent = keyIntent(e, scene, surface);
    if (intent === null) return;
    switch (intent.type) {
      case "move":
        viewport.moveTo(intent.view);
        break;
      case "select":
        select(intent.node);
        break;
      case "activate":
        callbacks.onActivate(intent.node);
        break;
      case "zoom":
        viewport.zoomBy(intent.factor, intent.sx, intent.sy);
        break;
      case "fit":
        viewport.fit();
        break;
      case "stay":
        break;
    }
    e.preventDefault();
  }

  // One signal removes every listener on destroy().
  const listening = new AbortController();
  const signal = listening.signal;
  canvas.addEventListener("pointerdown", onPointerDown, { signal });
  canvas.addEventListener("pointermove", onPointerMove, { signal });
  canvas.addEventListener("pointerup", onPointerUp, { signal });
  canvas.addEventListener("pointercancel", onPointerCancel, { signal });
  canvas.addEventListener("pointerleave", onPointerLeave, { signal });
  canvas.addEventListener("dblclick", onDoubleClick, { signal });
  canvas.addEventListener("wheel", onWheel, { passive: false, signal });
  canvas.addEventListener("keydown", onKeyDown, { signal });

  return {
    lasso: () => lasso,
    destroy: () => listening.abort(),
  };
}
