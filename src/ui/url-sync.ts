/**
 * The address bar follows the run, as a store subscriber: the run's script and the moment shown, or
 * the lesson step, with an unanswered challenge and a comparison. While the run plays, the moment
 * is brought up to date at most every URL_REFRESH_MS (Chromium takes about 4 ms of the main thread
 * to replace an address that holds a whole script, and a link a few seconds behind a playing run
 * opens it nearly where it was); anything else (a pause, a command, a seek, a setting) at once.
 */
import { useUi, type UiState } from "./store";
import { MAX_LINK_LENGTH, runSearch, type SavedRun } from "./url";

export const URL_REFRESH_MS = 3000;

export interface UrlDeps {
  /** Puts `search` (with its `?`) in the address bar. */
  replace(search: string): void;
  /** Wall clock, ms. */
  now(): number;
  notice(text: string): void;
}

/** The query string of the page as it stands. */
export function pageSearch(s: UiState): string {
  // A lesson's link is its step's: `?lesson=ID&step=N`.
  if (s.lesson) return `?lesson=${encodeURIComponent(s.lesson.id)}&step=${s.lesson.step + 1}`;
  const saved: SavedRun | null = s.script ? { commands: s.script.commands, atMs: s.nowMs, endMs: s.horizonMs, paused: !s.playing } : null;
  const question = s.challenge && !s.challenge.revealed ? s.challenge.question : null;
  return runSearch(s.script?.config ?? s.config, s.speed, s.demo, saved, question, s.compare?.text ?? null);
}

/** Only the moment moved (the clock of a playing run): what may wait for the next refresh. */
function onlyTheClockMoved(a: UiState, b: UiState): boolean {
  return a.script === b.script && a.speed === b.speed && a.demo === b.demo && a.playing === b.playing && a.challenge === b.challenge && a.lesson === b.lesson && a.compare?.text === b.compare?.text && a.config === b.config;
}

/** Starts following the store; returns what stops it. */
export function syncUrl(deps: UrlDeps): () => void {
  let written = "";
  let writtenAtMs = -Infinity;
  /** The run whose link was found too long (said once per run). */
  let longLinkRunId = -1;
  return useUi.subscribe((state, before) => {
    if (state.runId === 0) return; // nothing shown yet: the address is still the one the page opened
    if (state.nowMs === before.nowMs && state.horizonMs === before.horizonMs && onlyTheClockMoved(state, before)) return;
    if (state.playing && onlyTheClockMoved(state, before) && deps.now() - writtenAtMs < URL_REFRESH_MS) return;
    const search = pageSearch(state);
    if (search === written) return;
    written = search;
    writtenAtMs = deps.now();
    deps.replace(search);
    if (search.length > MAX_LINK_LENGTH && longLinkRunId !== state.runId) {
      longLinkRunId = state.runId;
      deps.notice(`This run's link is ${Math.round(search.length / 1000)} KB, longer than many servers and chat tools accept: share it with Export run instead.`);
    }
  });
}
