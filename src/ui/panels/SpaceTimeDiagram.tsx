/**
 * The story of every message: a space-time diagram of a window of the run (one lane per node, time
 * to the right), the "Message log" table of the same messages, filters, and "Export SVG". The
 * window follows the moment shown while playing (the last few rounds); wheel zooms, drag pans,
 * a click moves the Timeline there and selects that lane's node. Hovering a message shows its JSON
 * and marks it on the graph. Its data is a journal window the worker sends (src/ui/diagram/model.ts).
 */
import { useEffect, useId, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactElement, type RefObject, type WheelEvent as ReactWheelEvent } from "react";
import { RoundClock } from "../../sim/round-clock";
import { useController } from "../context";
import { LABEL_W, canvasPainter, diagramHeight, drawDiagram, laneHeight, laneIndex, messageSegment, svgPainter, xTime, type DiagramView } from "../diagram/draw";
import { buildDiagram, lossAt, type DiagramMessage, type DiagramModel } from "../diagram/model";
import { download, fileStamp } from "../download";
import { formatSeconds, formatValue } from "../format";
import { readTheme, watchTheme } from "../graph/theme";
import { DROP_REASON_NAMES, DropReason } from "../../sim/journal";
import { NO_VALUES, useUi } from "../store";
import { LISTED_NODES_MAX, NodeNameInput } from "./NodeNameInput";

/** Lanes shown at once before the diagram asks for a selection (more would be a smear). */
export const MAX_ALL_LANES = 32;
/** Rows of the Message log shown (the newest). */
const LOG_ROWS = 200;
/** Rounds a following window spans. */
const FOLLOW_ROUNDS = 4;
/** Wall ms between window requests while the window moves. */
const REFRESH_MS = 150;
/** Series colours of the chart, by value index modulo their count. */
const SERIES = 6;

type ValueFilter = { kind: "all" } | { kind: "carried" | "taught"; value: number };

/** The page's colours the diagram paints with: the graph theme, the chart's series, text. */
function readColors() {
  const css = getComputedStyle(document.documentElement);
  return {
    theme: readTheme(document.documentElement),
    series: Array.from({ length: SERIES }, (_, i) => css.getPropertyValue(`--series-${i}`).trim() || "#0072b2"),
    text: css.getPropertyValue("--text").trim() || "#000",
    muted: css.getPropertyValue("--muted").trim() || "#555",
  };
}

/** Whether the element is in the viewport (true until the observer first says otherwise). */
function useInView(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver !== "function") return;
    const observer = new IntersectionObserver((entries) => setInView(entries.at(-1)?.isIntersecting ?? true));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return inView;
}

export function SpaceTimeDiagram() {
  const controller = useController();
  const frameRef = useRef<HTMLDivElement>(null);
  // Out of view while playing, the diagram does not follow the clock (a render and a redraw ten
  // times a second that nobody sees); a pause, or scrolling it into view, brings it up to date.
  const inView = useInView(frameRef);
  const shownClock = useRef({ nowMs: 0, horizonMs: 0 });
  const nowMs = useUi((s) => (inView || !s.playing ? s.nowMs : shownClock.current.nowMs));
  const horizonMs = useUi((s) => (inView || !s.playing ? s.horizonMs : shownClock.current.horizonMs));
  useEffect(() => {
    shownClock.current = { nowMs, horizonMs };
  }, [nowMs, horizonMs]);
  const runId = useUi((s) => s.runId);
  const names = useUi((s) => s.nodeNames);
  const script = useUi((s) => s.script);
  const selected = useUi((s) => s.selectedNode);
  const inspected = useUi((s) => s.inspected);
  const values = useUi((s) => s.metrics?.values ?? NO_VALUES);
  const lesson = useUi((s) => s.howLearned);
  // Keyed by content: the lesson object is new with every metrics update, its chain rarely changes.
  const chainKey = lesson?.chain?.map((hop) => hop.sendSeq).join(",") ?? "";
  const chain = useMemo(() => new Set(chainKey === "" ? [] : chainKey.split(",").map(Number)), [chainKey]);
  const interval = useUi((s) => s.config.gossipIntervalMs);
  const headingId = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const [follow, setFollow] = useState(true);
  const [fixed, setFixed] = useState<{ fromMs: number; toMs: number }>({ fromMs: 0, toMs: 2000 });
  const [filter, setFilter] = useState<ValueFilter>({ kind: "all" });
  const [peersOnly, setPeersOnly] = useState(false);
  const [extraLanes, setExtraLanes] = useState<number[]>([]);
  const [model, setModel] = useState<DiagramModel | null>(null);
  /** The moment shown when the model's data was read: what the log calls arrived, lost or in flight. */
  const [asOfMs, setAsOfMs] = useState(0);
  const [carriers, setCarriers] = useState<ReadonlySet<number> | null>(null);
  const [hover, setHover] = useState<{ message: DiagramMessage; line: string | null } | null>(null);
  const clock = useMemo(() => (script ? new RoundClock(script) : null), [script]);

  const span = Math.max(1000, FOLLOW_ROUNDS * interval);
  // Following, the window steps a quarter of its span at a time (the moment stays in its last
  // quarter), so the settled part of the picture is drawn once per step, not every frame.
  const step = span / 4;
  const followFrom = Math.max(0, (Math.floor(nowMs / step) + 1) * step - span);
  const shownWindow = follow ? { fromMs: followFrom, toMs: followFrom + span } : fixed;
  const n = names.length;

  // Lanes: every node up to MAX_ALL_LANES; past that (or on request) the selected node, its peers
  // and the lanes added by hand.
  const peersKey = inspected && inspected.index === selected ? inspected.neighbors.join(" ") : "";
  const lanes = useMemo(() => {
    const all = n <= MAX_ALL_LANES && !peersOnly;
    if (all) return Array.from({ length: n }, (_, i) => i);
    const chosen = new Set<number>(extraLanes.filter((i) => i < n));
    if (selected !== null) {
      chosen.add(selected);
      for (const name of peersKey === "" ? [] : peersKey.split(" ")) chosen.add(names.indexOf(name));
    }
    chosen.delete(-1);
    return [...chosen].sort((a, b) => a - b);
  }, [n, peersOnly, extraLanes, selected, peersKey, names]);

  // The window's data, asked for again when the window, the filter, the moment shown or the run
  // (its script: a message dropped by hand, a fork) moves: at most every REFRESH_MS (throttled, not
  // debounced: while playing the window moves every frame), and the request reads the latest window
  // when it goes. The log says what was true at the moment shown, so a seek within the window asks too.
  const scriptRevision = useRevision(script);
  const wanted = `${runId}:${scriptRevision}:${Math.round(shownWindow.fromMs)}:${Math.round(shownWindow.toMs)}:${filter.kind}:${"value" in filter ? filter.value : ""}:${horizonMs}:${nowMs}`;
  const latest = useRef({ wanted, fromMs: shownWindow.fromMs, toMs: shownWindow.toMs, filter });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastAskedAt = useRef(-Infinity);
  useEffect(() => {
    latest.current = { wanted, fromMs: shownWindow.fromMs, toMs: shownWindow.toMs, filter };
    // No lanes, nothing to draw: ask the worker nothing (a 5,000-node run without a selection).
    if (timer.current !== null || lanes.length === 0) return;
    const ask = () => {
      timer.current = null;
      lastAskedAt.current = performance.now();
      const { fromMs, toMs, filter: f } = latest.current;
      const lookback = 3 * Math.max(100, useUi.getState().config.latencyMs);
      void controller.requestWindow(Math.max(0, fromMs - lookback), toMs, f.kind === "carried" ? f.value : null).then((reply) => {
        if (reply === null) return;
        const state = useUi.getState();
        setModel(buildDiagram(reply.journal, fromMs, toMs, state.nodeNames.length));
        setAsOfMs(state.nowMs);
        setCarriers(reply.carriers ? new Set(reply.carriers) : null);
      });
    };
    timer.current = setTimeout(ask, Math.max(0, lastAskedAt.current + REFRESH_MS - performance.now()));
    // `wanted` stands for the window, the filter and the run; the request reads them from `latest`.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted, controller, lanes.length]);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  // The messages drawn and listed: those between shown lanes, through the value filter.
  const shown = useMemo(() => {
    if (!model) return [];
    const laneSet = new Set(lanes);
    return model.messages.filter((m) => {
      if (!laneSet.has(m.src) || !laneSet.has(m.dest)) return false;
      if (filter.kind === "taught") return m.taught.includes(filter.value);
      if (filter.kind === "carried") return carriers?.has(m.sendSeq) ?? false;
      return true;
    });
  }, [model, lanes, filter, carriers]);

  const laneH = laneHeight(lanes.length, 520);
  const height = diagramHeight(lanes.length, laneH);
  // Colours, read once and again when the theme changes (not every frame: getComputedStyle is slow).
  const [colors, setColors] = useState(readColors);
  useEffect(() => watchTheme(() => setColors(readColors())), []);
  // The picture without the moment: what the cached static layer is drawn from.
  const settledView: DiagramView | null = useMemo(() => {
    if (!model) return null;
    return {
      width,
      lanes,
      names,
      fromMs: shownWindow.fromMs,
      toMs: shownWindow.toMs,
      nowMs: asOfMs,
      asOfMs,
      // Rounds due in the window (the script says when they fire, even past the moment shown).
      roundTimes: clock?.roundTimes(shownWindow.toMs, 100_000) ?? [],
      selectedNode: selected,
      hover: hover?.message.sendSeq ?? -1,
      chain,
      messages: shown,
      learns: filter.kind === "all" ? model.learns : model.learns.filter((l) => l.value === ("value" in filter ? filter.value : -1)),
      theme: colors.theme,
      valueColor: (v) => colors.series[v % SERIES]!,
      text: colors.text,
      muted: colors.muted,
    };
  }, [model, asOfMs, width, lanes, names, shownWindow.fromMs, shownWindow.toMs, clock, selected, hover, chain, shown, filter, colors]);
  const view = useMemo(() => (settledView ? { ...settledView, nowMs } : null), [settledView, nowMs]);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const observer = new ResizeObserver((entries) => setWidth(Math.max(320, Math.floor(entries[0]!.contentRect.width))));
    observer.observe(frame);
    return () => observer.disconnect();
  }, []);

  // Two layers: the settled picture, drawn into an offscreen canvas when it changes, and every frame
  // a copy of it with the messages still on their way and the cursor on top. The offscreen canvas is
  // kept: a new one per redraw (several a second while playing) cost more than the drawing.
  const layerRef = useRef<HTMLCanvasElement | null>(null);
  const settledLayer = useMemo(() => {
    if (!settledView) return null;
    const dpr = devicePixelRatio || 1;
    const layer = (layerRef.current ??= document.createElement("canvas"));
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (layer.width !== w) layer.width = w;
    if (layer.height !== h) layer.height = h;
    const ctx = layer.getContext("2d");
    if (!ctx) return null;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawDiagram(canvasPainter(ctx), settledView, laneH, "static");
    return layer;
  }, [settledView, width, height, laneH]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !view || !settledLayer) return;
    // Resized only when the size changes: assigning width reallocates and clears the canvas.
    if (canvas.width !== settledLayer.width) canvas.width = settledLayer.width;
    if (canvas.height !== settledLayer.height) canvas.height = settledLayer.height;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const dpr = devicePixelRatio || 1;
    const settled = view.nowMs >= view.asOfMs;
    if (settled) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(settledLayer, 0, 0);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Sought back before the data was read: all of it, drawn for this moment, until fresh data comes.
    drawDiagram(canvasPainter(ctx), view, laneH, settled ? "moving" : "all");
  }, [view, settledLayer, laneH]);

  // ---- pointer: hover, click to seek, drag to pan, wheel to zoom --------------------------------
  const drag = useRef<{ x: number; moved: boolean; fromMs: number; toMs: number } | null>(null);

  function local(e: { clientX: number; clientY: number }): [number, number] {
    const rect = canvasRef.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  function messageNear(x: number, y: number): DiagramMessage | null {
    if (!view) return null;
    const laneOf = laneIndex(lanes);
    let best: DiagramMessage | null = null;
    let bestD = 6;
    for (const m of shown) {
      const seg = messageSegment(view, laneH, laneOf, m);
      if (!seg) continue;
      const d = distanceToSegment(x, y, seg);
      if (d < bestD) {
        bestD = d;
        best = m;
      }
    }
    return best;
  }

  function onPointerMove(e: ReactPointerEvent<HTMLCanvasElement>): void {
    const [x, y] = local(e);
    const d = drag.current;
    if (d && e.buttons === 1) {
      if (Math.abs(x - d.x) > 3) d.moved = true;
      if (d.moved && view) {
        const dt = xTime(view, d.x) - xTime(view, x);
        setFollow(false);
        setFixed({ fromMs: Math.max(0, d.fromMs + dt), toMs: Math.max(d.fromMs + dt, 0) + (d.toMs - d.fromMs) });
      }
      return;
    }
    const m = messageNear(x, y);
    if (m?.sendSeq === hover?.message.sendSeq) return;
    setHover(m ? { message: m, line: null } : null);
    controller.highlightMessage(m ? { src: m.src, dest: m.dest } : null);
    if (m) {
      void controller.messageAt(m.sendSeq, m.sentAt).then((line) => setHover((h) => (h && h.message.sendSeq === m.sendSeq ? { message: m, line } : h)));
    }
  }

  function onPointerDown(e: ReactPointerEvent<HTMLCanvasElement>): void {
    if (e.button !== 0) return;
    const [x] = local(e);
    drag.current = { x, moved: false, fromMs: shownWindow.fromMs, toMs: shownWindow.toMs };
    e.currentTarget.setPointerCapture(e.pointerId);
  }

  function onPointerUp(e: ReactPointerEvent<HTMLCanvasElement>): void {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved || !view) return;
    const [x, y] = local(e);
    const lane = Math.floor(y / laneH);
    if (lane >= 0 && lane < lanes.length) controller.select(lanes[lane]!);
    if (x >= LABEL_W && y < lanes.length * laneH) controller.seek(Math.max(0, Math.min(horizonMs, Math.round(xTime(view, x)))));
  }

  // The wheel zooms the diagram, and only that: the page does not scroll as well (a passive React
  // listener cannot stop it).
  const hasCanvas = lanes.length > 0;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const hold = (e: WheelEvent) => e.preventDefault();
    canvas.addEventListener("wheel", hold, { passive: false });
    return () => canvas.removeEventListener("wheel", hold);
    // The canvas comes and goes with the lanes (none: a note instead).
  }, [hasCanvas]);

  function onWheel(e: ReactWheelEvent<HTMLCanvasElement>): void {
    if (!view) return;
    const [x] = local(e);
    const at = xTime(view, x);
    const factor = Math.exp(e.deltaY * 0.0015);
    const from = at - (at - shownWindow.fromMs) * factor;
    const to = at + (shownWindow.toMs - at) * factor;
    if (to - from < 50 || to - from > 3_600_000) return;
    setFollow(false);
    setFixed({ fromMs: Math.max(0, from), toMs: Math.max(50, to) });
  }

  function exportSvg(): void {
    if (!view) return;
    const svg = svgPainter(width, height);
    drawDiagram(svg, view, laneH, "all");
    download(`gossipscope-diagram-${fileStamp()}.svg`, svg.svg(), "image/svg+xml");
  }

  // The log changes with the window's data, not with every frame's moment.
  const log = useMemo(
    () =>
      shown
        .slice(-LOG_ROWS)
        .reverse()
        .map((m) => ({ m, fate: fateText(m, asOfMs) })),
    [shown, asOfMs],
  );
  const name = (i: number) => names[i] ?? `n${i + 1}`;
  // The picker's options, made once per set of lanes: rebuilt on every render (ten a second while
  // playing), a thousand options cost the page more than the diagram itself. Too many nodes to list: a name is typed.
  const listed = names.length <= LISTED_NODES_MAX;
  const laneOptions = useMemo(() => {
    if (!listed) return null;
    const inLanes = new Set(lanes);
    const options: ReactElement[] = [];
    for (let i = 0; i < names.length; i++) if (!inLanes.has(i)) options.push(<option key={i} value={i}>{names[i]}</option>);
    return options;
  }, [names, lanes, listed]);
  const addLane = (i: number) => setExtraLanes((l) => [...l.filter((x) => x !== i), i].slice(-32));

  return (
    <section className="panel diagram" aria-labelledby={headingId}>
      <div className="diagram-head">
        <h2 id={headingId}>Space-time diagram</h2>
        <div className="diagram-controls">
          <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)}>
            {follow ? "Following" : "Follow"}
          </button>
          <label>
            Show{" "}
            <select
              value={filter.kind === "all" ? "all" : `${filter.kind}:${filter.value}`}
              onChange={(e) => {
                const [kind, v] = e.target.value.split(":");
                setFilter(kind === "carried" || kind === "taught" ? { kind, value: Number(v) } : { kind: "all" });
              }}
            >
              <option value="all">every message</option>
              {values.slice(-20).map((v) => [
                <option key={`c${v.index}`} value={`carried:${v.index}`}>
                  messages that carried {formatValue(v.value)}
                </option>,
                <option key={`t${v.index}`} value={`taught:${v.index}`}>
                  messages that taught {formatValue(v.value)}
                </option>,
              ])}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={peersOnly || n > MAX_ALL_LANES} disabled={n > MAX_ALL_LANES} onChange={(e) => setPeersOnly(e.target.checked)} />
            Only the selected node and its peers
          </label>
          {n > MAX_ALL_LANES || peersOnly ? (
            <label>
              Add lane{" "}
              {listed ? (
                <select
                  value=""
                  onChange={(e) => {
                    const i = Number(e.target.value);
                    if (Number.isInteger(i) && i >= 0) addLane(i);
                  }}
                >
                  <option value="">node…</option>
                  {laneOptions}
                </select>
              ) : (
                <NodeNameInput names={names} selected={null} clearOnPick onSelect={(i) => i !== null && addLane(i)} />
              )}
            </label>
          ) : null}
          <button type="button" onClick={exportSvg} disabled={!view}>
            Export SVG
          </button>
        </div>
      </div>
      <div className="diagram-frame" ref={frameRef}>
        {lanes.length === 0 ? (
          <p className="empty">Select a node (or add lanes) to see its messages: a diagram of all {n} nodes would be a smear.</p>
        ) : (
          <canvas
            ref={canvasRef}
            className="diagram-canvas"
            role="img"
            aria-label={`Space-time diagram from ${formatSeconds(shownWindow.fromMs)} to ${formatSeconds(shownWindow.toMs)}: ${lanes.length} lane${lanes.length === 1 ? "" : "s"}, ${shown.length} message${shown.length === 1 ? "" : "s"}. The Message log below lists them.`}
            onPointerMove={onPointerMove}
            onPointerDown={onPointerDown}
            onPointerUp={onPointerUp}
            onPointerLeave={() => {
              setHover(null);
              controller.highlightMessage(null);
            }}
            onWheel={onWheel}
          />
        )}
      </div>
      <p className="diagram-hover" aria-live="polite">
        {hover ? (
          <>
            <strong>
              #{hover.message.sendSeq} {name(hover.message.src)} → {name(hover.message.dest)}
            </strong>{" "}
            <code>{hover.line ?? "…"}</code>
          </>
        ) : (
          "Hover a message to read it; click to move the Timeline there; drag to pan, wheel to zoom."
        )}
      </p>
      <div className="table-scroll diagram-log">
        <table className="message-log">
          <caption>Message log</caption>
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">Arrived or lost</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Type</th>
              <th scope="col">Taught</th>
            </tr>
          </thead>
          <tbody>
            {log.map(({ m, fate }) => (
              <tr key={m.sendSeq}>
                <td className="num">{formatSeconds(m.sentAt)}</td>
                <td className="num">{fate}</td>
                <td>{name(m.src)}</td>
                <td>{name(m.dest)}</td>
                <td>
                  <code>{m.type}</code>
                </td>
                <td>{m.taught.map((v) => formatValue(values[v]?.value ?? v)).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > LOG_ROWS ? <p className="note">The newest {LOG_ROWS} of the {shown.length} messages in the window.</p> : null}
    </section>
  );
}

/** What became of a message by `nowMs`: its arrival time, where it was lost, or "in flight". */
export function fateText(m: DiagramMessage, nowMs: number): string {
  if (m.lost !== DropReason.None) {
    const lost = lossAt(m);
    return lost <= nowMs ? `lost ${formatSeconds(lost)} (${DROP_REASON_NAMES[m.lost]})` : "in flight";
  }
  return !Number.isNaN(m.endAt) && m.endAt <= nowMs ? formatSeconds(m.endAt) : "in flight";
}

/** Distance from (x, y) to the segment [x1, y1, x2, y2], CSS px. */
function distanceToSegment(x: number, y: number, [x1, y1, x2, y2]: [number, number, number, number]): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/** A number that changes whenever `value` is another object than at the last render. */
function useRevision(value: unknown): number {
  // Adjusting state while rendering, as React recommends for what derives from a prop's changes.
  const [seen, setSeen] = useState({ value, revision: 0 });
  if (seen.value === value) return seen.revision;
  setSeen({ value, revision: seen.revision + 1 });
  return seen.revision + 1;
}
