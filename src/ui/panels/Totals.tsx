/** Run totals: the figures Maelstrom's broadcast workload reports, plus what gossip wasted. Sent = delivered + dropped + in flight. */
import { useId } from "react";
import { useUi } from "../store";
import { formatCount } from "../format";

export function Totals() {
  const metrics = useUi((s) => s.metrics);
  const headingId = useId();
  if (!metrics) return null;
  const byType = Object.entries(metrics.messagesByType).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const { loss, partition, crashed, dropped } = metrics.droppedByReason;
  const latency = metrics.stableLatencyMs;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Run totals</h2>
      <dl className="facts totals">
        <dt>Messages sent</dt>
        <dd>{formatCount(metrics.serverMessages)}</dd>
        <dt>Delivered</dt>
        <dd>{formatCount(metrics.delivered)}</dd>
        <dt>Dropped</dt>
        <dd>{formatCount(metrics.dropped)}</dd>
        <dt>In flight</dt>
        <dd>{formatCount(metrics.inFlight)}</dd>
        <dt>Drop reasons</dt>
        <dd>
          loss {formatCount(loss)}, partition {formatCount(partition)}, crashed {formatCount(crashed)}
          {dropped > 0 ? `, dropped by hand ${formatCount(dropped)}` : ""}
        </dd>
        <dt>Bytes sent</dt>
        <dd>{metrics.wireBytes === null ? "not measured" : formatCount(metrics.wireBytes)}</dd>
        <dt>Payload bytes</dt>
        <dd>
          {formatCount(metrics.payloadBytes)} ({formatCount(metrics.payloadValues)} values carried)
        </dd>
        <dt>msgs-per-op</dt>
        <dd>{metrics.msgsPerOp.toLocaleString("en-US", { maximumFractionDigits: 1 })}</dd>
        <dt>Redundant deliveries</dt>
        <dd>{formatCount(metrics.redundantDeliveries)}</dd>
        <dt>Stable latency</dt>
        <dd>{latency ? `median ${latency["0.5"]} ms, p95 ${latency["0.95"]} ms, max ${latency["1"]} ms` : "no value has reached everyone yet"}</dd>
      </dl>
      {byType.length > 0 ? (
        <table className="by-type">
          <caption>Messages by type</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {byType.map(([type, count]) => (
              <tr key={type}>
                <td>
                  <code>{type}</code>
                </td>
                <td className="num">{formatCount(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
