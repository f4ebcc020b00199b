/**
 * Mounts the canvas and the graph view once; the controller feeds it frames outside React renders.
 * Reduced motion follows the system setting as it changes. Each view gets a canvas of its own, made
 * here rather than by React: a canvas hands its drawing to the painter's worker for good (see
 * GraphView), so a remount (React's StrictMode mounts twice) cannot reuse one.
 */
import { useEffect, useRef, useState } from "react";
import { createGraphView } from "../graph/GraphView";
import { Legend } from "../graph/Legend";
import type { GraphView } from "../graph/types";
import { useController } from "../context";
import { useUi } from "../store";

const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";

/** A fresh canvas for a graph view, placed in `frame` before `before`; removed again by the returned function. */
function mountCanvas(frame: HTMLElement, before: Element | null): [HTMLCanvasElement, () => void] {
  const canvas = document.createElement("canvas");
  canvas.className = "graph-canvas";
  frame.insertBefore(canvas, before);
  return [canvas, () => canvas.remove()];
}

export function GraphPanel() {
  const controller = useController();
  const frameRef = useRef<HTMLDivElement>(null);
  const fitRef = useRef<HTMLButtonElement>(null);
  const [view, setView] = useState<GraphView | null>(null);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const [canvas, unmount] = mountCanvas(frame, fitRef.current);
    const motion = matchMedia(REDUCED_MOTION);
    const created = createGraphView(
      canvas,
      {
        onSelect: (node) => controller.select(node),
        onActivate: (node) => controller.injectAt(node),
        onMark: (nodes) => controller.mark(nodes),
        onMessage: (sendSeq) => controller.inspectMessage(sendSeq),
      },
      { reducedMotion: motion.matches },
    );
    controller.attachGraph(created);
    setView(created);
    const onMotion = () => created.setOptions({ reducedMotion: motion.matches });
    motion.addEventListener("change", onMotion);
    return () => {
      motion.removeEventListener("change", onMotion);
      controller.attachGraph(null);
      created.destroy();
      unmount();
    };
  }, [controller]);

  const compare = useUi((s) => s.compare);
  return (
    <div className="graph-panel">
      <div className={compare ? "graph-pair" : "graph-single"}>
        <div className="graph-frame" ref={frameRef}>
          {compare ? <p className="graph-label">A: this run</p> : null}
          {/* The canvas goes here, before Fit graph (mountCanvas); the view owns its role, label and keys. */}
          <button type="button" className="graph-fit" ref={fitRef} onClick={() => view?.fit()} disabled={!view}>
            Fit graph
          </button>
        </div>
        {compare ? <ComparedGraph text={compare.text} /> : null}
      </div>
      <Legend />
      <p className="graph-help">
        On the graph: click a node to inspect it, double-click to broadcast there, click a message to see it (pause first), <kbd>Shift</kbd>+click or <kbd>Shift</kbd>
        +drag to pick nodes to cut off, drag to pan, wheel to zoom. Keys: arrows or <kbd>n</kbd>/<kbd>Shift</kbd>+<kbd>N</kbd> select, <kbd>Enter</kbd> broadcasts, <kbd>Shift</kbd>
        +arrows pan, <kbd>+</kbd>/<kbd>−</kbd> zoom, <kbd>0</kbd> fits.
      </p>
    </div>
  );
}

/** The compared run's graph: the same seed and script, other settings; it follows this run's clock. */
function ComparedGraph({ text }: { text: string }) {
  const controller = useController();
  const frameRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const [canvas, unmount] = mountCanvas(frame, null);
    // Read-only: selecting, broadcasting and drawing faults act on the run, so on A.
    const noop = () => {};
    const created = createGraphView(canvas, { onSelect: noop, onActivate: noop, onMark: noop, onMessage: noop }, { reducedMotion: matchMedia(REDUCED_MOTION).matches });
    controller.attachCompareGraph(created);
    return () => {
      controller.attachCompareGraph(null);
      created.destroy();
      unmount();
    };
  }, [controller]);
  return (
    <div className="graph-frame" ref={frameRef}>
      <p className="graph-label">B: {text.replaceAll(",", ", ")}</p>
    </div>
  );
}
