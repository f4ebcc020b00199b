/**
 * Broadcast values: identity, validation, the protocol's sorted order and its digest
 * (PROTOCOL.md section 2 and the `digest` row of section 5).
 *
 * Two values are the same value when their canonical JSON is equal, so the canonical JSON is a
 * value's key everywhere (node state, engine bookkeeping, `onLearn`). The engine and every node call
 * these on their hot paths, so numbers and strings, which are nearly all real values, never take
 * the recursive path.
 */
import type { Json } from "./protocol";

/**
 * Deepest nesting a value may have (a bare number is depth 0, `[1]` depth 1). Deeper values are
 * not JSON values for the protocol: the recursive functions here, and JSON.stringify on the way
 * out, would otherwise exhaust the stack on hostile input.
 */
export const MAX_VALUE_DEPTH = 256;

/** Keys of the integers 0 .. SMALL_INT_KEYS - 1, interned: nodes that know the same value share one key string. */
const SMALL_INT_KEYS = 65536;
const smallIntKeys: string[] = [];

function numberKey(n: number): string {
  // `(n | 0) === n` is true for -0 as well, and -0 prints as "0": one value with 0, as JSON.stringify says.
  if ((n | 0) === n && n >= 0 && n < SMALL_INT_KEYS) return (smallIntKeys[n] ??= String(n));
  // For a finite number String() and JSON.stringify() print the same text.
  return String(n);
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `v` is a value the protocol can carry: finite numbers, strings, booleans, null, and
 * arrays and plain objects of those, at most MAX_VALUE_DEPTH deep. Rejects NaN, ±Infinity,
 * undefined (also as an array hole or object member), functions, symbols, bigints and non-plain
 * objects (Date, Map, class instances).
 */
export function isJsonValue(v: unknown): v is Json {
  return isJsonAt(v, 0);
}

function isJsonAt(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v);
    case "string":
    case "boolean":
      return true;
    case "object":
      return v === null || isJsonComposite(v, depth);
    default:
      return false;
  }
}

function isJsonComposite(v: object, depth: number): boolean {
  // Cycles also end here: a cyclic structure is infinitely deep.
  if (depth >= MAX_VALUE_DEPTH) return false;
  if (Array.isArray(v)) {
    const a = v as unknown[];
    for (let i = 0; i < a.length; i++) if (!isJsonAt(a[i], depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(v)) return false;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!isJsonAt(o[k], depth + 1)) return false;
  return true;
}

/**
 * The canonical JSON of a value: object keys sorted by UTF-16 code units, recursively, no
 * whitespace, numbers as JSON.stringify prints them (so 1 and 1.0 give "1", and "1" gives "\"1\"").
 * `v` must satisfy isJsonValue; anything else is a TypeError.
 */
export function canonicalJson(v: Json): string {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new TypeError(`not a JSON value: ${String(v)}`);
    return numberKey(v);
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (!isJsonValue(v)) throw new TypeError("not a JSON value");
  return canonical(v);
}

function canonical(v: Json): string {
  if (typeof v === "number") return numberKey(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || v === true || v === false) return String(v);
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i === 0 ? "" : ",") + canonical(v[i]!);
    return s + "]";
  }
  const keys = Object.keys(v).sort();
  let s = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    s += (i === 0 ? "" : ",") + JSON.stringify(k) + ":" + canonical(v[k]!);
  }
  return s + "}";
}

/** Position of a value's kind in the sorted order: numbers, strings, false, true, null, arrays, objects. */
function rank(v: Json): number {
  switch (typeof v) {
    case "number":
      return 0;
    case "string":
      return 1;
    case "boolean":
      return v ? 3 : 2;
    default:
      return v === null ? 4 : Array.isArray(v) ? 5 : 6;
  }
}

/**
 * Compares two values whose canonical keys are already known (only arrays and objects read the
 * keys). Returns < 0, 0 or > 0; 0 exactly when the two are the same value.
 */
export function compareKeyed(a: Json, keyA: string, b: Json, keyB: string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra < 5) return 0;
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

/**
 * The protocol's sorted order: numbers ascending, then strings by UTF-16 code units, then false,
 * true, then null, then arrays, then objects, the last two by their canonical JSON.
 */
export function compareValues(a: Json, b: Json): number {
  // compareKeyed reads the keys only when both are arrays or both objects.
  const keyed = a !== null && typeof a === "object" && b !== null && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  return keyed ? compareKeyed(a, canonical(a), b, canonical(b)) : compareKeyed(a, "", b, "");
}

/** A sorted copy (duplicates kept). Each array or object is canonicalised once, not once per comparison. */
export function sortValues(values: readonly Json[]): Json[] {
  const keys = values.map((v) => (v !== null && typeof v === "object" ? canonical(v) : ""));
  const order = values.map((_, i) => i);
  order.sort((i, j) => compareKeyed(values[i]!, keys[i]!, values[j]!, keys[j]!));
  return order.map((i) => values[i]!);
}

/** FNV-1a 32-bit offset basis: the hash of the empty string. */
export const FNV1A32_OFFSET = 0x811c9dc5;
const FNV1A32_PRIME = 0x01000193;

/**
 * FNV-1a 32-bit over the UTF-8 bytes of `s` (lone surrogates as U+FFFD, as TextEncoder does),
 * continuing from `hash` so that a long text can be hashed in pieces without joining them.
 * Returns a uint32.
 */
export function fnv1a32(s: string, hash: number = FNV1A32_OFFSET): number {
  let h = hash >>> 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, FNV1A32_PRIME);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        h = Math.imul(h ^ (0xf0 | (c >> 18)), FNV1A32_PRIME);
        h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), FNV1A32_PRIME);
        h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV1A32_PRIME);
        h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV1A32_PRIME);
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), FNV1A32_PRIME);
    } else {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), FNV1A32_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV1A32_PRIME);
    }
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV1A32_PRIME);
  }
  return h >>> 0;
}

/** A uint32 as 8 lowercase hex digits. */
export function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/** FNV-1a 32-bit of the UTF-8 bytes of `s`, as 8 lowercase hex digits: fnv1a32Hex("[]") === "741638a5". */
export function fnv1a32Hex(s: string): string {
  return hex32(fnv1a32(s));
}

/** Length of `s` in UTF-8 bytes (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      n += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 code units, 4 bytes.
      n += 2;
      i++;
    } else {
      n += 2;
    }
  }
  return n;
}

/**
 * utf8Length(JSON.stringify(v)) for a message, computed without building the text: the engine
 * sizes every message the page's run sends (and every payload), and stringifying them took as
 * long as everything else the engine does per message. Exact for what JSON.stringify accepts: anything it would treat
 * specially (a toJSON method, an object that is not plain) is stringified after all. An array's
 * size is kept on it (a node's snapshot goes to every peer of a round; arrays in flight are not
 * changed).
 */
export function jsonBytes(v: unknown): number {
  switch (typeof v) {
    case "string":
      return stringJsonBytes(v);
    case "number":
      return numberJsonBytes(v);
    case "boolean":
      return v ? 4 : 5;
    case "object":
      return v === null ? 4 : compositeJsonBytes(v);
    default:
      return utf8Length(JSON.stringify(v) ?? "");
  }
}

/** Characters of a number in JSON: counted for a small integer (msg_id, most values), printed otherwise. */
function numberJsonBytes(v: number): number {
  if ((v | 0) === v && v >= 0) {
    let digits = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
    return digits;
  }
  return Number.isFinite(v) ? String(v).length : 4; // "null"
}

const JSON_BYTES = Symbol("jsonBytes");

function compositeJsonBytes(o: object): number {
  if (typeof (o as { toJSON?: unknown }).toJSON === "function") return utf8Length(JSON.stringify(o));
  if (Array.isArray(o)) {
    const a = o as unknown[] & { [JSON_BYTES]?: number };
    const cached = a[JSON_BYTES];
    if (cached !== undefined) return cached;
    let bytes = 2 + Math.max(0, a.length - 1);
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      // undefined, a function or a symbol in an array is written null.
      bytes += e === undefined || typeof e === "function" || typeof e === "symbol" ? 4 : jsonBytes(e);
    }
    if (a.length > 1 && Object.isExtensible(a)) Object.defineProperty(a, JSON_BYTES, { value: bytes });
    return bytes;
  }
  if (!isPlainObject(o)) return utf8Length(JSON.stringify(o));
  const r = o as Record<string, unknown>;
  let bytes = 2;
  let members = 0;
  const keys = Object.keys(r);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const e = r[k];
    // Members that are undefined, functions or symbols are left out.
    if (e === undefined || typeof e === "function" || typeof e === "symbol") continue;
    bytes += stringJsonBytes(k) + 1 + jsonBytes(e);
    members++;
  }
  return bytes + Math.max(0, members - 1);
}

/** Bytes of a string as JSON.stringify writes it: quoted, with its escapes, in UTF-8. */
function stringJsonBytes(s: string): number {
  let n = 2 + s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) {
      if (c === 0x22 || c === 0x5c) n += 1; // \" and \\
    } else if (c < 0x20) {
      // \b \t \n \f \r, or \u00XX.
      n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
    } else if (c < 0x800) {
      n += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) i++;
      // A pair: 2 code units, 4 bytes. A lone surrogate is written \udXXX: 6 bytes.
      n += pair ? 2 : 5;
    } else {
      n += 2;
    }
  }
  return n;
}

/** Bytes of a value in a payload: the UTF-8 length of its canonical JSON. */
export function valueBytes(v: Json): number {
  return typeof v === "number" ? String(v).length : utf8Length(canonicalJson(v));
}
