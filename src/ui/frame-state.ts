/**
 * What a frame from the worker changes in the page's state: a pure function of the state and the
 * frame (and whether the clock is due to be shown), so the store holds what the worker said about
 * one moment and nothing the page worked out on its own clock. The controller applies the patch.
 */
import type { FrameMessage } from "../worker/messages";
import { formatPartition } from "./partition";
import type { UiState } from "./store";

/**
 * The store's patch for `frame`. `showClock`: the round, the clock and the Timeline may move (a
 * playing run shows them at most every CLOCK_REFRESH_MS; a React render of every panel that shows
 * them on every frame costs more than the graph itself). `valuesJson`: the last metrics' values as
 * JSON, returned updated: panels that show only the values keep the same array while they are
 * unchanged (the counters change every time, the values seldom), so they do not render for nothing.
 */
export function applyFrame(state: UiState, frame: FrameMessage, showClock: boolean, valuesJson: string): { patch: Partial<UiState>; valuesJson: string } {
  const patch: Partial<UiState> = {};
  if (showClock) {
    if (frame.round !== state.round) patch.round = frame.round;
    if (frame.nowMs !== state.nowMs) patch.nowMs = frame.nowMs;
    if (frame.horizonMs !== state.horizonMs) patch.horizonMs = frame.horizonMs;
  }
  if (frame.playing !== state.playing) patch.playing = frame.playing;
  if (frame.behind !== state.behind) patch.behind = frame.behind;
  let json = valuesJson;
  if (frame.metrics) {
    json = JSON.stringify(frame.metrics.values);
    const values = json === valuesJson && state.metrics ? state.metrics.values : frame.metrics.values;
    patch.metrics = { ...frame.metrics, values };
    patch.howLearned = frame.lesson ?? null;
    if (state.knowledge !== null || frame.knowledge) patch.knowledge = frame.knowledge ?? null;
    if (!sameBytes(state.alive, frame.alive)) patch.alive = frame.alive.slice();
  }
  // Sent with every metrics: a new object each time would render the controls again for nothing.
  if (frame.config && JSON.stringify(frame.config) !== JSON.stringify(state.config)) patch.config = frame.config;
  if (frame.inspect && frame.inspect.index === state.selectedNode) patch.inspected = frame.inspect;
  // The inspected message as of this frame's moment: it may have landed or been lost meanwhile.
  if (frame.message && frame.message.sendSeq === state.message?.sendSeq) patch.message = frame.message;
  const partition = formatPartition(frame.groups, state.nodeNames);
  if (partition !== state.partition) patch.partition = partition;
  return { patch, valuesJson: json };
}

/** Whether a frame must show its clock now: paused, a jump, a new round, play starting or stopping. */
export function clockDue(state: UiState, frame: FrameMessage, sinceShownMs: number, refreshMs: number): boolean {
  return !frame.playing || frame.playing !== state.playing || frame.round !== state.round || frame.pending !== undefined || sinceShownMs >= refreshMs;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
