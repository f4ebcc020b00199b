/**
 * The gossip node: one protocol state machine (PROTOCOL.md, binding). Pure and synchronous: the
 * host (the engine, or bin/gossip-node) feeds it inputs and timer ticks and carries what it emits.
 *
 * Cost model. The engine hosts up to 100,000 of these and calls handle()/tick() about a million
 * times a second, so:
 * - a node is one class instance (methods live on the prototype): an idle initialised node is
 *   about 250 bytes of its own (measured at 100,000 nodes), the rest shared;
 * - arrays the host hands to many nodes (node_ids, a topology entry) are kept by reference, and
 *   what is derived from them (the name -> index Map) is cached per array object in a WeakMap;
 * - the known values (node/known-set.ts) and peer choice (node/peers.ts) are free functions over
 *   fields of the node, not objects of their own: a second object per node costs a cache miss.
 *   A sorted snapshot of the known values is shared, never copied, by every message of a round.
 */
import { ErrorCode, STRATEGIES } from "./protocol";
import type { Body, GossipNode, Json, Message, NodeCounters, NodeOptions, Strategy } from "./protocol";
import { copyKnownSet, digest, EMPTY, hasKey, keysOf, lacking, learn, merge, snapshot, type KnownSet } from "./node/known-set";
import { gossipPeers, idIndexOf, neighborsFrom, peersAreNodes, pushPeersWithoutTopology, SHORT_LIST, skipGossipPeers, type PeerChoice } from "./node/peers";
import { Rng } from "./rng";
import { canonicalJson, fnv1a32, isJsonValue } from "./values";

export const DEFAULT_FANOUT = 2;
export const DEFAULT_GOSSIP_INTERVAL_MS = 200;
export const DEFAULT_STRATEGY: Strategy = "push";

/** What handle() returns: the emitted messages, and why nothing was emitted for an invalid envelope. */
export interface HandleResult {
  out: Message[];
  problem?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return false;
  return true;
}

/**
 * Topology entries found to be lists of names. A host hands every trial the same entry arrays, and
 * nobody mutates a received body (Fields is read-only), so a long entry is checked once, not in
 * every run. A short one (below SHORT_LIST) is checked again: that costs less than its entry here,
 * which at 1,000,000 nodes of degree 6 was a million entries.
 */
const nameLists = new WeakSet<readonly unknown[]>();

function isNameList(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  if (v.length < SHORT_LIST) return isStringArray(v);
  if (nameLists.has(v)) return true;
  if (!isStringArray(v)) return false;
  nameLists.add(v);
  return true;
}

const isFanout = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isIntervalMs = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isStrategy = (v: unknown): v is Strategy => (STRATEGIES as readonly unknown[]).includes(v);

/**
 * Why NodeOptions are unusable, or null when they are fine. gossipIntervalMs may be 0 here (the
 * host runs no timer); over the wire (`configure`) it must be > 0.
 */
export function nodeOptionsProblem(options: NodeOptions): string | null {
  const { seed, fanout, gossipIntervalMs, strategy, forward } = options;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0 && seed <= 0xffffffff)) return `seed must be an integer from 0 to 4294967295, got ${String(seed)}`;
  if (fanout !== undefined && !isFanout(fanout)) return `fanout must be an integer >= 0, got ${String(fanout)}`;
  if (gossipIntervalMs !== undefined && !(gossipIntervalMs === 0 || isIntervalMs(gossipIntervalMs))) return `gossipIntervalMs must be an integer >= 0, got ${String(gossipIntervalMs)}`;
  if (strategy !== undefined && !isStrategy(strategy)) return `strategy must be one of ${STRATEGIES.join(", ")}, got ${String(strategy)}`;
  if (forward !== undefined && typeof forward !== "boolean") return `forward must be a boolean, got ${String(forward)}`;
  return null;
}

/**
 * A node with the allocation-free entry points a simulation host uses: the same behaviour as
 * handle() and tick(), but the node appends what it emits to the host's array, so a host that
 * consumes `out` before calling the node again can reuse one array for every delivery.
 */
export interface HostedNode extends GossipNode {
  /**
   * handle(), appending to `out`; returns the problem (undefined for a valid envelope). Never throws.
   * `srcIsNode`: the host vouches that input.src is in the node_ids it sent in init (a message
   * from another node), which spares a lookup per reply. Passing true for any other src miscounts.
   */
  handleInto(input: unknown, out: Message[], srcIsNode?: boolean): string | undefined;
  /** tick(), appending to `out`. */
  tickInto(out: Message[]): void;
  /** An independent node in the same state (a checkpoint of a run); onLearn is not copied. */
  copy(): HostedNode;
}

/** Creates a node. Throws a RangeError for unusable options (a host bug); handle() and tick() never throw. */
export function createNode(options: NodeOptions = {}): HostedNode {
  const problem = nodeOptionsProblem(options);
  if (problem !== null) throw new RangeError(`createNode: ${problem}`);
  return new ProtocolNode(options);
}

/**
 * The request being dispatched, reused: a delivery allocates no Request. A dispatch that starts
 * while another runs (a host whose onLearn feeds a node synchronously) gets a fresh object, so the
 * outer one is never overwritten. `requestsInUse` counts the dispatches running.
 */
const sharedRequest: Request = { src: "", me: "", msgId: undefined, srcIsNode: false };
let requestsInUse = 0;

/**
 * The node is its own peer-choice generator (it extends Rng): the generator's state is a field of
 * the node rather than an object of its own, which costs a cache miss every round at 100,000 nodes.
 * For the same reason the fields that peer choice (PeerChoice) and the known values (KnownSet)
 * work on are fields of the node, handed to the free functions of node/peers.ts and
 * node/known-set.ts; they are public only to those (createNode returns a HostedNode).
 */
class ProtocolNode extends Rng implements HostedNode, PeerChoice, KnownSet {
  nodeId: string | null = null;
  nodeIds: readonly string[] = EMPTY;
  /** Name -> index of nodeIds (shared per node_ids array). */
  idIndex: ReadonlyMap<string, number> | null = null;
  /** Index of nodeId in nodeIds, -1 when it is not there. */
  selfIndex = -1;
  /** Never contains nodeId. Often the host's own array, shared by reference. */
  neighbors: readonly string[] | null = null;
  /** Whether every neighbour is in nodeIds (a topology may name others); null until first needed. */
  neighborsInIds: boolean | null = null;
  fanout: number;
  gossipIntervalMs: number;
  strategy: Strategy;
  forward: boolean;
  /** Destinations whose messages are dropped; null when empty (most nodes, always). */
  private blocked: Set<string> | null = null;
  /** Whether the generator is seeded: at construction from options.seed, else at init from the node id. */
  private seeded: boolean;
  private nextMsgId = 0;
  /**
   * The counters live in fields of the node, not in an object of their own: every delivery bumps
   * one, and a second object per node would cost a cache miss each time (and memory at 100,000 nodes).
   */
  private broadcastsReceived = 0;
  private gossipMessagesSent = 0;
  private messagesDropped = 0;
  private messagesReceived = 0;

  /** The known values (KnownSet in node/known-set.ts says what each field holds). */
  knownSize = 0;
  sortedValues: readonly Json[] = EMPTY;
  sortedKeys: readonly string[] = EMPTY;
  pending: Map<string, Json> | null = null;
  digestHex: string | null = null;

  onLearn: ((canonicalKey: string, value: Json) => void) | null = null;

  constructor(options: NodeOptions) {
    super(options.seed ?? 0);
    this.seeded = options.seed !== undefined;
    this.fanout = options.fanout ?? DEFAULT_FANOUT;
    this.gossipIntervalMs = options.gossipIntervalMs ?? DEFAULT_GOSSIP_INTERVAL_MS;
    this.strategy = options.strategy ?? DEFAULT_STRATEGY;
    this.forward = options.forward ?? true;
  }

  knownCount(): number {
    return this.knownSize;
  }

  knowsKey(canonicalKey: string): boolean {
    return hasKey(this, canonicalKey);
  }

  knownValues(): readonly Json[] {
    return snapshot(this);
  }

  /** A fresh copy on every read. */
  get counters(): NodeCounters {
    return {
      broadcastsReceived: this.broadcastsReceived,
      gossipMessagesSent: this.gossipMessagesSent,
      messagesDropped: this.messagesDropped,
      messagesReceived: this.messagesReceived,
    };
  }

  handle(input: unknown): HandleResult {
    const out: Message[] = [];
    return { out, problem: this.handleInto(input, out) };
  }

  handleInto(input: unknown, out: Message[], srcIsNode = false): string | undefined {
    requestsInUse++;
    try {
      return this.dispatch(input, out, srcIsNode);
    } catch (e) {
      // Unreachable for JSON input (the fuzz test holds it to that); a throwing onLearn or a hostile
      // object (a getter that throws) must still not take the host down. What was emitted stands.
      return `internal error: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      requestsInUse--;
    }
  }

  tick(): Message[] {
    const out: Message[] = [];
    this.tickInto(out);
    return out;
  }

  tickInto(out: Message[]): void {
    if (this.nodeId !== null) this.round(out, null);
  }

  copy(): HostedNode {
    // Built through the constructor, then every field set in declaration order, so the copy has
    // the same hidden class as any other node (Object.assign onto a bare object would not).
    const c = new ProtocolNode({ fanout: this.fanout, gossipIntervalMs: this.gossipIntervalMs, strategy: this.strategy, forward: this.forward });
    c.state = this.state;
    c.nodeId = this.nodeId;
    c.nodeIds = this.nodeIds;
    c.idIndex = this.idIndex;
    c.selfIndex = this.selfIndex;
    c.neighbors = this.neighbors;
    c.neighborsInIds = this.neighborsInIds;
    c.blocked = this.blocked === null ? null : new Set(this.blocked);
    c.seeded = this.seeded;
    c.nextMsgId = this.nextMsgId;
    c.broadcastsReceived = this.broadcastsReceived;
    c.gossipMessagesSent = this.gossipMessagesSent;
    c.messagesDropped = this.messagesDropped;
    c.messagesReceived = this.messagesReceived;
    // The known values, in their declaration order; onLearn (the host's) is not copied.
    copyKnownSet(c, this);
    return c;
  }

  // ---- dispatch (PROTOCOL.md section 4) -----------------------------------------------------

  /** Handles one input; returns a problem for an invalid envelope (then nothing is emitted). */
  private dispatch(input: unknown, out: Message[], srcIsNode: boolean): string | undefined {
    if (!isRecord(input)) return "not a message: expected a JSON object {src, dest, body}";
    const src = input.src;
    const dest = input.dest;
    const body = input.body;
    if (typeof src !== "string" || src === "") return "not a message: src must be a non-empty string";
    if (typeof dest !== "string" || dest === "") return "not a message: dest must be a non-empty string";
    if (!isRecord(body)) return "not a message: body must be a JSON object";
    const msgId = body.msg_id;
    if (msgId !== undefined && !Number.isSafeInteger(msgId)) return "not a message: body.msg_id must be an integer";
    const inReplyTo = body.in_reply_to;
    if (inReplyTo !== undefined && !Number.isSafeInteger(inReplyTo)) return "not a message: body.in_reply_to must be an integer";
    this.messagesReceived++;

    if (inReplyTo !== undefined) {
      this.response(src, body, out);
      return undefined;
    }
    let req: Request;
    if (requestsInUse === 1) {
      req = sharedRequest;
      req.src = src;
      req.me = this.nodeId ?? dest;
      req.msgId = msgId as number | undefined;
      req.srcIsNode = srcIsNode;
    } else req = { src, me: this.nodeId ?? dest, msgId: msgId as number | undefined, srcIsNode };
    const type = body.type;
    if (typeof type !== "string") return this.error(out, req, ErrorCode.MalformedRequest, "body.type must be a string");
    if (this.nodeId === null && type !== "init") return this.error(out, req, ErrorCode.TemporarilyUnavailable, "node not initialized");
    if (this.nodeId !== null && dest !== this.nodeId) return undefined;

    switch (type) {
      case "init":
        return this.init(out, req, body);
      case "topology":
        return this.topology(out, req, body);
      case "broadcast":
        return this.broadcast(out, req, body);
      case "read":
        return this.reply(out, req, { type: "read_ok", messages: this.knownValues() });
      case "gossip_round":
        this.round(out, req);
        return undefined;
      case "gossip_sync":
        return this.gossipSync(out, req, body);
      case "configure":
        return this.configure(out, req, body);
      case "gossip_stats": {
        const { broadcastsReceived, gossipMessagesSent } = this;
        return this.reply(out, req, {
          type: "gossip_stats_ok",
          broadcasts_received: broadcastsReceived,
          gossip_messages_sent: gossipMessagesSent,
          messages_per_op: broadcastsReceived === 0 ? 0 : gossipMessagesSent / broadcastsReceived,
          unique_messages: this.knownCount(),
        });
      }
      case "digest":
        return this.reply(out, req, { type: "digest_ok", digest: digest(this), count: this.knownCount() });
      case "digest_sync":
        return this.digestSync(out, req, body);
      case "tree_info":
        return this.reply(out, req, { type: "tree_info_ok", neighbors: this.neighbors ?? EMPTY, message_count: this.knownCount() });
      case "partition": {
        const blocked = body.blocked;
        if (!isStringArray(blocked)) return this.error(out, req, ErrorCode.MalformedRequest, "partition needs blocked (an array of node ids)");
        this.blocked = blocked.length === 0 ? null : new Set(blocked);
        return this.reply(out, req, { type: "partition_ok" });
      }
      case "heal":
        this.blocked = null;
        return this.reply(out, req, { type: "heal_ok" });
      case "partition_status": {
        const blocked = this.blocked === null ? [] : [...this.blocked].sort();
        return this.reply(out, req, {
          type: "partition_status_ok",
          blocked,
          is_partitioned: blocked.length > 0,
          messages_dropped: this.messagesDropped,
        });
      }
      default:
        return this.error(out, req, ErrorCode.NotSupported, `unsupported message type: ${type}`);
    }
  }

  // ---- requests (PROTOCOL.md section 5) -----------------------------------------------------

  private init(out: Message[], req: Request, body: Fields): undefined {
    const nodeId = body.node_id;
    const ids = body.node_ids;
    if (typeof nodeId !== "string" || nodeId === "") return this.error(out, req, ErrorCode.MalformedRequest, "init needs node_id (a non-empty string)");
    const index = idIndexOf(ids);
    if (index === null) return this.error(out, req, ErrorCode.MalformedRequest, "init needs node_ids (an array of distinct non-empty strings)");
    if (this.nodeId === null) {
      this.nodeId = nodeId;
      this.nodeIds = ids as readonly string[];
      this.idIndex = index;
      this.selfIndex = index.get(nodeId) ?? -1;
      if (!this.seeded) {
        this.state = fnv1a32(nodeId) >>> 0;
        this.seeded = true;
      }
      req.me = nodeId;
    }
    return this.reply(out, req, { type: "init_ok" });
  }

  private topology(out: Message[], req: Request, body: Fields): undefined {
    const topo = body.topology;
    const me = this.nodeId!;
    if (!isRecord(topo)) return this.error(out, req, ErrorCode.MalformedRequest, "topology needs topology (an object: node id -> array of node ids)");
    // Own entry only: validating every entry would cost each of n nodes the whole graph.
    const own = Object.hasOwn(topo, me) ? topo[me] : undefined;
    if (own !== undefined && !isNameList(own)) return this.error(out, req, ErrorCode.MalformedRequest, `topology.${me} must be an array of node ids`);
    this.neighbors = own === undefined || own.length === 0 ? EMPTY : neighborsFrom(own, me);
    this.neighborsInIds = null;
    return this.reply(out, req, { type: "topology_ok" });
  }

  private broadcast(out: Message[], req: Request, body: Fields): undefined {
    const value = body.message;
    if (!isJsonValue(value)) return this.error(out, req, ErrorCode.MalformedRequest, "broadcast needs message (a JSON value)");
    if (!req.srcIsNode && !this.idIndex!.has(req.src)) this.broadcastsReceived++;
    const isNew = learn(this, canonicalJson(value), value);
    this.reply(out, req, { type: "broadcast_ok", in_reply_to: 0, msg_id: 0 });
    if (isNew && this.forward) this.pushTargets(out, req.src, value);
    return undefined;
  }

  private gossipSync(out: Message[], req: Request, body: Fields): undefined {
    const values = body.messages;
    const pull = body.pull;
    const keys = keysOf(values);
    if (keys === null) return this.error(out, req, ErrorCode.MalformedRequest, "gossip_sync needs messages (an array of JSON values)");
    if (pull !== undefined && typeof pull !== "boolean") return this.error(out, req, ErrorCode.MalformedRequest, "gossip_sync pull must be a boolean");
    const newCount = merge(this, values as readonly Json[], keys);
    if (pull !== true) return this.reply(out, req, { type: "gossip_sync_ok", new_count: newCount, in_reply_to: 0, msg_id: 0 });
    return this.reply(out, req, { type: "gossip_sync_ok", new_count: newCount, missing: lacking(this, values as readonly Json[], keys), in_reply_to: 0, msg_id: 0 });
  }

  private configure(out: Message[], req: Request, body: Fields): undefined {
    const { fanout, gossip_interval_ms: intervalMs, strategy, forward } = body;
    const bad = (text: string) => this.error(out, req, ErrorCode.MalformedRequest, text);
    if (fanout !== undefined && !isFanout(fanout)) return bad("configure fanout must be an integer >= 0");
    if (intervalMs !== undefined && !isIntervalMs(intervalMs)) return bad("configure gossip_interval_ms must be an integer > 0");
    if (strategy !== undefined && !isStrategy(strategy)) return bad(`configure strategy must be one of ${STRATEGIES.join(", ")}`);
    if (forward !== undefined && typeof forward !== "boolean") return bad("configure forward must be a boolean");
    if (fanout !== undefined) this.fanout = fanout;
    if (intervalMs !== undefined) this.gossipIntervalMs = intervalMs;
    if (strategy !== undefined) this.strategy = strategy;
    if (forward !== undefined) this.forward = forward;
    return this.reply(out, req, { type: "configure_ok" });
  }

  private digestSync(out: Message[], req: Request, body: Fields): undefined {
    const remoteDigest = body.remote_digest;
    const remote = body.remote_messages;
    if (typeof remoteDigest !== "string") return this.error(out, req, ErrorCode.MalformedRequest, "digest_sync needs remote_digest (a string)");
    const keys = remote === null ? EMPTY : keysOf(remote);
    if (keys === null) return this.error(out, req, ErrorCode.MalformedRequest, "digest_sync needs remote_messages (an array of JSON values, or null)");
    if (remoteDigest === digest(this)) return this.reply(out, req, { type: "digest_sync_ok", match: true, transferred: 0, in_reply_to: 0, msg_id: 0 });
    const transferred = remote === null ? 0 : merge(this, remote as readonly Json[], keys);
    return this.reply(out, req, { type: "digest_sync_ok", match: false, transferred, local_messages: this.knownValues(), in_reply_to: 0, msg_id: 0 });
  }

  /** A response (`in_reply_to` set): never answered; merges what it carries (section 4, step 2). */
  private response(src: string, body: Fields, out: Message[]): void {
    if (body.type === "gossip_sync_ok") {
      // The `missing` of a push-pull reply.
      const keys = keysOf(body.missing);
      if (keys !== null) merge(this, body.missing as readonly Json[], keys);
    } else if (body.type === "digest_sync_ok" && body.match === false) {
      const theirs = body.local_messages;
      const keys = keysOf(theirs);
      if (keys === null) return;
      merge(this, theirs as readonly Json[], keys);
      // Only an initialised node can have asked, and only it has a name to send from.
      if (this.nodeId === null) return;
      const theyLack = lacking(this, theirs as readonly Json[], keys);
      if (theyLack.length > 0) this.send(out, this.nodeId, src, { type: "gossip_sync", messages: theyLack, msg_id: 0 });
    }
  }

  // ---- rounds (PROTOCOL.md section 6; who the peers are is node/peers.ts) -------------------

  /** One gossip round; replies to `req` first when it is a request (gossip_round), not for a tick. */
  private round(out: Message[], req: Request | null): void {
    const count = this.knownCount();
    const strategy = this.strategy;
    if (strategy === "push" && count === 0) {
      // Nothing to send, so the peers' names are not needed: skip the draw's allocations, but
      // advance the generator as the draw would, so that later rounds pick the same peers.
      const contacted = skipGossipPeers(this);
      if (req !== null) this.reply(out, req, { type: "gossip_round_ok", peers_contacted: contacted, messages_sent: 0 });
      return;
    }
    const peers = gossipPeers(this);
    const me = this.nodeId!;
    if (req !== null) {
      const messagesSent = strategy === "digest" || peers.length === 0 ? 0 : count;
      this.reply(out, req, { type: "gossip_round_ok", peers_contacted: peers.length, messages_sent: messagesSent });
    }
    if (peers.length === 0) return;
    // true: count without a lookup; undefined: send() looks each peer up.
    const toNodes = peersAreNodes(this) ? true : undefined;
    if (strategy === "digest") {
      const remoteDigest = digest(this);
      for (const peer of peers) this.send(out, me, peer, { type: "digest_sync", remote_digest: remoteDigest, remote_messages: null, msg_id: 0 }, toNodes);
    } else if (strategy === "push-pull") {
      const messages = this.knownValues();
      for (const peer of peers) this.send(out, me, peer, { type: "gossip_sync", messages, pull: true, msg_id: 0 }, toNodes);
    } else {
      const messages = this.knownValues();
      for (const peer of peers) this.send(out, me, peer, { type: "gossip_sync", messages, msg_id: 0 }, toNodes);
    }
  }

  /** Forwards a newly learned client value to the push targets of `src`: the neighbours but `src`, or a draw. */
  private pushTargets(out: Message[], src: string, value: Json): void {
    const me = this.nodeId!;
    const neighbors = this.neighbors;
    if (neighbors !== null) {
      for (const peer of neighbors) if (peer !== src) this.send(out, me, peer, { type: "broadcast", message: value, msg_id: 0 });
      return;
    }
    for (const peer of pushPeersWithoutTopology(this, src)) {
      this.send(out, me, peer, { type: "broadcast", message: value, msg_id: 0 });
    }
  }

  // ---- emitting (PROTOCOL.md section 3) -----------------------------------------------------

  /**
   * Emits `body` from `src` to `dest` with the next msg_id, unless `dest` is blocked. Hot bodies are
   * created with placeholder `in_reply_to: 0, msg_id: 0` keys (in the wire order: type, payload,
   * in_reply_to, msg_id) so that filling them in here and in reply() changes no hidden class and
   * allocates no property store; a body that is not sent is discarded, placeholders and all.
   */
  private send(out: Message[], src: string, dest: string, body: Body, toNode?: true): void {
    if (this.blocked !== null && this.blocked.has(dest)) {
      this.messagesDropped++;
      return;
    }
    body.msg_id = this.nextMsgId++;
    // `toNode`: the caller knows dest is another node; else look it up.
    if (toNode ?? (dest !== this.nodeId && this.idIndex !== null && this.idIndex.has(dest))) this.gossipMessagesSent++;
    out.push({ src, dest, body });
  }

  /** Replies to a request that carries a msg_id; a request without one gets nothing. */
  private reply(out: Message[], req: Request, body: Body): undefined {
    if (req.msgId === undefined) return undefined;
    body.in_reply_to = req.msgId;
    // A vouched-for src is another node unless it is this one (a node may message itself).
    this.send(out, req.me, req.src, body, req.srcIsNode && req.src !== this.nodeId ? true : undefined);
    return undefined;
  }

  private error(out: Message[], req: Request, code: number, text: string): undefined {
    return this.reply(out, req, { type: "error", code, text });
  }
}

/** A received body: read, never written (inputs may be shared between nodes). */
type Fields = Readonly<Record<string, unknown>>;

/** What a reply needs to know about its request. */
interface Request {
  src: string;
  /** Name the reply is sent from: nodeId, or before init the request's dest. */
  me: string;
  msgId: number | undefined;
  /** The host vouches that src is in nodeIds (see HostedNode.handleInto). */
  srcIsNode: boolean;
}

/**
 * Parses one input line, hands it to the node and stringifies what it emits: the command-line
 * node's whole loop body. `problem` says why a line was ignored (not JSON, not a message).
 */
export function handleLine(node: GossipNode, line: string): { out: string[]; problem?: string } {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return { out: [], problem: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const { out, problem } = node.handle(input);
  const lines = out.map((m) => JSON.stringify(m));
  return problem === undefined ? { out: lines } : { out: lines, problem };
}
