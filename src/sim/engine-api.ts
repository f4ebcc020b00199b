/**
 * The engine's public surface: what the worker, the CLI and the tests drive. The implementation is
 * `createEngine` in ./engine.ts.
 */
import type { SimConfig, GossipMode, LatencyDist } from "./config";
import type { DropReason, Journal, JournalBatch } from "./journal";
import type { Json, Message, NodeCounters } from "./protocol";

/** Commands change a run from the current model time on; each is journaled (RecordKind.Control). */
export type Command =
  /** A client broadcast to `node` (index). `value` defaults to the next integer 1, 2, 3, ... */
  | { type: "inject"; node: number; value?: Json; client?: string }
  /** A client read at `node`. `client` defaults to "c1" (c0 is the controller that sends init, topology and configure). */
  | { type: "read"; node: number; client?: string }
  | { type: "setDropRate"; dropRate: number }
  /** Loss probability of one link (both directions); null returns the link to the global rate. */
  | { type: "setLinkDropRate"; a: number; b: number; dropRate: number | null }
  | { type: "setLatency"; latencyMs: number; latencyDist?: LatencyDist }
  /** Sent to every live node as a protocol `configure` message from client c0; `gossip: "off"` stops the rounds. */
  | { type: "configure"; fanout?: number; gossip?: GossipMode; forward?: boolean; gossipIntervalMs?: number }
  | { type: "crash"; node: number }
  | { type: "restart"; node: number }
  /** Node groups that cannot reach each other; nodes in no group form one more group. */
  | { type: "partition"; groups: number[][] }
  | { type: "heal" }
  /** The message whose Send record is `sendSeq`, still in flight, is lost now (DropReason.Dropped). */
  | { type: "dropMessage"; sendSeq: number };

export type CommandType = Command["type"];

export interface ControlEvent {
  t: number;
  command: Command;
  /** Human-readable summary, e.g. "drop rate 0 -> 0.3". */
  text: string;
}

/** What the run knows about one injected value. */
export interface ValueState {
  index: number;
  value: Json;
  /** Canonical JSON of the value. */
  key: string;
  origin: number;
  injectedAtMs: number;
  /** Rounds fired before the injection; the value's round r is global round injectedRound + r. */
  injectedRound: number;
  /** Live nodes that know it now. */
  knownBy: number;
  /** First time every live node knew it, or null. */
  fullAtMs: number | null;
  /** Rounds it took to reach every live node (see the engine doc), or null. */
  rounds: number | null;
  /** Messages (node to node) the run sent from its injection until every live node knew it; null until then. */
  msgsToAll: number | null;
  /** Bytes those messages took (on the wire when the engine measures it, else payload); null until then. */
  bytesToAll: number | null;
  /** Relative message redundancy once it reached everyone: msgsToAll / (live nodes - 1) - 1; null until then. */
  redundancy: number | null;
  /**
   * Its curve: byRound[r] is the number of live nodes that learned it in its round r or earlier (see
   * src/sim/engine/coverage.ts); it reaches `knownBy` at its last entry. Filled in by metrics(); empty
   * in values().
   */
  byRound: number[];
}

export interface StableLatency {
  "0": number;
  "0.5": number;
  "0.95": number;
  "0.99": number;
  "1": number;
}

export interface RunMetrics {
  nowMs: number;
  round: number;
  liveNodes: number;
  /** Server-to-server messages sent, by protocol type. */
  messagesByType: Record<string, number>;
  /** Server-to-server messages sent (including those the network lost). */
  serverMessages: number;
  /** Messages between clients and nodes, both ways. */
  clientMessages: number;
  delivered: number;
  dropped: number;
  /** Server-to-server messages still on their way: serverMessages = delivered + dropped + inFlight. */
  inFlight: number;
  droppedByReason: { loss: number; partition: number; crashed: number; dropped: number };
  /** Client operations (broadcasts and reads). */
  clientOps: number;
  /** Maelstrom's msgs-per-op: server-to-server messages per client operation (0 with no ops). */
  msgsPerOp: number;
  /** Delivered value-carrying server messages that taught the receiver nothing. */
  redundantDeliveries: number;
  /** Values carried in server-to-server payloads, and their bytes. */
  payloadValues: number;
  payloadBytes: number;
  /** Server-to-server bytes on the wire (each message's JSON), or null when not measured (EngineOptions.wireBytes). */
  wireBytes: number | null;
  /** Over values known everywhere: ms from injection until every live node knew it. null when none. */
  stableLatencyMs: StableLatency | null;
  values: readonly ValueState[];
}

export interface NodeSnapshot {
  index: number;
  name: string;
  alive: boolean;
  neighbors: readonly string[];
  known: readonly Json[];
  counters: NodeCounters;
  fanout: number;
  strategy: string;
  forward: boolean;
  /** Recent protocol messages to or from the node, oldest first, as Maelstrom JSON lines. */
  recent: readonly { t: number; direction: "in" | "out"; line: string }[];
  /** Messages between it and other nodes in flight now, soonest to arrive first (at most INSPECT_IN_FLIGHT). */
  inFlight: readonly { sendSeq: number; src: number; dest: number; type: string; arrivesAtMs: number }[];
}

/** Messages in flight an inspected node lists at most. */
export const INSPECT_IN_FLIGHT = 12;

/** Told of every message of a run and of its fate (the message log export). */
export interface MessageObserver {
  /** `msg` left at `tMs`; it arrives at `arrivesAtMs` unless `reason` says the network loses it. */
  sent(sendSeq: number, msg: Message, tMs: number, arrivesAtMs: number, reason: DropReason): void;
  /** The message of `sendSeq` was delivered (reason None) or lost at `tMs`. */
  settled(sendSeq: number, tMs: number, reason: DropReason): void;
}

/** How a node learned a value: the delivery that first brought it. */
export interface LearnedFrom {
  node: number;
  /** The sender: a node index, or a client endpoint (< 0) when the node is where it was injected. */
  from: number;
  sendSeq: number;
  sentAtMs: number;
  learnedAtMs: number;
  /** MESSAGE_TYPES code of the message. */
  type: number;
  /** The round (since the value's injection) it learned it in. */
  round: number;
}

/** A message in flight, for the page's message inspector. */
export interface InFlightMessage {
  /** The message as Maelstrom JSON. */
  line: string;
  src: number;
  dest: number;
  sentAtMs: number;
  arrivesAtMs: number;
}

/** Node-to-node messages in flight, as parallel arrays (transferable): what a view draws after a seek. */
export interface PendingMessages {
  src: Int32Array;
  dest: Int32Array;
  sentAt: Float64Array;
  arrivesAt: Float64Array;
  /** Message type code (MESSAGE_TYPES). */
  type: Uint8Array;
  sendSeq: Float64Array;
  /** DropReason it will be lost for on arrival (Crashed: its receiver crashed meanwhile), else 0. */
  reason: Uint8Array;
}

export interface Engine {
  /** Current settings, live changes included. */
  readonly config: Readonly<SimConfig>;
  readonly nodeNames: readonly string[];
  /** Topology edges as index pairs [a0, b0, a1, b1, ...], a < b. */
  readonly edges: Uint32Array;
  readonly nowMs: number;
  /** Gossip rounds fired so far (global round number). */
  readonly round: number;
  /** Model time of the next gossip round. */
  nextRoundAtMs(): number;
  /** Runs every event with time <= tMs in order, then sets nowMs = tMs (never backwards). */
  advanceTo(tMs: number): void;
  /** Time of the next pending event, or null. */
  nextEventAtMs(): number | null;
  /** Applies a command now. Throws RangeError naming the problem for a bad one; the run is unchanged then. */
  apply(command: Command): void;
  /** The seq the next journal record will take. */
  readonly journalEnd: number;
  readJournal(cursor: number, max?: number): JournalBatch;
  readonly controlLog: readonly ControlEvent[];
  metrics(): RunMetrics;
  values(): readonly ValueState[];
  /** True when at least one value was injected and every one is known by every live node. */
  converged(): boolean;
  isAlive(node: number): boolean;
  knownCount(node: number): number;
  knows(node: number, valueIndex: number): boolean;
  /** Snapshot of one node for an inspector. Starts recording the node's recent messages if it was not. */
  inspect(node: number): NodeSnapshot;
  /** Partition group per node (0: in no listed group), or null when not partitioned. */
  partitionGroups(): Int32Array | null;
  /**
   * How `node` learned value `valueIndex`: the chain of first deliveries from the value's origin to
   * the node, origin first (one hop per message; the injection is not a hop). Null when the node does
   * not know it, or the engine does not record learning (EngineOptions.recordLearning).
   */
  howLearned(node: number, valueIndex: number): LearnedFrom[] | null;
  /** For value `valueIndex`, the delivery that taught each node (null where a node does not know it). Null when not recorded. */
  spreadTree(valueIndex: number): (LearnedFrom | null)[] | null;
  /** Per node, the round (since injection) it learned value `valueIndex` in, -1 where it does not know it. */
  roundsLearned(valueIndex: number): Int32Array | null;
  /** Every node-to-node message in flight. */
  pendingMessages(): PendingMessages;
  /** The message of Send record `sendSeq` if it is still in flight, else null. */
  inFlight(sendSeq: number): InFlightMessage | null;
  /** How many node-to-node messages are in flight (RunMetrics.inFlight, without building the metrics). */
  inFlightCount(): number;
  /**
   * About how many bytes copy() allocates (its nodes, what they know, who knows what): what a
   * timeline budgets its checkpoints by. An estimate, measured by `npm run bench`.
   */
  copyBytes(): number;
  /**
   * A deep copy of the run as it is now (a checkpoint), appending its records to `journal` (and
   * telling `observer`, if given, of its messages from then on). The
   * copy's next record takes this run's `journalEnd`: rewind the journal there before running it.
   */
  copy(journal: Journal, observer?: MessageObserver): Engine;
}

/**
 * What a headless trial drives and reads (src/sim/run.ts): an Engine, or a headless run
 * (src/sim/headless.ts), which gives the same answers faster when nobody watches the messages.
 */
export type TrialEngine = Pick<Engine, "config" | "nowMs" | "round" | "nextRoundAtMs" | "advanceTo" | "apply" | "isAlive" | "converged" | "metrics">;
