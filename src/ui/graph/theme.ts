/**
 * Reads the graph theme from CSS custom properties (./styles.ts THEME_VARS) and watches for theme
 * changes (prefers-color-scheme, or a class / data attribute the page flips on <html> or <body>).
 */
import { THEME_VARS, fallbackTheme, parseColor, relativeLuminance, type Theme, type ThemeVar } from "./styles";

let scratch: CanvasRenderingContext2D | null = null;

/** The colour as the canvas normalises it (#rrggbb or rgba()), or null when the canvas rejects it. */
function normalizeColor(text: string): string | null {
  scratch ??= document.createElement("canvas").getContext("2d");
  if (!scratch || text === "") return null;
  // An invalid assignment leaves fillStyle unchanged, so two different sentinels expose it.
  scratch.fillStyle = "#010203";
  scratch.fillStyle = text;
  const a = scratch.fillStyle;
  scratch.fillStyle = "#040506";
  scratch.fillStyle = text;
  return a === scratch.fillStyle ? a : null;
}

export function prefersDark(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

/**
 * The theme at `element`: each variable the page defines (and the canvas accepts), the fallback
 * otherwise. Fallbacks follow the page's background when it defines --graph-bg, else the OS scheme.
 */
export function readTheme(element: Element): Theme {
  const css = getComputedStyle(element);
  const raw = (name: string) => css.getPropertyValue(name).trim();
  const bg = normalizeColor(raw("--graph-bg"));
  const bgRgb = bg ? parseColor(bg) : null;
  const dark = bgRgb ? relativeLuminance(bgRgb) < 0.2 : prefersDark();
  const fallback = fallbackTheme(dark);
  const out: Record<string, unknown> = { ...fallback };
  for (const name of Object.keys(THEME_VARS) as ThemeVar[]) {
    if (name === "--graph-scale") continue;
    const value = normalizeColor(raw(name));
    if (value) out[name] = value;
  }
  const stops = raw("--graph-scale")
    .split(",")
    .map((s) => normalizeColor(s.trim()))
    .filter((s): s is string => s !== null);
  if (stops.length >= 2) out.scale = stops;
  return out as Theme;
}

/** Calls `onChange` when the theme may have changed. Returns the unsubscribe function. */
export function watchTheme(onChange: () => void): () => void {
  const media = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  media?.addEventListener("change", onChange);
  const observer = new MutationObserver(onChange);
  const attributeFilter = ["class", "data-theme", "style"];
  observer.observe(document.documentElement, { attributes: true, attributeFilter });
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter });
  return () => {
    media?.removeEventListener("change", onChange);
    observer.disconnect();
  };
}
