/** The selected node: what it knows, its counters, its recent protocol messages; Crash and Restart. */
import { useId, useMemo } from "react";
import type { NodeSnapshot } from "../../sim/engine-api";
import { MESSAGE_TYPES } from "../../sim/journal";
import { useController } from "../context";
import { formatCount, formatSeconds, formatValue } from "../format";
import { useUi } from "../store";
import { LISTED_NODES_MAX, NodeNameInput } from "./NodeNameInput";

/** Values listed by name before the rest are summarised as a count. */
const VALUES_SHOWN = 30;

/** Characters of a recent message shown: a 5,000-node topology message is 200,000. */
const TRACE_CHARS = 600;

export function Inspector() {
  const controller = useController();
  const selected = useUi((s) => s.selectedNode);
  const names = useUi((s) => s.nodeNames);
  const snapshot = useUi((s) => s.inspected);
  const headingId = useId();
  const pickerId = useId();
  const listed = names.length <= LISTED_NODES_MAX;
  const options = useMemo(
    () =>
      listed
        ? names.map((name, i) => (
            <option key={name} value={i}>
              {name}
            </option>
          ))
        : null,
    [names, listed],
  );

  return (
    <section className="panel inspector" aria-labelledby={headingId}>
      <h2 id={headingId}>Inspector</h2>
      <div className="field field-inline">
        <label htmlFor={pickerId}>Inspect node</label>
        {listed ? (
          <select id={pickerId} value={selected === null ? "" : String(selected)} onChange={(e) => controller.select(e.target.value === "" ? null : Number(e.target.value))}>
            <option value="">none</option>
            {options}
          </select>
        ) : (
          <NodeNameInput id={pickerId} names={names} selected={selected} onSelect={(node) => controller.select(node)} />
        )}
      </div>
      {selected === null ? (
        <p className="empty">Click a node in the graph (or choose one above) to see what it knows. Double-click a node to broadcast there.</p>
      ) : snapshot ? (
        <NodeDetails
          snapshot={snapshot}
          names={names}
          onCrash={() => controller.crash(snapshot.index)}
          onRestart={() => controller.restart(snapshot.index)}
          onShowMessage={(sendSeq) => controller.inspectMessage(sendSeq)}
        />
      ) : (
        <p className="empty">Reading {names[selected] ?? `node ${selected + 1}`}…</p>
      )}
    </section>
  );
}

interface NodeDetailsProps {
  snapshot: NodeSnapshot;
  names: readonly string[];
  onCrash(): void;
  onRestart(): void;
  onShowMessage(sendSeq: number): void;
}

function NodeDetails({ snapshot, names, onCrash, onRestart, onShowMessage }: NodeDetailsProps) {
  const { known, counters } = snapshot;
  const shown = known.slice(0, VALUES_SHOWN).map(formatValue).join(", ");
  const more = known.length > VALUES_SHOWN ? ` and ${formatCount(known.length - VALUES_SHOWN)} more` : "";
  const recent = [...snapshot.recent].reverse();
  return (
    <div className="node-details">
      <div className="node-head">
        <h3>{snapshot.name}</h3>
        <span className={snapshot.alive ? "badge badge-alive" : "badge badge-crashed"}>{snapshot.alive ? "● alive" : "✕ crashed"}</span>
        <div className="node-actions">
          <button type="button" className="danger" onClick={onCrash} disabled={!snapshot.alive}>
            Crash
          </button>
          <button type="button" onClick={onRestart} disabled={snapshot.alive}>
            Restart
          </button>
        </div>
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{snapshot.alive ? "alive" : "crashed"}</dd>
        <dt>Knows</dt>
        <dd>
          {known.length === 0 ? "nothing yet" : `${formatCount(known.length)} ${known.length === 1 ? "value" : "values"}: ${shown}${more}`}
        </dd>
        <dt>Neighbours</dt>
        <dd>{snapshot.neighbors.length === 0 ? "none" : snapshot.neighbors.join(", ")}</dd>
        <dt>Gossip</dt>
        <dd>
          {snapshot.strategy}, fanout {snapshot.fanout}
          {snapshot.fanout > snapshot.neighbors.length ? ` (it has ${snapshot.neighbors.length} peer${snapshot.neighbors.length === 1 ? "" : "s"}: it tells them all)` : ""}, forward {snapshot.forward ? "on" : "off"}
        </dd>
        <dt>Broadcasts received</dt>
        <dd>{formatCount(counters.broadcastsReceived)}</dd>
        <dt>Messages sent</dt>
        <dd>{formatCount(counters.gossipMessagesSent)}</dd>
        <dt>Messages received</dt>
        <dd>{formatCount(counters.messagesReceived)}</dd>
        <dt>Blocked sends</dt>
        <dd>{formatCount(counters.messagesDropped)}</dd>
      </dl>
      <HowLearned names={names} />
      <h3 className="subhead">In flight</h3>
      {snapshot.inFlight.length === 0 ? (
        <p className="empty">No message to or from it is on its way.</p>
      ) : (
        <ul className="in-flight" aria-label={`Messages to and from ${snapshot.name} in flight`}>
          {snapshot.inFlight.map((m) => (
            <li key={m.sendSeq}>
              <button type="button" className="link" onClick={() => onShowMessage(m.sendSeq)}>
                #{m.sendSeq}
              </button>{" "}
              <code>{m.type}</code> {names[m.src] ?? m.src} → {names[m.dest] ?? m.dest}, arrives {formatSeconds(m.arrivesAtMs)}
            </li>
          ))}
        </ul>
      )}
      <h3 className="subhead">Recent messages</h3>
      {recent.length === 0 ? (
        <p className="empty">None since it was selected.</p>
      ) : (
        <ol className="trace" aria-label={`Recent messages of ${snapshot.name}, newest first`}>
          {recent.map((m, i) => (
            <li key={`${m.t}-${i}-${m.line.length}`} className={m.direction === "in" ? "trace-in" : "trace-out"}>
              <span className="trace-meta">
                <span className="trace-dir">{m.direction === "in" ? "← in" : "→ out"}</span> {formatSeconds(m.t)}
              </span>
              <code>{m.line.length > TRACE_CHARS ? `${m.line.slice(0, TRACE_CHARS)}… (${m.line.length.toLocaleString("en-US")} characters)` : m.line}</code>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** "How n7 learned 1": the chain of first deliveries from the value's origin to the inspected node. */
function HowLearned({ names }: { names: readonly string[] }) {
  const lesson = useUi((s) => s.howLearned);
  const values = useUi((s) => s.metrics?.values);
  const headingId = useId();
  if (!lesson) return null;
  const name = (i: number) => names[i] ?? `n${i + 1}`;
  const value = values?.[lesson.value];
  const valueText = value ? formatValue(value.value) : String(lesson.value + 1);
  const title = `How ${name(lesson.node)} learned ${valueText}`;
  return (
    <>
      <h3 className="subhead" id={headingId}>
        {title}
      </h3>
      {lesson.chain === null ? (
        <p className="empty">
          {name(lesson.node)} does not know {valueText} at this moment.
        </p>
      ) : lesson.chain.length === 0 ? (
        <p className="empty">
          {valueText} was broadcast at {name(lesson.node)} by a client{value ? ` at ${formatSeconds(value.injectedAtMs)}` : ""}.
        </p>
      ) : (
        <ol className="lesson" aria-labelledby={headingId}>
          {lesson.chain.map((hop) => (
            <li key={hop.sendSeq}>
              {name(hop.from)} → {name(hop.node)}: <code>{MESSAGE_TYPES[hop.type] ?? "other"}</code> sent {formatSeconds(hop.sentAtMs)}, arrived {formatSeconds(hop.learnedAtMs)} (round {hop.round})
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
