/**
 * Faults you can draw: pick nodes on the graph and "Cut off" the pick into a group of its own, or
 * write groups the way Maelstrom prints them in "Partition" and "Apply partition"; "Heal" joins
 * everything again. Every one is a command of the run, so links and replays keep it.
 */
import { useId, useState } from "react";
import { useController } from "../context";
import { useUi } from "../store";

export function FaultsPanel() {
  const controller = useController();
  const marked = useUi((s) => s.marked);
  const names = useUi((s) => s.nodeNames);
  const partition = useUi((s) => s.partition);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  function apply(): void {
    const problem = controller.applyPartition(text);
    setError(problem);
  }

  return (
    <fieldset className="faults">
      <legend>Partition</legend>
      <p className="fieldset-note" aria-live="polite">
        {partition ? `In force: ${partition} | the rest` : "No partition: every node can reach every other."}
      </p>
      <div className="field">
        <label htmlFor={inputId}>Partition</label>
        <div className="field-input">
          <input
            id={inputId}
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="n1 n2 n3 | n4 n5"
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={[hintId, error ? errorId : ""].filter(Boolean).join(" ")}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") apply();
            }}
          />
          <span id={hintId} className="field-hint">
            groups split by |; nodes not listed form one more group
          </span>
        </div>
        {error ? (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button type="button" onClick={apply} disabled={text.trim() === ""}>
          Apply partition
        </button>
        <button type="button" onClick={() => controller.heal()} disabled={partition === ""}>
          Heal
        </button>
      </div>
      <div className="button-row">
        <button type="button" onClick={() => controller.cutOff()} disabled={marked.length === 0}>
          Cut off
        </button>
        <span className="field-hint">
          {marked.length === 0
            ? "Shift+click or Shift+drag on the graph to pick nodes."
            : `Picked: ${marked
                .slice(0, 12)
                .map((i) => names[i] ?? `n${i + 1}`)
                .join(" ")}${marked.length > 12 ? ` and ${marked.length - 12} more` : ""}`}
        </span>
        {marked.length > 0 ? (
          <button type="button" className="link" onClick={() => controller.mark([])}>
            Clear pick
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}
