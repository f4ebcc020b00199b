/**
 * The run's seed streams, and what is drawn from them before the first event: shared by the engine
 * and the headless run (../headless.ts), which must draw exactly alike to give the same run.
 */
import type { SimConfig } from "../config";
import { Rng, deriveSeed } from "../rng";

/** Seed streams: the network's generator, the topology's, the timers', and one per node (node i: NODE_STREAM + i). */
export const NETWORK_STREAM = 0;
export const TOPOLOGY_STREAM = 1;
const JITTER_STREAM = 2;
const NODE_STREAM = 16;

/** The seed of node `i`'s generator in its `incarnation` (restarts so far). */
export function nodeSeed(runSeed: number, i: number, incarnation: number): number {
  return deriveSeed(deriveSeed(runSeed, NODE_STREAM + i), incarnation);
}

/** Per node, the fixed offset of its timer after each round in [0, jitter], kept inside the round; null without jitter. */
export function timerOffsets(config: SimConfig): Int32Array | null {
  if (config.jitterMs <= 0) return null;
  const offsets = new Int32Array(config.nodes);
  const jitter = new Rng(deriveSeed(config.seed, JITTER_STREAM));
  const span = Math.min(config.jitterMs, config.gossipIntervalMs - 1);
  for (let i = 0; i < config.nodes; i++) offsets[i] = jitter.int(span + 1);
  return offsets;
}
