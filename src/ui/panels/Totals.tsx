/**
 * Run totals: the figures Maelstrom's broadcast workload reports, plus what gossip wasted. Sent = delivered + dropped + in flight.
 * The figures change five times a second while playing: React renders the list (again only when a
 * message type is added), and a store subscription writes the figures into it (../live.ts).
 */
import { useId } from "react";
import type { RunMetrics } from "../../sim/engine-api";
import { formatCount } from "../format";
import { setText, useLive } from "../live";
import { useUi, type UiState } from "../store";

/** The terms of the list, in order, and each one's figure. */
const FACTS: readonly [term: string, figure: (m: RunMetrics) => string][] = [
  ["Messages sent", (m) => formatCount(m.serverMessages)],
  ["Delivered", (m) => formatCount(m.delivered)],
  ["Dropped", (m) => formatCount(m.dropped)],
  ["In flight", (m) => formatCount(m.inFlight)],
  [
    "Drop reasons",
    (m) => {
      const { loss, partition, crashed, dropped } = m.droppedByReason;
      return `loss ${formatCount(loss)}, partition ${formatCount(partition)}, crashed ${formatCount(crashed)}${dropped > 0 ? `, dropped by hand ${formatCount(dropped)}` : ""}`;
    },
  ],
  ["Bytes sent", (m) => (m.wireBytes === null ? "not measured" : formatCount(m.wireBytes))],
  ["Payload bytes", (m) => `${formatCount(m.payloadBytes)} (${formatCount(m.payloadValues)} values carried)`],
  ["msgs-per-op", (m) => m.msgsPerOp.toLocaleString("en-US", { maximumFractionDigits: 1 })],
  ["Redundant deliveries", (m) => formatCount(m.redundantDeliveries)],
  [
    "Stable latency",
    (m) => {
      const latency = m.stableLatencyMs;
      return latency ? `median ${latency["0.5"]} ms, p95 ${latency["0.95"]} ms, max ${latency["1"]} ms` : "no value has reached everyone yet";
    },
  ],
];

/** Messages by type, the most sent first. */
function byType(m: RunMetrics): [string, number][] {
  return Object.entries(m.messagesByType).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function writeFigures(root: HTMLElement, s: UiState): void {
  const m = s.metrics;
  if (!m) return;
  root.querySelectorAll("dd").forEach((dd, i) => setText(dd, FACTS[i]?.[1](m) ?? ""));
  const types = byType(m);
  root.querySelectorAll("tbody tr").forEach((row, i) => {
    const [type, count] = types[i] ?? ["", 0];
    const [code, num] = [row.querySelector("code"), row.querySelector(".num")];
    if (code) setText(code, type);
    if (num) setText(num, formatCount(count));
  });
}

export function Totals() {
  const shown = useUi((s) => s.metrics !== null);
  const typeCount = useUi((s) => (s.metrics ? Object.keys(s.metrics.messagesByType).length : 0));
  // The store changes more often than the metrics do: the figures are written when they change
  // (and after a render, which may have added rows).
  const ref = useLive<HTMLElement>(writeFigures, (s) => [s.metrics]);
  const headingId = useId();
  if (!shown) return null;
  return (
    <section className="panel" aria-labelledby={headingId} ref={ref}>
      <h2 id={headingId}>Run totals</h2>
      <dl className="facts totals">
        {FACTS.map(([term]) => [<dt key={`t-${term}`}>{term}</dt>, <dd key={`d-${term}`} />])}
      </dl>
      {typeCount > 0 ? (
        <table className="by-type">
          <caption>Messages by type</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: typeCount }, (_, i) => (
              <tr key={i}>
                <td>
                  <code />
                </td>
                <td className="num" />
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
