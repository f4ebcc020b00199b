/**
 * bin/gossip-node as Maelstrom runs it: a child process fed lines on stdin (PROTOCOL.md section 7).
 * The binary is rebuilt first when it is missing or older than its sources.
 */
import { spawn } from "node:child_process";
import type { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCases } from "../fixtures/cases";
import { binPath, ensureBuilt } from "./built";

const bin = binPath("gossip-node");

beforeAll(() => ensureBuilt("gossip-node"), 120_000);

interface Run {
  code: number | null;
  stdout: string[];
  stderr: string;
}

/**
 * Runs the node with `args` and writes `lines` to its stdin. Without `until`, stdin is closed at once;
 * with it, once stdout has a line matching it (the node runs on its timer meanwhile). Resolves at exit.
 */
function run(args: string[], lines: string[], until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let open = until !== undefined;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (open && until!.test(stdout)) {
        open = false;
        child.stdin.end();
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: stdout.split("\n").filter((l) => l !== ""), stderr }));
    const input = lines.map((l) => l + "\n").join("");
    if (open) child.stdin.write(input);
    else child.stdin.end(input);
  });
}

const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as unknown);
const cases = [...loadCases("site-cases.jsonl"), ...loadCases("protocol-samples.jsonl")];

describe("bin/gossip-node", () => {
  it("passes every site case and PROTOCOL.md sample, one process each, exiting 0 at end of input", async () => {
    const runs = await Promise.all(cases.map((c) => run(["--gossip-interval-ms", "0"], c.input)));
    cases.forEach((c, i) => {
      const r = runs[i]!;
      expect(r.code, c.name).toBe(0);
      expect(r.stderr, c.name).toBe("");
      expect(parse(r.stdout.slice(0, c.expected.length)), c.name).toEqual(parse(c.expected));
    });
  });

  it("logs bad lines to stderr and carries on", async () => {
    const sample = loadCases("protocol-samples.jsonl")[1]!;
    const [a, b, c, d] = sample.input;
    const r = await run(["--gossip-interval-ms", "0"], [a!, "not json", b!, '{"src":"c1"}', "", c!, "[1,2", d!]);
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toEqual(parse(sample.expected));
    const logged = r.stderr.split("\n").filter((l) => l !== "");
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatch(/^gossip-node n1: not JSON: .*; ignored line: not json$/);
    expect(logged[1]).toBe('gossip-node n1: not a message: dest must be a non-empty string; ignored line: {"src":"c1"}');
    expect(logged[2]).toMatch(/^gossip-node n1: not JSON: .*; ignored line: \[1,2$/);
  });

  it("applies its flags: --fanout, --strategy, --no-forward, --seed", async () => {
    const init = '{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1","n2","n3","n4"]}}';
    const bcast = '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":2,"message":5}}';
    const round = '{"src":"c1","dest":"n1","body":{"type":"gossip_round","msg_id":3}}';
    const r = await run(["--gossip-interval-ms=0", "--fanout", "1", "--strategy", "push-pull", "--no-forward", "--seed", "42"], [init, bcast, round]);
    expect(r.code).toBe(0);
    const out = parse(r.stdout) as { dest: string; body: Record<string, unknown> }[];
    expect(out.map((m) => m.body.type)).toEqual(["init_ok", "broadcast_ok", "gossip_round_ok", "gossip_sync"]);
    expect(out[2]!.body).toMatchObject({ peers_contacted: 1, messages_sent: 1 });
    expect(out[3]!.body).toEqual({ type: "gossip_sync", messages: [5], pull: true, msg_id: 3 });
    // Seed 42 draws index 1 of [n2, n3, n4] first; the default seed (from "n1") would draw index 2.
    expect(out[3]!.dest).toBe("n3");
    const again = await run(["--gossip-interval-ms=0", "--fanout=1", "--strategy=push-pull", "--no-forward", "--seed=42"], [init, bcast, round]);
    expect(again.stdout).toEqual(r.stdout);
  });

  it.each([
    [["--bogus"], 'gossip-node: unknown flag "--bogus" (see --help)'],
    [["--fanout"], "gossip-node: --fanout needs a value"],
    [["--fanout", "-1"], 'gossip-node: --fanout must be a whole number from 0 to 1000, got "-1"'],
    [["--fanout", "1001"], 'gossip-node: --fanout must be a whole number from 0 to 1000, got "1001"'],
    [["--strategy", "constructor"], 'gossip-node: --strategy must be one of push, push-pull, digest, got "constructor"'],
    [["--strategy", "__proto__"], 'gossip-node: --strategy must be one of push, push-pull, digest, got "__proto__"'],
    [["--gossip-interval-ms", "1.5"], 'gossip-node: --gossip-interval-ms must be a whole number of ms from 0 to 2147483647, got "1.5"'],
    [["--strategy", "flood"], 'gossip-node: --strategy must be one of push, push-pull, digest, got "flood"'],
    [["--seed", "4294967296"], 'gossip-node: --seed must be a whole number from 0 to 4294967295, got "4294967296"'],
  ])("%j exits 2 with a message naming the flag", async (args, message) => {
    const r = await run(args, []);
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toBe(message + "\n");
  });

  it("--help prints usage and exits 0", async () => {
    const r = await run(["--help"], []);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toMatch(/^usage: gossip-node /);
  });
});

describe("bin/gossip-node timer", () => {
  const init = '{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1","n2","n3"]}}';
  const values = ['{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":2,"message":"b"}}', '{"src":"c1","dest":"n1","body":{"type":"broadcast","msg_id":3,"message":"a"}}'];

  it("with a 20 ms timer and two known values, gossip_sync goes out on its own, and the node still exits 0", async () => {
    const r = await run(["--gossip-interval-ms", "20", "--no-forward"], [init, ...values], /"gossip_sync"/);
    expect(r.code).toBe(0);
    const out = parse(r.stdout) as { src: string; dest: string; body: Record<string, unknown> }[];
    expect(out.slice(0, 3).map((m) => m.body.type)).toEqual(["init_ok", "broadcast_ok", "broadcast_ok"]);
    const syncs = out.filter((m) => m.body.type === "gossip_sync");
    expect(syncs.length).toBeGreaterThan(0);
    for (const s of syncs) {
      expect(s.src).toBe("n1");
      expect(["n2", "n3"]).toContain(s.dest);
      expect(s.body.messages).toEqual(["a", "b"]);
    }
    // msg_ids run on without a gap through the timer's messages.
    expect(out.map((m) => m.body.msg_id)).toEqual(out.map((_, i) => i));
  });

  it("configure arms the timer when it was off", async () => {
    const configure = '{"src":"c1","dest":"n1","body":{"type":"configure","msg_id":4,"gossip_interval_ms":20}}';
    const r = await run(["--gossip-interval-ms", "0", "--no-forward"], [init, ...values, configure], /"gossip_sync"/);
    expect(r.code).toBe(0);
    const out = parse(r.stdout) as { body: Record<string, unknown> }[];
    expect(out[3]!.body).toEqual({ type: "configure_ok", in_reply_to: 4, msg_id: 3 });
    expect(out[4]!.body).toEqual({ type: "gossip_sync", messages: ["a", "b"], msg_id: 4 });
  });
});

describe("bin/gossip-node backpressure", () => {
  /** Resolves true at the child's stdin 'drain', false once its buffered byte count has stopped falling (polled every 100 ms, 3 s at most). */
  function drainsOrSettles(stdin: Writable): Promise<boolean> {
    return new Promise((resolve) => {
      let last = -1;
      let still = 0;
      const done = (drained: boolean) => {
        clearInterval(poll);
        stdin.off("drain", onDrain);
        resolve(drained);
      };
      const onDrain = () => done(true);
      const poll = setInterval(() => {
        still = stdin.writableLength === last ? still + 1 : 0;
        last = stdin.writableLength;
        if (still >= 5 || Date.now() - started > 3000) done(false);
      }, 100);
      const started = Date.now();
      stdin.once("drain", onDrain);
    });
  }

  it("stops reading stdin while nobody reads its stdout, then answers every request once read", async () => {
    const child = spawn(bin, ["--gossip-interval-ms", "0"], { stdio: ["pipe", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const requests = 100_000;
    const init = '{"src":"c0","dest":"n1","body":{"type":"init","msg_id":0,"node_id":"n1","node_ids":["n1","n2"]}}\n';
    const reads = Array.from({ length: requests }, (_, i) => `{"src":"c1","dest":"n1","body":{"type":"read","msg_id":${i + 1}}}\n`).join("");
    // Every read answers with a longer read_ok, so unread answers fill stdout's pipe long before the input runs out.
    child.stdin.write(init + reads);
    const inputBytes = Buffer.byteLength(init + reads);

    // Nothing reads stdout: a node that honours backpressure stops taking input, so most of it stays
    // buffered here and the 'drain' never comes. One that ignores it reads everything and queues its answers.
    expect(await drainsOrSettles(child.stdin)).toBe(false);
    expect(child.stdin.writableLength).toBeGreaterThan(inputBytes / 2);

    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(requests + 1);
    const replies = lines.map((l) => (JSON.parse(l) as { body: { type: string; in_reply_to: number } }).body);
    expect(replies.filter((b) => b.type === "read_ok").map((b) => b.in_reply_to)).toEqual(Array.from({ length: requests }, (_, i) => i + 1));
  });
});

describe("bin/gossip-node under a flood of its own output", () => {
  it("answers a request while its 1 ms timer sends a million values a round, and exits at end of input", async () => {
    const child = spawn(bin, ["--gossip-interval-ms", "1"], { stdio: ["pipe", "pipe", "pipe"] });
    let tail = "";
    let bytes = 0;
    let answered = false;
    child.stdout.on("data", (d: Buffer) => {
      bytes += d.length;
      // Only the end of the stream is kept: the rounds write gigabytes.
      tail = (tail + d.toString()).slice(-4096);
      if (tail.includes('"gossip_stats_ok"')) answered = true;
    });
    const exited = new Promise<number | null>((ok) => child.on("close", ok));
    const values = Array.from({ length: 1_000_000 }, (_, i) => i);
    child.stdin.write('{"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1","n2","n3"]}}\n');
    child.stdin.write(`{"src":"n2","dest":"n1","body":{"type":"gossip_sync","msg_id":2,"messages":${JSON.stringify(values)}}}\n`);
    await expect.poll(() => bytes, { timeout: 20_000 }).toBeGreaterThan(20_000_000);
    child.stdin.write('{"src":"c1","dest":"n1","body":{"type":"gossip_stats","msg_id":3}}\n');
    await expect.poll(() => answered, { timeout: 20_000 }).toBe(true);
    child.stdin.end();
    const code = await Promise.race([exited, new Promise<string>((ok) => setTimeout(() => ok("still running"), 20_000))]);
    if (code === "still running") child.kill();
    expect(code).toBe(0);
  }, 90_000);
});
