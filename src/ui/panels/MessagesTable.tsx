/** One row per injected value: where it started, how far it got, how many rounds it took. */
import { useId } from "react";
import { useController } from "../context";
import { formatCount, formatValue } from "../format";
import { NO_VALUES, useUi } from "../store";

/** Rows kept on screen; older values still count in the totals and the chart. */
const ROWS_SHOWN = 200;

export function MessagesTable() {
  const controller = useController();
  // The values and the live nodes, not the whole metrics: its counters change five times a second.
  const values = useUi((s) => s.metrics?.values ?? NO_VALUES);
  const liveNodes = useUi((s) => s.metrics?.liveNodes ?? null);
  const names = useUi((s) => s.nodeNames);
  const selectedValue = useUi((s) => s.selectedValue);
  const showTree = useUi((s) => s.showTree);
  const headingId = useId();
  const live = liveNodes ?? names.length;
  const rows = values.slice(-ROWS_SHOWN).reverse();

  return (
    <section className="panel values-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Values</h2>
      <div className="table-scroll">
        <table className="messages">
          <caption>Messages</caption>
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">Origin</th>
              <th scope="col">Known by</th>
              <th scope="col">Rounds</th>
              <th scope="col">Msgs to all</th>
              <th scope="col">Bytes to all</th>
              <th scope="col" title="Relative message redundancy: messages to all / (nodes - 1) - 1">
                Redundancy
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => {
              const full = v.knownBy >= live && live > 0;
              const pressed = selectedValue === v.index;
              return (
                <tr key={v.index} className={pressed ? "row-selected" : undefined}>
                  <td>
                    <button
                      type="button"
                      className="value-button"
                      aria-pressed={pressed}
                      title="Highlight the nodes that know this value"
                      onClick={() => controller.selectValue(pressed ? null : v.index)}
                    >
                      {formatValue(v.value)}
                    </button>
                  </td>
                  <td>{names[v.origin] ?? v.origin}</td>
                  <td className={full ? "num known-full" : "num"}>
                    {v.knownBy}/{live}
                  </td>
                  <td className="num">{v.rounds ?? ""}</td>
                  <td className="num">{v.msgsToAll === null ? "" : formatCount(v.msgsToAll)}</td>
                  <td className="num">{v.bytesToAll === null ? "" : formatCount(v.bytesToAll)}</td>
                  <td className="num">{v.redundancy === null ? "" : v.redundancy.toFixed(2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {values.length === 0 ? <p className="empty">Nothing injected yet: press Broadcast, or double-click a node.</p> : null}
      {selectedValue !== null ? (
        <div className="button-row">
          <button type="button" aria-pressed={showTree} onClick={() => controller.setShowTree(!showTree)}>
            Show spread tree
          </button>
          <span className="field-hint">who taught whom, with each node's hops from the origin</span>
        </div>
      ) : null}
      <p className="note">
        Msgs and Bytes to all: what the run sent from a value's injection until every live node knew it, frozen then.
        <span className="values-wide-only"> Bytes to all and Redundancy show in a wider window.</span>
      </p>
      {values.length > ROWS_SHOWN ? <p className="note">Showing the newest {ROWS_SHOWN} of {values.length} values.</p> : null}
    </section>
  );
}
