/** Wire types of the node protocol (../shared/PROTOCOL.md, binding). */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A message body: `type`, plus `msg_id` for a request that wants a reply, `in_reply_to` for a reply. */
export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [field: string]: unknown;
}

/** One message: one JSON object on one line. */
export interface Message {
  src: string;
  dest: string;
  body: Body;
}

export type Strategy = "push" | "push-pull" | "digest";
export const STRATEGIES: readonly Strategy[] = ["push", "push-pull", "digest"];

/** Maelstrom error codes used by the node. */
export const ErrorCode = {
  NotSupported: 10,
  TemporarilyUnavailable: 11,
  MalformedRequest: 12,
  Crash: 13,
  Abort: 14,
} as const;

export interface NodeOptions {
  /** Seed of the node's own generator: peer choice replays exactly from it. Default: derived from the node id at init. */
  seed?: number;
  fanout?: number; // default 2
  gossipIntervalMs?: number; // default 200
  strategy?: Strategy; // default "push"
  forward?: boolean; // default true
}

export interface NodeCounters {
  /** Broadcasts whose src is not in nodeIds (client broadcasts). */
  broadcastsReceived: number;
  /** Messages emitted to other nodes (dest in nodeIds). */
  gossipMessagesSent: number;
  /** Messages not emitted because dest was in `blocked`. */
  messagesDropped: number;
  /** Valid envelopes handled. */
  messagesReceived: number;
}

/**
 * One protocol state machine. Pure: no clock, no I/O. The host (the simulation engine, or the
 * command-line node) feeds it inputs and a timer, and carries what it emits.
 */
export interface GossipNode {
  /**
   * Handles one input, already parsed from JSON but not validated (any value at all).
   * Returns what the node emits for it, in order. Never throws. Never mutates `input` or
   * anything reachable from it, so the host may deliver one object to many nodes.
   * `problem` is set (and nothing is emitted) when the input is not a valid envelope: the host logs it.
   */
  handle(input: unknown): { out: Message[]; problem?: string };
  /** The gossip timer fired: run one round with no reply. */
  tick(): Message[];

  readonly nodeId: string | null;
  readonly nodeIds: readonly string[];
  /** null until a topology arrives. */
  readonly neighbors: readonly string[] | null;
  readonly fanout: number;
  readonly gossipIntervalMs: number;
  readonly strategy: Strategy;
  readonly forward: boolean;
  readonly counters: Readonly<NodeCounters>;
  /** Number of distinct values known. */
  knownCount(): number;
  /** Known values in the protocol's sorted order. The array may be shared: do not mutate it. */
  knownValues(): readonly Json[];
  /** Whether a value with this canonical JSON is known. */
  knowsKey(canonicalKey: string): boolean;
  /** Called once for every value the node learns, with its canonical JSON; set by the host. */
  onLearn: ((canonicalKey: string, value: Json) => void) | null;
}
