/**
 * The experiment worker: runs one experiment given as gossip-sim flags with the code gossip-sim runs
 * (src/sim/experiment.ts), posts its progress at most once a frame, then its CSV, JSON and summary.
 */
import { experimentCsv, experimentJson, runExperiment, summaryRows } from "../sim/experiment";
import { experimentFlags, parseExperimentText } from "../sim/experiment-args";
import type { FromExperimentWorker, ToExperimentWorker } from "./experiment-client";

declare const self: DedicatedWorkerGlobalScope;

/** Wall ms between progress messages: about one a frame. */
const PROGRESS_EVERY_MS = 16;

function post(message: FromExperimentWorker): void {
  self.postMessage(message);
}

function run(text: string): void {
  const parsed = parseExperimentText(text);
  if ("error" in parsed) {
    post({ type: "refused", message: parsed.error });
    return;
  }
  const e = parsed.experiment;
  let postedAt = -Infinity;
  const results = runExperiment(e, (done, total) => {
    const now = performance.now();
    if (done === total || now - postedAt >= PROGRESS_EVERY_MS) {
      postedAt = now;
      post({ type: "progress", done, total });
    }
  })!;
  post({
    type: "done",
    flags: experimentFlags(e),
    csv: experimentCsv(e, results),
    json: JSON.stringify(experimentJson(e, results)) + "\n",
    params: e.sweeps.map((s) => s.param),
    rows: summaryRows(results),
  });
}

self.onmessage = (event: MessageEvent<ToExperimentWorker>) => {
  try {
    run(event.data.text);
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
};
