/** A frame's patch of the page's state: a pure function of the state and the frame. */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { applyFrame, clockDue } from "../../src/ui/frame-state";
import { useUi, type UiState } from "../../src/ui/store";
import { createSimHost } from "../../src/worker/host";
import { NO_VIEW, type FrameMessage, type FromWorker, type ToWorker } from "../../src/worker/messages";

function frames() {
  const posted: FromWorker[] = [];
  const host = createSimHost({ post: (m) => posted.push(m), wallNowMs: () => 0 });
  return (m: ToWorker): FrameMessage => {
    host.handle(m);
    host.handle({ type: "tick" });
    return posted.filter((p): p is FrameMessage => p.type === "frame").at(-1)!;
  };
}

describe("a frame's patch", () => {
  it("says what the worker said of its moment, and keeps the values array while the values are unchanged", () => {
    const send = frames();
    const config = { ...DEFAULT_CONFIG, nodes: 6, topology: "ring" as const, seed: 1 };
    send({ type: "start", config, demo: false, playing: false });
    send({ type: "broadcast", node: 2 });
    const state: UiState = { ...useUi.getState(), nodeNames: ["n1", "n2", "n3", "n4", "n5", "n6"], selectedNode: 2 };
    const f = send({ type: "view", view: { ...NO_VIEW, node: 2 } });
    const first = applyFrame(state, f, true, "");
    expect(first.patch).toMatchObject({ metrics: { values: [{ value: 1, origin: 2, knownBy: 1 }] }, inspected: { index: 2, known: [1] }, howLearned: null });
    expect(first.patch.alive).toEqual(Uint8Array.of(1, 1, 1, 1, 1, 1));
    const next = { ...state, ...first.patch };
    const again = applyFrame(next, send({ type: "engine", command: { type: "partition", groups: [[0, 1, 2], [3, 4, 5]] } }), true, first.valuesJson);
    expect(again.patch.metrics!.values).toBe(next.metrics!.values);
    expect(again.patch.partition).toBe("n1 n2 n3 | n4 n5 n6");
    expect(again.patch.alive).toBeUndefined();
    // Without the clock due, the round and the moment stay as shown.
    const later = send({ type: "goto", t: 1200 });
    expect(applyFrame(next, later, false, again.valuesJson).patch).not.toHaveProperty("nowMs");
    expect(applyFrame(next, later, true, again.valuesJson).patch).toMatchObject({ nowMs: 1200, round: 2, horizonMs: 1200 });
    expect(clockDue({ ...next, playing: true }, { ...later, playing: true }, 50, 100)).toBe(true); // a new round
    expect(clockDue({ ...next, playing: true, round: 2 }, { ...later, playing: true, pending: undefined }, 50, 100)).toBe(false);
    expect(clockDue({ ...next, playing: true, round: 2 }, { ...later, playing: true, pending: undefined }, 100, 100)).toBe(true);
  });
});
