/**
 * bin/gossip-node: the protocol node as a Maelstrom binary (PROTOCOL.md section 7). Messages in on
 * stdin and out on stdout, one JSON object a line; everything else goes to stderr. The protocol
 * lives in src/sim/node.ts; this file only does lines, the timer and flags.
 */
import { createInterface } from "node:readline";
import { PARAM_BY_KEY, clip, describeValues } from "../sim/config";
import { STRATEGIES } from "../sim/protocol";
import type { NodeOptions, Strategy } from "../sim/protocol";
import { createNode, DEFAULT_FANOUT, DEFAULT_GOSSIP_INTERVAL_MS, handleLine } from "../sim/node";

const USAGE = `usage: gossip-node [--fanout K] [--gossip-interval-ms MS] [--strategy ${STRATEGIES.join("|")}] [--no-forward] [--seed S]

A gossip broadcast node speaking the Maelstrom protocol on stdin/stdout (one JSON message a line).
  --fanout K              peers per gossip round, and random push targets without a topology, ${describeValues(PARAM_BY_KEY.fanout)} (default ${DEFAULT_FANOUT})
  --gossip-interval-ms MS period of the gossip timer in ms; 0 turns it off (default ${DEFAULT_GOSSIP_INTERVAL_MS})
  --strategy S            ${STRATEGIES.join(", ")} (default push)
  --no-forward            do not forward new client broadcasts to the push targets
  --seed S                seed of the node's peer choice, ${describeValues(PARAM_BY_KEY.seed)} (default: derived from the node id)
  --help                  this text
Example: maelstrom test -w broadcast --bin bin/gossip-node --node-count 25 --time-limit 20 --rate 100`;

/** setInterval takes at most 2^31 - 1 ms; a longer period would silently become 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Parsed flags, or the one-line reason they are wrong. */
function parseFlags(args: readonly string[]): NodeOptions | { help: true } | { error: string } {
  const options: NodeOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--no-forward") {
      options.forward = false;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (flag !== "--fanout" && flag !== "--gossip-interval-ms" && flag !== "--strategy" && flag !== "--seed") {
      return { error: `unknown flag ${JSON.stringify(clip(arg))} (see --help)` };
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return { error: `${flag} needs a value` };
    const got = `got ${JSON.stringify(clip(value))}`;
    switch (flag) {
      // --fanout and --seed are rows of the run's parameter table: gossip-sim's and the page's bounds.
      case "--fanout": {
        const parsed = PARAM_BY_KEY.fanout.parse(value);
        if ("error" in parsed) return { error: `--fanout ${parsed.error}, ${got}` };
        options.fanout = parsed.value;
        break;
      }
      case "--seed": {
        const parsed = PARAM_BY_KEY.seed.parse(value);
        if ("error" in parsed) return { error: `--seed ${parsed.error}, ${got}` };
        options.seed = parsed.value;
        break;
      }
      case "--gossip-interval-ms": {
        // Not the run's interval parameter: 0 here turns the timer off.
        if (!/^\d+$/.test(value) || Number(value) > MAX_TIMER_MS) return { error: `--gossip-interval-ms must be a whole number of ms from 0 to ${MAX_TIMER_MS}, ${got}` };
        options.gossipIntervalMs = Number(value);
        break;
      }
      case "--strategy":
        if (!(STRATEGIES as readonly string[]).includes(value)) return { error: `--strategy must be one of ${STRATEGIES.join(", ")}, ${got}` };
        options.strategy = value as Strategy;
        break;
    }
  }
  return options;
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  if ("help" in flags) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  if ("error" in flags) {
    process.stderr.write(`gossip-node: ${flags.error}\n`);
    process.exitCode = 2;
    return;
  }
  const node = createNode(flags);
  const log = (text: string) => process.stderr.write(`gossip-node${node.nodeId === null ? "" : ` ${node.nodeId}`}: ${text}\n`);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });

  // Backpressure. Input comes first: a tick writes only into an empty output buffer (a round is
  // periodic, so a skipped one is made up by the next), so what the timer has queued is at most one
  // round's messages, and a request read meanwhile is answered right after them. While the replies to
  // input fill the buffer, no more input is read (each line may answer) until it drains. Output
  // waiting for a slow reader is then bounded by one round plus about one chunk of input.
  let blocked = false;
  const write = (out: readonly string[], fromInput: boolean) => {
    if (out.length === 0) return;
    const taken = process.stdout.write(out.join("\n") + "\n");
    if (taken || blocked || !fromInput) return;
    blocked = true;
    lines.pause();
    process.stdout.once("drain", () => {
      blocked = false;
      lines.resume();
    });
  };

  let timer: NodeJS.Timeout | null = null;
  let armedMs = 0;
  /** (Re)arms the gossip timer when the node's interval differs from the armed one; 0 means no timer. */
  const arm = () => {
    if (node.gossipIntervalMs === armedMs) return;
    if (timer !== null) clearInterval(timer);
    timer = null;
    armedMs = node.gossipIntervalMs;
    if (armedMs > 0) {
      timer = setInterval(() => {
        if (!blocked && process.stdout.writableLength === 0) write(node.tick().map((m) => JSON.stringify(m)), false);
      }, Math.min(armedMs, MAX_TIMER_MS));
    }
  };
  arm();

  // The reader of stdout went away (Maelstrom stopped us): nothing left to say to anyone.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (timer !== null) clearInterval(timer);
    process.exit(e.code === "EPIPE" ? 0 : 1);
  });

  lines.on("line", (line) => {
    if (line.trim() === "") return;
    const { out, problem } = handleLine(node, line);
    if (problem !== undefined) log(`${problem}; ignored line: ${line.length > 200 ? line.slice(0, 200) + "..." : line}`);
    write(out, true);
    arm();
  });
  // End of input: stop the timer; Node exits (code 0) once stdout has drained.
  lines.on("close", () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  });
}

main();
