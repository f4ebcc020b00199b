/**
 * Seeded fuzz of one node: thousands of valid, malformed and hostile inputs and timer ticks, with a
 * model of what it must accept. Replay a failure with GOSSIP_FUZZ_SEED=<seed printed below>.
 */
import { expect, it } from "vitest";
import { createNode, handleLine } from "../../src/sim/node";
import type { Json } from "../../src/sim/protocol";
import { Rng } from "../../src/sim/rng";

const SEED = Number(process.env.GOSSIP_FUZZ_SEED ?? 20_251_123) >>> 0;
const STEPS = 5000;

/** Canonical JSON, written independently of src/sim/values.ts. */
function canon(v: Json): string {
  if (Array.isArray(v)) return "[" + v.map(canon).join(",") + "]";
  if (v !== null && typeof v === "object") {
    return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canon(v[k]!)).join(",") + "}";
  }
  return JSON.stringify(v);
}

/** The protocol's order, written independently: kind, then number / code units / canonical JSON. */
function before(a: Json, b: Json): boolean {
  const kind = (v: Json) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : v === false ? 2 : v === true ? 3 : v === null ? 4 : Array.isArray(v) ? 5 : 6);
  if (kind(a) !== kind(b)) return kind(a) < kind(b);
  if (typeof a === "number" || typeof a === "string") return a < (b as typeof a);
  return canon(a) < canon(b);
}

function nested(depth: number): Json {
  let v: Json = "deep";
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { k: v };
  return v;
}

it(`fuzz: ${STEPS} inputs never break the node (seed ${SEED})`, () => {
  console.log(`fuzz seed ${SEED} (replay: GOSSIP_FUZZ_SEED=${SEED} npx vitest run --project unit test/protocol/fuzz.test.ts)`);
  const rng = new Rng(SEED);
  const int = (n: number) => rng.int(n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => rng.next() < p;

  function value(depth = 0): Json {
    switch (int(depth > 2 ? 6 : 9)) {
      case 0:
      case 1:
        return int(40); // small integers: plenty of duplicates
      case 2:
        return pick([1.5, -0, 1e21, -3, 0.1, 2 ** 53, 65536]);
      case 3:
        return pick(["", "a", "1", "\u00e9", "\u{1F600}", "\ud800", "x".repeat(5000)]);
      case 4:
        return pick([true, false, null]);
      case 5:
        return "s" + int(30);
      case 6:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      case 7: {
        // fromEntries defines "__proto__" as an own key, as JSON.parse does.
        return Object.fromEntries(["b", "a", "\u00e9", "__proto__", "c"].filter(() => chance(0.5)).map((k) => [k, value(depth + 1)])) as Json;
      }
      default:
        return chance(0.05) ? nested(1 + int(250)) : int(400); // deep, but within MAX_VALUE_DEPTH
    }
  }
  const values = () => Array.from({ length: int(6) }, () => value());
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  const holey: unknown[] = [1];
  holey[2] = 2; // index 1 is a hole
  /** Not JSON values: only raw inputs (handle(), not a line) can carry them, except the too-deep one. */
  const hostile = (): unknown => pick([Number.NaN, Infinity, undefined, () => 1, new Date(0), new Map(), cyclic, holey, { a: undefined }, nested(300), 10n]);

  const node = createNode({ seed: SEED });
  let learnedCalls = 0;
  const learnedKeys = new Set<string>();
  node.onLearn = (key) => {
    learnedCalls++;
    learnedKeys.add(key);
  };
  /** The model: every value the node must have accepted, by canonical JSON. */
  const accepted = new Map<string, Json>();
  const blocked = new Set<string>();
  let nextMsgId = 0;
  const stats = { steps: 0, lines: 0, raw: 0, ticks: 0, problems: 0, outputs: 0, replies: 0 };

  /** Delivers one input and checks everything a single step can be held to. */
  function step(input: unknown, o: { invalid?: boolean; reply?: number | null; replyType?: string; accepts?: Json[]; asLine?: string; raw?: boolean }): void {
    stats.steps++;
    let out: string[];
    let problem: string | undefined;
    // Hostile inputs go in raw: as a line, JSON.stringify would turn NaN and undefined into valid JSON.
    const text = o.asLine ?? (!o.raw && !o.invalid && chance(0.5) ? JSON.stringify(input) : undefined);
    if (text !== undefined) {
      stats.lines++;
      ({ out, problem } = handleLine(node, text));
    } else {
      stats.raw++;
      const r = node.handle(input);
      problem = r.problem;
      out = r.out.map((m) => JSON.stringify(m));
    }
    if (problem !== undefined) stats.problems++;
    expect(problem === undefined || !problem.startsWith("internal error"), problem).toBe(true);
    expect(problem !== undefined, `problem for ${text ?? "raw input"}: ${problem}`).toBe(o.invalid === true);
    if (o.invalid) expect(out).toEqual([]);
    check(out, o.reply ?? null, o.replyType);
    for (const v of o.accepts ?? []) accepted.set(canon(v), v);
    expect(node.knownCount()).toBe(accepted.size);
  }

  function check(out: string[], reply: number | null, replyType: string | undefined): void {
    stats.outputs += out.length;
    out.forEach((line, i) => {
      const m = JSON.parse(line) as { src: unknown; dest: unknown; body: Record<string, unknown> };
      expect(Object.keys(m)).toEqual(["src", "dest", "body"]);
      expect(m.src).toBe("n1");
      expect(typeof m.dest === "string" && m.dest !== "" && !blocked.has(m.dest)).toBe(true);
      expect(typeof m.body.type).toBe("string");
      expect(m.body.msg_id).toBe(nextMsgId++);
      if (m.body.in_reply_to !== undefined) {
        // Only the first output may be a reply, and only to a request with a msg_id.
        expect(i).toBe(0);
        expect(m.body.in_reply_to).toBe(reply);
        if (replyType !== undefined) expect(m.body.type).toBe(replyType);
        stats.replies++;
      }
    });
    const replied = out.length > 0 && JSON.parse(out[0]!).body.in_reply_to !== undefined;
    expect(replied).toBe(reply !== null);
  }

  const clients = ["c1", "c2", "c3"];
  const servers = ["n2", "n3", "n4", "n5"];
  const peers = [...clients, ...servers];
  /** A request envelope; `reply` is the msg_id a reply must carry, or null when none may come. */
  function request(body: Record<string, unknown>, src = pick(peers)) {
    const input = { src, dest: "n1", body: chance(0.75) ? { ...body, msg_id: int(1_000_000) } : body };
    return { input, reply: replyTo(input) };
  }
  /** The msg_id of the reply `input` must get under the current blocked set, or null. */
  function replyTo(input: { src: string; body: Record<string, unknown> }): number | null {
    return input.body.msg_id !== undefined && !blocked.has(input.src) ? (input.body.msg_id as number) : null;
  }

  // Boot: an init first, so that every output after it is from n1.
  step({ src: "c0", dest: "n1", body: { type: "init", msg_id: 1, node_id: "n1", node_ids: ["n1", "n2", "n3", "n4", "n5", "n6"] } }, { reply: 1, replyType: "init_ok" });

  for (let s = 0; s < STEPS; s++) {
    const kind = int(24);
    switch (kind) {
      case 0:
      case 1: {
        const message = value();
        const { input, reply } = request({ type: "broadcast", message });
        step(input, { reply, replyType: "broadcast_ok", accepts: [message] });
        break;
      }
      case 2: {
        const messages = values();
        const pull = pick([undefined, true, false]);
        const { input, reply } = request(pull === undefined ? { type: "gossip_sync", messages } : { type: "gossip_sync", messages, pull });
        step(input, { reply, replyType: "gossip_sync_ok", accepts: messages });
        break;
      }
      case 3: {
        const remote = chance(0.3) ? null : values();
        const { input, reply } = request({ type: "digest_sync", remote_digest: "zz", remote_messages: remote });
        step(input, { reply, replyType: "digest_sync_ok", accepts: remote ?? [] });
        break;
      }
      case 4: {
        // Responses: merged, never answered; a digest mismatch may send a follow-up gossip_sync.
        const carried = values();
        const body = chance(0.5) ? { type: "gossip_sync_ok", new_count: 0, missing: carried } : { type: "digest_sync_ok", match: false, transferred: 0, local_messages: carried };
        step({ src: pick(servers), dest: pick(["n1", "n2"]), body: { ...body, in_reply_to: int(100), ...(chance(0.5) ? { msg_id: int(100) } : {}) } }, { accepts: carried });
        break;
      }
      case 5: {
        const type = pick(["read", "digest", "gossip_stats", "tree_info", "partition_status", "gossip_round", "heal"]);
        const { input } = request({ type });
        // heal clears blocked before replying.
        if (type === "heal") blocked.clear();
        step(input, { reply: replyTo(input), replyType: `${type}_ok` });
        break;
      }
      case 6: {
        const body: Record<string, unknown> = { type: "configure" };
        if (chance(0.5)) body.fanout = int(5);
        if (chance(0.3)) body.gossip_interval_ms = 1 + int(1000);
        if (chance(0.5)) body.strategy = pick(["push", "push-pull", "digest"]);
        if (chance(0.3)) body.forward = chance(0.5);
        const { input, reply } = request(body);
        step(input, { reply, replyType: "configure_ok" });
        break;
      }
      case 7: {
        const list = ["n2", "n3", "n4", "c1", "c2"].filter(() => chance(0.3));
        const { input } = request({ type: "partition", blocked: list });
        // The reply goes out under the new blocked set.
        blocked.clear();
        for (const id of list) blocked.add(id);
        step(input, { reply: replyTo(input), replyType: "partition_ok" });
        break;
      }
      case 8: {
        const own = ["n1", "n2", "n3", "n4", "n5", "n6"].filter(() => chance(0.4));
        const { input, reply } = request({ type: "topology", topology: chance(0.8) ? { n1: own, n2: ["n1"] } : { n9: [] } });
        step(input, { reply, replyType: "topology_ok" });
        break;
      }
      case 9:
      case 10:
        stats.ticks++;
        check(
          node.tick().map((m) => JSON.stringify(m)),
          null,
          undefined,
        );
        break;
      case 11: {
        // A strict prefix of a valid message is never valid JSON.
        const line = JSON.stringify(request({ type: "broadcast", message: value() }).input);
        step(undefined, { invalid: true, asLine: line.slice(0, int(line.length)) });
        break;
      }
      case 12:
        step(undefined, { invalid: true, asLine: pick(["", "nul", "{]", "\u0000", "[1,2", '{"src":"c1"', "}{", "1e400e"]) });
        break;
      case 13: {
        // Envelopes broken one field at a time.
        const good = { src: "c1", dest: "n1", body: { type: "read", msg_id: 1 } };
        const broken = pick<unknown>([
          null,
          [good],
          "msg",
          42,
          { ...good, src: 1 },
          { ...good, src: "" },
          { ...good, dest: null },
          { ...good, body: [] },
          { ...good, body: "read" },
          { src: "c1", dest: "n1" },
          { ...good, body: { type: "read", msg_id: "1" } },
          { ...good, body: { type: "read", msg_id: 1.5 } },
          { ...good, body: { type: "read", msg_id: 2 ** 60 } },
          { ...good, body: { type: "read_ok", in_reply_to: "x" } },
        ]);
        step(broken, { invalid: true, asLine: chance(0.5) ? JSON.stringify(broken) : undefined });
        break;
      }
      case 14: {
        const { input, reply } = request({ type: "broadcast", message: hostile() });
        step(input, { reply, replyType: "error", raw: true });
        break;
      }
      case 15: {
        const messages: unknown[] = values();
        messages.splice(int(messages.length + 1), 0, hostile());
        const { input, reply } = request({ type: pick(["gossip_sync", "digest_sync"]), messages, remote_digest: "zz", remote_messages: messages });
        step(input, { reply, replyType: "error", raw: true });
        break;
      }
      case 16: {
        // Responses carrying something unusable: ignored whole.
        const bad: unknown[] = values();
        bad.push(hostile());
        step({ src: "n2", dest: "n1", body: { type: pick(["gossip_sync_ok", "digest_sync_ok"]), match: false, missing: bad, local_messages: pick([bad, "x", null]), in_reply_to: 1 } }, { raw: true });
        break;
      }
      case 17: {
        const { input, reply } = request({ type: pick(["echo", "generate", "txn", "broadcast_ok", "error", "constructor", "__proto__"]) });
        step(input, { reply, replyType: "error" });
        break;
      }
      case 18: {
        const { input, reply } = request({ type: pick<unknown>([1, null, ["read"], { t: 1 }, true]) });
        step(input, { reply, replyType: "error" });
        break;
      }
      case 19: {
        const { input, reply } = request(
          pick<Record<string, unknown>>([
            { type: "broadcast" },
            { type: "gossip_sync" },
            { type: "gossip_sync", messages: [1], pull: 1 },
            { type: "configure", fanout: -1 },
            { type: "configure", gossip_interval_ms: 0 },
            { type: "configure", strategy: "flood" },
            { type: "configure", forward: "yes" },
            { type: "digest_sync", remote_digest: 5, remote_messages: null },
            { type: "partition", blocked: "n2" },
            { type: "topology", topology: { n1: "n2" } },
            { type: "topology", topology: [] },
            { type: "init", node_id: "n1", node_ids: ["n1", "n1"] },
          ]),
        );
        step(input, { reply, replyType: "error" });
        break;
      }
      case 20: {
        // Not for this node: dropped silently, whatever it is.
        const { input } = request({ type: pick(["broadcast", "read", "echo"]), message: value() });
        step({ ...input, dest: pick(["n2", "n7", "c1"]) }, {});
        break;
      }
      case 21: {
        const { input, reply } = request({ type: "init", node_id: "n9", node_ids: ["n9"] });
        step(input, { reply, replyType: "init_ok" });
        break;
      }
      case 22: {
        // Too deep for the protocol, as a line: JSON.parse copes, the node says error 12.
        const depth = pick([257, 1000, 30_000]);
        const { input, reply } = request({ type: "broadcast", message: 0 });
        const line = JSON.stringify(input).replace('"message":0', `"message":${"[".repeat(depth)}${"]".repeat(depth)}`);
        step(undefined, { reply, replyType: "error", asLine: line });
        break;
      }
      default: {
        const big = Array.from({ length: 200 + int(200) }, (_, i) => i * 7);
        const { input, reply } = request({ type: "gossip_sync", messages: big, pull: true });
        step(input, { reply, replyType: "gossip_sync_ok", accepts: big });
      }
    }
  }

  // The end state: heal so the client can hear, then read.
  blocked.clear();
  step({ src: "c1", dest: "n1", body: { type: "heal", msg_id: 1 } }, { reply: 1, replyType: "heal_ok" });
  const r = node.handle({ src: "c1", dest: "n1", body: { type: "read", msg_id: 2 } });
  check(
    r.out.map((m) => JSON.stringify(m)),
    2,
    "read_ok",
  );
  const read = JSON.parse(JSON.stringify(r.out[0]!.body.messages)) as Json[];
  const readKeys = read.map(canon);
  expect(new Set(readKeys).size).toBe(read.length);
  expect([...readKeys].sort()).toEqual([...accepted.keys()].sort());
  for (let i = 0; i + 1 < read.length; i++) expect(before(read[i]!, read[i + 1]!), `${readKeys[i]} before ${readKeys[i + 1]}`).toBe(true);
  expect(node.knownCount()).toBe(read.length);
  for (const key of accepted.keys()) expect(node.knowsKey(key)).toBe(true);
  expect(learnedCalls).toBe(accepted.size);
  expect(learnedKeys.size).toBe(accepted.size);
  console.log(`fuzz: ${JSON.stringify(stats)}, ${accepted.size} values known`);
  // The generator must have exercised every path (guards against a run that tests nothing).
  expect(stats.problems).toBeGreaterThan(300);
  expect(stats.replies).toBeGreaterThan(1500);
  expect(accepted.size).toBeGreaterThan(500);
});
