/** A message in flight, clicked on the graph: its JSON, where it goes, and "Drop this message". */
import { useId } from "react";
import { useController } from "../context";
import { formatSeconds } from "../format";
import { useUi } from "../store";

export function MessagePanel() {
  const controller = useController();
  const message = useUi((s) => s.message);
  const names = useUi((s) => s.nodeNames);
  const playing = useUi((s) => s.playing);
  const headingId = useId();
  if (!message) return null;
  const info = message.info;
  const name = (i: number) => names[i] ?? `n${i + 1}`;
  return (
    <section className="panel message-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Message #{message.sendSeq}</h2>
      {info ? (
        <>
          <p>
            {name(info.src)} → {name(info.dest)}, sent at {formatSeconds(info.sentAtMs)}, arrives at {formatSeconds(info.arrivesAtMs)}.
          </p>
          <pre className="message-json">
            <code>{JSON.stringify(JSON.parse(info.line), null, 1)}</code>
          </pre>
          <div className="button-row">
            <button type="button" className="danger" onClick={() => controller.dropMessage(message.sendSeq)}>
              Drop this message
            </button>
            <button type="button" className="link" onClick={() => controller.inspectMessage(null)}>
              Close
            </button>
          </div>
          {playing ? <p className="note">Pause to catch a message where it is.</p> : null}
        </>
      ) : (
        <>
          <p className="empty">Not in flight at this moment: it has arrived or was lost.</p>
          <button type="button" className="link" onClick={() => controller.inspectMessage(null)}>
            Close
          </button>
        </>
      )}
    </section>
  );
}
