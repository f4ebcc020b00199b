/**
 * The Timeline: a slider over model time from 0 to the furthest moment reached, a tick per gossip
 * round and a mark per command. Dragging it or pressing keys on it shows the run as it was then:
 * arrows move one round, Page Up/Down ten, Home and End to the start and the end.
 *
 * While playing, the moment and the end move several times a second: the thumb, its text, the end's
 * label and where the ticks and marks sit are written by a store subscription (../live.ts); React
 * renders the Timeline again only when a round is added, a command is, or it is enabled or disabled.
 */
import { useId, useMemo, type KeyboardEvent } from "react";
import { RoundClock } from "../../sim/round-clock";
import type { ScriptCommand } from "../../sim/script";
import { useController } from "../context";
import { formatSeconds } from "../format";
import { setAttr, setText, useLive } from "../live";
import { useUi, type UiState } from "../store";

/** Round ticks drawn at most (thinned evenly past that). */
const MAX_TICKS = 200;
/** Command marks drawn at most (the newest). */
const MAX_MARKS = 400;

/** A glyph and a word for each kind of command, so a mark is told apart without its colour. */
const MARK: Readonly<Record<ScriptCommand["type"], { glyph: string; className: string }>> = {
  inject: { glyph: "✦", className: "mark-inject" },
  read: { glyph: "?", className: "mark-setting" },
  crash: { glyph: "✕", className: "mark-fault" },
  restart: { glyph: "↻", className: "mark-fault" },
  partition: { glyph: "‖", className: "mark-fault" },
  heal: { glyph: "∪", className: "mark-fault" },
  dropMessage: { glyph: "⊘", className: "mark-fault" },
  setDropRate: { glyph: "•", className: "mark-setting" },
  setLinkDropRate: { glyph: "•", className: "mark-setting" },
  setLatency: { glyph: "•", className: "mark-setting" },
  configure: { glyph: "•", className: "mark-setting" },
};

function describe(c: ScriptCommand, names: readonly string[]): string {
  const node = (i: number) => names[i] ?? `n${i + 1}`;
  switch (c.type) {
    case "inject":
      return `broadcast at ${node(c.node)}`;
    case "read":
      return `read at ${node(c.node)}`;
    case "crash":
      return `crash ${node(c.node)}`;
    case "restart":
      return `restart ${node(c.node)}`;
    case "partition":
      return `partition ${c.groups.map((g) => g.map(node).join(" ")).join(" | ")}`;
    case "heal":
      return "heal";
    case "dropMessage":
      return `drop message #${c.sendSeq}`;
    case "setDropRate":
      return `drop rate ${c.dropRate}`;
    case "setLinkDropRate":
      return `drop rate of ${node(c.a)}-${node(c.b)} ${c.dropRate ?? "back to global"}`;
    case "setLatency":
      return `latency ${c.latencyMs} ms`;
    case "configure":
      return `settings: ${Object.entries(c)
        .filter(([k]) => k !== "type" && k !== "t")
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(", ")}`;
  }
}

/** The Timeline's span, ms: the slider's max, and what the ticks and marks are placed against. */
function spanOf(horizonMs: number): number {
  return Math.max(1, horizonMs);
}

/** Writes what moves while playing into the Timeline's DOM (see the file's comment). */
function place(root: HTMLDivElement, s: UiState): void {
  const span = spanOf(s.horizonMs);
  const slider = root.querySelector<HTMLInputElement>(".timeline-slider");
  if (slider) {
    setAttr(slider, "max", String(span));
    const value = String(Math.min(s.nowMs, span));
    if (slider.value !== value) slider.value = value;
    setAttr(slider, "aria-valuetext", `${formatSeconds(s.nowMs)} of ${formatSeconds(s.horizonMs)}, round ${s.round}`);
  }
  const end = root.querySelector(".timeline-end");
  if (end) setText(end, formatSeconds(s.horizonMs));
  // Ticks are drawn in model ms, stretched to the width: one attribute places them all.
  const ticks = root.querySelector(".timeline-ticks");
  if (ticks) setAttr(ticks, "viewBox", `0 0 ${span} 1`);
  for (const mark of root.querySelectorAll<SVGTextElement>(".timeline-mark")) {
    const t = Number(mark.dataset.t);
    setAttr(mark, "x", `${((100 * t) / span).toFixed(3)}%`);
    setAttr(mark, "text-anchor", t < span * 0.02 ? "start" : t > span * 0.98 ? "end" : "middle");
  }
}

export function Timeline() {
  const controller = useController();
  const script = useUi((s) => s.script);
  const names = useUi((s) => s.nodeNames);
  const failed = useUi((s) => s.failure !== null);
  const empty = useUi((s) => s.horizonMs === 0);
  const hintId = useId();
  const clock = useMemo(() => (script ? new RoundClock(script) : null), [script]);
  // Renders again when a round's tick is added (the rounds fired by the end), not at every step.
  const roundsFired = useUi((s) => (clock ? clock.firedBy(s.horizonMs) : 0));
  // The store changes for many other reasons (the run's numbers, the selection): place() runs only
  // when what it reads changed (the script: its marks).
  const rootRef = useLive<HTMLDivElement>(place, (s) => [s.nowMs, s.horizonMs, s.round, s.script]);
  const lastRoundMs = clock && roundsFired > 0 ? clock.roundAt(roundsFired) : 0;
  const ticks = useMemo(() => clock?.roundTimes(lastRoundMs, MAX_TICKS) ?? [], [clock, lastRoundMs]);
  const commands = (script?.commands ?? []).slice(-MAX_MARKS);
  // Commands at one moment share a mark: their glyphs side by side, all of them in its title.
  const marks: { t: number; commands: ScriptCommand[] }[] = [];
  for (const c of commands) {
    const last = marks[marks.length - 1];
    if (last && last.t === c.t) last.commands.push(c);
    else marks.push({ t: c.t, commands: [c] });
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (!clock || e.altKey || e.ctrlKey || e.metaKey) return;
    const { nowMs, horizonMs } = useUi.getState();
    let to: number | null = null;
    const tenRounds = (from: number, next: (t: number) => number) => {
      let t = from;
      for (let i = 0; i < 10; i++) t = next(t);
      return t;
    };
    if (e.key === "ArrowLeft" || e.key === "ArrowDown") to = clock.stepBack(nowMs);
    else if (e.key === "ArrowRight" || e.key === "ArrowUp") to = clock.nextStop(nowMs);
    else if (e.key === "PageDown") to = tenRounds(nowMs, (t) => clock.stepBack(t));
    else if (e.key === "PageUp") to = tenRounds(nowMs, (t) => clock.nextStop(t));
    else if (e.key === "Home") to = 0;
    else if (e.key === "End") to = horizonMs;
    if (to === null) return;
    e.preventDefault();
    controller.seek(Math.max(0, Math.min(horizonMs, to)));
  }

  return (
    <div className="timeline" ref={rootRef}>
      <svg className="timeline-marks" aria-hidden="true">
        <svg className="timeline-ticks" width="100%" height="100%" preserveAspectRatio="none">
          {/* One path for all the ticks, not an element per round under a viewBox that changes with every step of the clock. */}
          <path className="timeline-tick" d={ticks.map((t) => `M${t} 0.6V1`).join("")} vectorEffect="non-scaling-stroke" />
        </svg>
        {marks.map((m) => (
          <text key={m.t} className="timeline-mark" data-t={m.t} y="45%">
            <title>{`${formatSeconds(m.t)}: ${m.commands.map((c) => describe(c, names)).join("; ")}`}</title>
            {m.commands.slice(0, 4).map((c, i) => (
              <tspan key={i} className={MARK[c.type].className}>
                {MARK[c.type].glyph}
              </tspan>
            ))}
          </text>
        ))}
      </svg>
      <input
        type="range"
        className="timeline-slider"
        aria-label="Timeline"
        aria-describedby={hintId}
        min={0}
        step={1}
        disabled={failed || empty}
        onChange={(e) => controller.seek(Number(e.target.value))}
        onKeyDown={onKeyDown}
      />
      <p id={hintId} className="timeline-hint">
        <span>0 s</span>
        <span>
          {commands.length > 0 ? `${script!.commands.length} command${script!.commands.length === 1 ? "" : "s"} · ` : ""}← → a round, Home/End
        </span>
        <span className="timeline-end" />
      </p>
    </div>
  );
}
