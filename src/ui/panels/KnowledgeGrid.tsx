/**
 * "Knowledge": nodes against values, each cell the round in which that node learned that value (0
 * at the origin), empty until it does, crashed nodes marked. Clicking a cell selects that node and
 * value. Rows are rendered only where the scroll box shows them, so it stays quick at 5,000 nodes.
 * Its data rides with frames only while it is open.
 */
import { useEffect, useId, useState } from "react";
import { useController } from "../context";
import { formatValue } from "../format";
import { NO_VALUES, useUi } from "../store";

/** Row height, CSS px (the stylesheet's .knowledge td height). */
const ROW_PX = 26;
/** Rows rendered beyond the visible ones, each side. */
const OVERSCAN = 8;
/** Rounds the colour scale spans; later rounds take its last step. */
const SCALE_STEPS = 8;

export function KnowledgeGrid() {
  const controller = useController();
  const [open, setOpen] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewH, setViewH] = useState(320);
  const knowledge = useUi((s) => s.knowledge);
  const names = useUi((s) => s.nodeNames);
  const alive = useUi((s) => s.alive);
  const values = useUi((s) => s.metrics?.values ?? NO_VALUES);
  const selectedNode = useUi((s) => s.selectedNode);
  const selectedValue = useUi((s) => s.selectedValue);
  const headingId = useId();

  useEffect(() => {
    controller.setKnowledgeOpen(open);
    return () => controller.setKnowledgeOpen(false);
  }, [open, controller]);

  const n = names.length;
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(n, Math.ceil((scrollTop + viewH) / ROW_PX) + OVERSCAN);
  const cols = knowledge?.values ?? [];

  return (
    <section className="panel knowledge-panel" aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>Who knows what</h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Hide" : "Show"} the Knowledge grid
        </button>
      </div>
      {open ? <p className="field-hint">Each cell is the round a node learned the value in (blank: not yet).</p> : null}
      {open ? (
        cols.length === 0 ? (
          <p className="empty">{knowledge ? "No value injected yet." : "Reading…"}</p>
        ) : (
          <div
            className="table-scroll knowledge-scroll"
            onScroll={(e) => {
              setScrollTop(e.currentTarget.scrollTop);
              setViewH(e.currentTarget.clientHeight);
            }}
          >
            <table className="knowledge" role="grid" aria-label="Knowledge" aria-rowcount={n + 1}>
              <thead>
                <tr aria-rowindex={1}>
                  <th scope="col">Node</th>
                  {cols.map((v) => (
                    <th key={v} scope="col">
                      {formatValue(values[v]?.value ?? v + 1)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {first > 0 ? <Spacer rows={first} cols={cols.length + 1} /> : null}
                {Array.from({ length: last - first }, (_, k) => {
                  const i = first + k;
                  const down = alive !== null && alive[i] === 0;
                  return (
                    <tr key={i} aria-rowindex={i + 2} className={i === selectedNode ? "row-selected" : undefined}>
                      <th scope="row">
                        {names[i]}
                        {down ? <span className="crashed-mark"> ✕ crashed</span> : null}
                      </th>
                      {cols.map((v, j) => {
                        const round = knowledge!.rounds[j * n + i]!;
                        const value = formatValue(values[v]?.value ?? v + 1);
                        const label = down ? `${names[i]} crashed` : round < 0 ? `${names[i]} does not know ${value}` : `${names[i]} learned ${value} in round ${round}`;
                        return (
                          <td key={v} className={round < 0 ? "k-cell" : `k-cell k-${Math.min(SCALE_STEPS - 1, round)}`} aria-selected={i === selectedNode && v === selectedValue}>
                            <button
                              type="button"
                              aria-label={label}
                              onClick={() => {
                                controller.select(i);
                                controller.selectValue(v);
                              }}
                            >
                              {down ? "✕" : round < 0 ? "" : round}
                            </button>
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
                {last < n ? <Spacer rows={n - last} cols={cols.length + 1} /> : null}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

/** Stands for `rows` rows not rendered, keeping the scroll height right. */
function Spacer({ rows, cols }: { rows: number; cols: number }) {
  return (
    <tr aria-hidden="true" className="k-spacer">
      <td colSpan={cols} ref={(td) => td?.style.setProperty("height", `${rows * ROW_PX}px`)} />
    </tr>
  );
}
