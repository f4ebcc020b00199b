/**
 * The page's end of the experiment worker (./experiment.worker.ts): one worker per experiment, ended
 * when it is done or cancelled. Cancel terminates it, so it stops even inside a long trial.
 */
import type { SummaryRow } from "../sim/experiment";

export type ToExperimentWorker = { type: "run"; text: string };

export interface ExperimentOutcome {
  /** The experiment as gossip-sim flags, as it ran. */
  flags: string;
  /** What `gossip-sim <flags> --csv` and `--json` print, byte for byte. */
  csv: string;
  json: string;
  /** The swept parameters' flag names, one per sweep (none without a sweep). */
  params: string[];
  rows: SummaryRow[];
}

export type FromExperimentWorker =
  | { type: "progress"; done: number; total: number }
  | ({ type: "done" } & ExperimentOutcome)
  /** Bad flags: gossip-sim's one line (after "gossip-sim: "); nothing ran. */
  | { type: "refused"; message: string }
  | { type: "failed"; message: string };

export interface ExperimentHandlers {
  progress(done: number, total: number): void;
  done(outcome: ExperimentOutcome): void;
  /** Refused flags, or a worker that failed; the experiment is over. */
  failed(message: string): void;
}

export interface ExperimentRun {
  cancel(): void;
}

/** Runs the experiment `text` (gossip-sim flags) in a new worker. */
export function startExperiment(text: string, on: ExperimentHandlers): ExperimentRun {
  const worker = new Worker(new URL("./experiment.worker.ts", import.meta.url), { type: "module", name: "gossipscope-experiment" });
  const end = () => worker.terminate();
  worker.onmessage = (event: MessageEvent<FromExperimentWorker>) => {
    const m = event.data;
    switch (m.type) {
      case "progress":
        on.progress(m.done, m.total);
        break;
      case "done": {
        end();
        const { type: _, ...outcome } = m;
        on.done(outcome);
        break;
      }
      case "refused":
      case "failed":
        end();
        on.failed(m.message);
        break;
    }
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    end();
    on.failed(event.message || "the experiment worker could not start");
  };
  const message: ToExperimentWorker = { type: "run", text };
  worker.postMessage(message);
  return { cancel: end };
}
