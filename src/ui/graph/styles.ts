/**
 * The graph's visual vocabulary, shared by the canvas renderer and the legend (one source of
 * truth): the Okabe-Ito palette, the message kinds with their shape and colour, the node fill
 * scale, and the theme's CSS custom properties with their light and dark fallbacks.
 * Pure: no DOM here (./theme.ts reads the CSS).
 */
import { MESSAGE_TYPES, messageTypeCode } from "../../sim/journal";

/** Okabe & Ito (2008), "Color Universal Design": distinguishable under every common colour-vision deficiency. */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#e69f00",
  skyBlue: "#56b4e9",
  bluishGreen: "#009e73",
  yellow: "#f0e442",
  blue: "#0072b2",
  vermillion: "#d55e00",
  reddishPurple: "#cc79a7",
} as const;

/** Unit shapes, radius 1 around the origin, y down. A circle has no vertices. */
export type Shape = "circle" | "diamond" | "triangle" | "square";
export const SHAPE_VERTICES: Readonly<Record<Shape, readonly number[]>> = {
  circle: [],
  diamond: [0, -1.25, 1.25, 0, 0, 1.25, -1.25, 0],
  triangle: [0, -1.3, 1.15, 0.75, -1.15, 0.75],
  square: [-0.85, -0.85, 0.85, -0.85, 0.85, 0.85, -0.85, 0.85],
};

/** How a message looks: shape AND colour, so colour is never the only cue. */
export interface MessageKind {
  id: "broadcast" | "sync" | "reply" | "other";
  label: string;
  shape: Shape;
  /** Theme variable holding the colour (see THEME_VARS). */
  colorVar: ColorVar;
}

/** Index = MessageKindIndex. The renderer batches dots into one path per kind. */
export const MESSAGE_KINDS: readonly MessageKind[] = [
  { id: "broadcast", label: "broadcast (forwarded)", shape: "circle", colorVar: "--graph-msg-broadcast" },
  { id: "sync", label: "gossip_sync / digest_sync", shape: "diamond", colorVar: "--graph-msg-sync" },
  { id: "reply", label: "reply (*_ok, error)", shape: "triangle", colorVar: "--graph-msg-reply" },
  { id: "other", label: "other", shape: "square", colorVar: "--graph-msg-other" },
];
export const MessageKindIndex = { Broadcast: 0, Sync: 1, Reply: 2, Other: 3 } as const;

/** MESSAGE_TYPES code -> MESSAGE_KINDS index, one byte per code so the frame loop looks it up without strings. */
export const KIND_OF_TYPE: Uint8Array = Uint8Array.from(MESSAGE_TYPES, (t: string) => {
  if (t === "broadcast") return MessageKindIndex.Broadcast;
  if (t === "gossip_sync" || t === "digest_sync") return MessageKindIndex.Sync;
  if (t.endsWith("_ok") || t === "error") return MessageKindIndex.Reply;
  return MessageKindIndex.Other;
});

export function kindOfType(typeCode: number): number {
  return KIND_OF_TYPE[typeCode] ?? MessageKindIndex.Other;
}

/** The kind of a protocol type given by name ("gossip_sync"). */
export function kindOfTypeName(type: string): number {
  return kindOfType(messageTypeCode(type));
}

/**
 * CSS custom properties the view reads from its canvas (the page defines them, for light and dark,
 * in its stylesheet), each with the fallback used when the page does not: [light, dark].
 */
export const THEME_VARS = {
  "--graph-bg": ["#ffffff", "#14171c"],
  "--graph-edge": ["#b9c0c8", "#3d4550"],
  /** Edge drawn under a message in reduced-motion mode. */
  "--graph-edge-active": ["#4a5360", "#c4ccd6"],
  /** Node outline. */
  "--graph-node": ["#5b6470", "#9aa3ad"],
  "--graph-label": ["#111111", "#f2f2f2"],
  /** Ring arc showing the share of values known. */
  "--graph-ring": ["#1d2430", "#e8edf2"],
  "--graph-ring-track": ["#dde2e8", "#2c333c"],
  "--graph-selected": ["#000000", "#ffffff"],
  "--graph-crashed": ["#9a9a9a", "#5c5c5c"],
  "--graph-crashed-mark": ["#2b2b2b", "#e0e0e0"],
  "--graph-drop": [OKABE_ITO.vermillion, "#ff7a3d"],
  /** The ring that expands when a node learns a value (not black: that is the selection's colour). */
  "--graph-flash": [OKABE_ITO.blue, OKABE_ITO.yellow],
  "--graph-msg-broadcast": [OKABE_ITO.orange, OKABE_ITO.orange],
  "--graph-msg-sync": [OKABE_ITO.reddishPurple, OKABE_ITO.reddishPurple],
  "--graph-msg-reply": [OKABE_ITO.bluishGreen, OKABE_ITO.bluishGreen],
  "--graph-msg-other": ["#7a7a7a", "#a8a8a8"],
  /** Outline of message dots, so light dots read on a light background. */
  "--graph-msg-outline": ["#1a1a1a", "#0b0d10"],
  /** A value's spread tree: who taught whom. */
  "--graph-tree": [OKABE_ITO.blue, OKABE_ITO.skyBlue],
  /** Tints behind the nodes of each partition group (the unlisted rest is group 0), drawn translucent. */
  "--graph-group-0": [OKABE_ITO.skyBlue, OKABE_ITO.skyBlue],
  "--graph-group-1": [OKABE_ITO.orange, OKABE_ITO.orange],
  "--graph-group-2": [OKABE_ITO.bluishGreen, OKABE_ITO.bluishGreen],
  "--graph-group-3": [OKABE_ITO.reddishPurple, OKABE_ITO.reddishPurple],
  /**
   * Node fill by share of values known, comma-separated colour stops from none to all. Light: ColorBrewer
   * Blues (pale = knows little); dark: the same hue rising in lightness (bright = knows much). A single
   * hue ramping in lightness reads the same under every colour-vision deficiency.
   */
  "--graph-scale": ["#f1f6fb,#c6dbef,#6baed6,#2171b5,#08306b", "#1b2633,#1f4a73,#2f7fb8,#7cb9e3,#dff0fb"],
} as const satisfies Record<string, readonly [string, string]>;
export type ThemeVar = keyof typeof THEME_VARS;
/** Group tint variables, by group number modulo their count. */
export const GROUP_VARS = ["--graph-group-0", "--graph-group-1", "--graph-group-2", "--graph-group-3"] as const;

/** The variables that hold one colour (all but the fill scale). */
export type ColorVar = Exclude<ThemeVar, "--graph-scale">;

/** Resolved theme: every variable as a colour string the canvas accepts; `--graph-scale` as its stops. */
export type Theme = { readonly [K in ColorVar]: string } & { readonly scale: readonly string[] };

export function fallbackTheme(dark: boolean): Theme {
  const out: Record<string, unknown> = {};
  for (const [name, pair] of Object.entries(THEME_VARS)) out[name] = pair[dark ? 1 : 0];
  out.scale = String(out["--graph-scale"]).split(",");
  delete out["--graph-scale"];
  return out as Theme;
}

// ---------------------------------------------------------------------------------------------
// Colour math for the node fill scale.

export type Rgb = readonly [number, number, number];

/** Parses #rgb, #rrggbb, #rrggbbaa and rgb()/rgba() (what a canvas's fillStyle normalises to); null otherwise. */
export function parseColor(text: string): Rgb | null {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) {
    const h = m[1]!;
    return [parseInt(h[0]! + h[0]!, 16), parseInt(h[1]! + h[1]!, 16), parseInt(h[2]! + h[2]!, 16)];
  }
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(s);
  if (m) {
    const h = m[1]!;
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*[\d.]+%?\s*)?\)$/.exec(s);
  if (m) return [clampByte(Number(m[1])), clampByte(Number(m[2])), clampByte(Number(m[3]))];
  return null;
}

function clampByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

export function toHex(c: Rgb): string {
  return "#" + c.map((v) => clampByte(v).toString(16).padStart(2, "0")).join("");
}

/** Linear interpolation through evenly spaced stops, t in [0, 1] (clamped). */
export function interpolateStops(stops: readonly Rgb[], t: number): Rgb {
  if (stops.length === 0) return [0, 0, 0];
  if (stops.length === 1) return stops[0]!;
  const u = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(c: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/** Black or white, whichever contrasts more with `background` (WCAG contrast ratio). */
export function textColorOn(background: Rgb): "#000000" | "#ffffff" {
  const l = relativeLuminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}

/**
 * Node fills are quantised so the renderer draws one path per bucket. Bucket 0 is exactly "knows
 * nothing" and the last exactly "knows everything", so those two states never share a colour with
 * a partial one.
 */
export const FILL_BUCKETS = 32;

export function fillBucket(known: number, total: number): number {
  if (total <= 0 || known <= 0) return 0;
  if (known >= total) return FILL_BUCKETS - 1;
  return 1 + Math.min(FILL_BUCKETS - 3, Math.floor((known / total) * (FILL_BUCKETS - 2)));
}

export interface FillScale {
  /** Fill colour per bucket. */
  fills: readonly string[];
  /** Label colour per bucket (black or white, whichever reads better on that fill). */
  labels: readonly string[];
}

export function buildFillScale(stops: readonly string[]): FillScale {
  const parsed = stops.map(parseColor).filter((c): c is Rgb => c !== null);
  const rgb = parsed.length > 0 ? parsed : (fallbackTheme(false).scale.map(parseColor) as Rgb[]);
  const fills: string[] = [];
  const labels: string[] = [];
  for (let b = 0; b < FILL_BUCKETS; b++) {
    const c = interpolateStops(rgb, b / (FILL_BUCKETS - 1));
    fills.push(toHex(c));
    labels.push(textColorOn(c));
  }
  return { fills, labels };
}
