/** Display helpers shared by the panels. */
import type { Json } from "../sim/protocol";

/** A value as the protocol writes it: `1`, `"a"`, `[1,2]`. */
export function formatValue(value: Json): string {
  return JSON.stringify(value);
}

/** Model time, ms, as seconds truncated to two decimals ("0.99 s" at 999 ms, before the 1 s round fires). */
export function formatSeconds(ms: number): string {
  return `${(Math.floor(ms / 10) / 100).toFixed(2)} s`;
}

/** One formatter for every count: toLocaleString builds a new one at each call, which the figures' five updates a second felt. */
const COUNT = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Share as a whole percentage, "37%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
