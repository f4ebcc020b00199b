/**
 * The run as a file: "Export run" saves its script (JSON, versioned), "Import run" opens one (or drop
 * a file anywhere on the page), "Export message log" saves every message as Maelstrom JSON lines with
 * its times.
 */
import { useId, useRef } from "react";
import { useController } from "../context";
import { useUi } from "../store";

export function RunFiles() {
  const controller = useController();
  const hasRun = useUi((s) => s.script !== null);
  const failed = useUi((s) => s.failure !== null);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <fieldset className="run-files">
      <legend>Keep the run</legend>
      <p className="fieldset-note">The link in the address bar replays this run; so does a file.</p>
      <div className="button-row">
        <button type="button" onClick={() => controller.exportRun()} disabled={!hasRun}>
          Export run
        </button>
        <label htmlFor={inputId} className="button-like">
          Import run
        </label>
        <input
          id={inputId}
          ref={input}
          className="visually-hidden"
          type="file"
          accept=".json,application/json"
          disabled={failed}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void controller.importRun(file);
            // The same file may be chosen again after a fix.
            if (input.current) input.current.value = "";
          }}
        />
      </div>
      <div className="button-row">
        <button type="button" onClick={() => controller.exportMessageLog()} disabled={!hasRun || failed}>
          Export message log
        </button>
      </div>
    </fieldset>
  );
}
