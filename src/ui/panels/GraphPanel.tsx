/**
 * Mounts the canvas and the graph view once; the controller feeds it frames outside React renders.
 * Reduced motion follows the system setting as it changes.
 */
import { useEffect, useRef, useState } from "react";
import { createGraphView } from "../graph/GraphView";
import { Legend } from "../graph/Legend";
import type { GraphView } from "../graph/types";
import { useController } from "../context";
import { useUi } from "../store";

const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";

export function GraphPanel() {
  const controller = useController();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState<GraphView | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
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
    };
  }, [controller]);

  const compare = useUi((s) => s.compare);
  return (
    <div className="graph-panel">
      <div className={compare ? "graph-pair" : "graph-single"}>
        <div className="graph-frame">
          {compare ? <p className="graph-label">A: this run</p> : null}
          {/* The view owns the canvas's role, label and keyboard handling. */}
          <canvas ref={canvasRef} className="graph-canvas" />
          <button type="button" className="graph-fit" onClick={() => view?.fit()} disabled={!view}>
            Fit graph
          </button>
        </div>
        {compare ? <ComparedGraph text={compare.text} /> : null}
      </div>
      <Legend />
      <p className="graph-help">
        On the graph: click a node to inspect it, double-click to broadcast there, click a message to see it (pause first), <kbd>Shift</kbd>+click or <kbd>Shift</kbd>
        +drag to pick nodes to cut off, drag to pan, wheel to zoom. Keys: arrows or <kbd>n</kbd>/<kbd>p</kbd> select, <kbd>Enter</kbd> broadcasts, <kbd>Shift</kbd>
        +arrows pan, <kbd>+</kbd>/<kbd>−</kbd> zoom, <kbd>0</kbd> fits.
      </p>
    </div>
  );
}

/** The compared run's graph: the same seed and script, other settings; it follows this run's clock. */
function ComparedGraph({ text }: { text: string }) {
  const controller = useController();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Read-only: selecting, broadcasting and drawing faults act on the run, so on A.
    const noop = () => {};
    const created = createGraphView(canvas, { onSelect: noop, onActivate: noop, onMark: noop, onMessage: noop }, { reducedMotion: matchMedia(REDUCED_MOTION).matches });
    controller.attachCompareGraph(created);
    return () => {
      controller.attachCompareGraph(null);
      created.destroy();
    };
  }, [controller]);
  return (
    <div className="graph-frame">
      <p className="graph-label">B: {text.replaceAll(",", ", ")}</p>
      <canvas ref={canvasRef} className="graph-canvas" aria-label={`The compared run, with ${text}`} />
    </div>
  );
}
