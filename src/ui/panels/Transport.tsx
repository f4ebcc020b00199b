/** Play/Pause, Step back, Step, Reset, Broadcast, Speed, the round counter (a live region), and the Timeline. */
import { useId } from "react";
import { useController } from "../context";
import { formatSeconds } from "../format";
import { useLiveText } from "../live";
import { useUi } from "../store";
import { SPEEDS } from "../url";
import { Timeline } from "./Timeline";

function speedText(speed: number): string {
  return speed < 1 ? `${speed}× (slow motion)` : speed === 1 ? "1× (real time)" : `${speed}×`;
}

export function Transport() {
  const controller = useController();
  const playing = useUi((s) => s.playing);
  // The round and the clock change several times a second while playing: written outside renders.
  const roundRef = useLiveText<HTMLParagraphElement>((s) => `Round ${s.round}`);
  const clockRef = useLiveText<HTMLSpanElement>((s) => formatSeconds(s.nowMs));
  const atStart = useUi((s) => s.nowMs === 0);
  const speed = useUi((s) => s.speed);
  const behind = useUi((s) => s.behind);
  const target = useUi((s) => (s.selectedNode === null ? null : (s.nodeNames[s.selectedNode] ?? null)));
  const targetCrashed = useUi((s) => s.selectedNode !== null && s.alive?.[s.selectedNode] === 0);
  const failed = useUi((s) => s.failure !== null);
  const challengeOpen = useUi((s) => s.challengeOpen);
  const compareOpen = useUi((s) => s.compareOpen);
  const speedId = useId();
  const broadcastHintId = useId();

  return (
    <div className="transport">
      <Timeline />
      <div className="transport-buttons">
        <button type="button" className="primary play" onClick={() => controller.togglePlay()} disabled={failed}>
          <span aria-hidden="true" className="icon">
            {playing ? "❚❚" : "▶"}
          </span>
          {playing ? "Pause" : "Play"}
        </button>
        <button type="button" onClick={() => controller.stepBack()} disabled={failed || atStart}>
          <span aria-hidden="true" className="icon">
            ❘◀
          </span>
          Step back
        </button>
        <button type="button" onClick={() => controller.step()} disabled={failed}>
          <span aria-hidden="true" className="icon">
            ▶❘
          </span>
          Step
        </button>
        <button type="button" onClick={() => controller.reset()} disabled={failed}>
          <span aria-hidden="true" className="icon">
            ↺
          </span>
          Reset
        </button>
        <button type="button" className="accent" onClick={() => controller.broadcast()} disabled={failed} aria-describedby={broadcastHintId}>
          <span aria-hidden="true" className="icon">
            ✦
          </span>
          Broadcast
        </button>
        <button type="button" onClick={() => useUi.setState({ presenting: true })} title="Presenter mode (P)">
          Present
        </button>
        <button type="button" aria-pressed={challengeOpen} onClick={() => useUi.setState({ challengeOpen: !challengeOpen })}>
          Challenge
        </button>
        <button type="button" aria-pressed={compareOpen} onClick={() => useUi.setState({ compareOpen: !compareOpen })}>
          Compare
        </button>
        <span id={broadcastHintId} className="transport-hint">
          {target ? (targetCrashed ? `${target} is crashed: restart it to broadcast there` : `next value at ${target}`) : "next value at a random node"}
        </span>
      </div>
      <div className="transport-clock">
        <label htmlFor={speedId}>Speed</label>
        <select id={speedId} value={String(speed)} onChange={(e) => controller.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {speedText(s)}
            </option>
          ))}
        </select>
        <p className="round" role="status" ref={roundRef} />
        <p className="clock">
          <span className="visually-hidden">Model time </span>
          <span ref={clockRef} />
        </p>
        {behind ? (
          <p className="behind" title="Each frame the simulation runs as much of the model as it can in its time; this run needs more.">
            slower than {speed}×: the run is large
          </p>
        ) : null}
      </div>
    </div>
  );
}
