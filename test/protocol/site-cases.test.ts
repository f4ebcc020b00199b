import { describe, expect, it } from "vitest";
import { createNode, handleLine } from "../../src/sim/node";
import { loadCases } from "../fixtures/cases";

/** Feeds the lines to a fresh node and returns its output lines parsed. */
function run(lines: readonly string[]): unknown[] {
  const node = createNode({});
  const out: unknown[] = [];
  for (const line of lines) {
    const r = handleLine(node, line);
    expect(r.problem).toBeUndefined();
    for (const l of r.out) out.push(JSON.parse(l));
  }
  return out;
}

const siteCases = loadCases("site-cases.jsonl");
const samples = loadCases("protocol-samples.jsonl");

describe("site cases (builddistributedsystem.com, verbatim)", () => {
  it("has all 20 cases, each with its source", () => {
    expect(siteCases).toHaveLength(20);
    for (const c of siteCases) expect(c.source).toMatch(/^https:\/\/builddistributedsystem\.com\/tracks\//);
  });

  for (const c of siteCases) {
    it(c.name, () => {
      const out = run(c.input);
      expect(out.slice(0, c.expected.length)).toEqual(c.expected.map((l) => JSON.parse(l)));
    });
  }
});

describe("PROTOCOL.md section 8 samples", () => {
  it("are both there", () => {
    expect(samples.map((c) => c.source)).toEqual(["shared/PROTOCOL.md section 8", "shared/PROTOCOL.md section 8"]);
  });

  for (const c of samples) {
    it(c.name, () => {
      const out = run(c.input);
      expect(out.slice(0, c.expected.length)).toEqual(c.expected.map((l) => JSON.parse(l)));
    });
  }

  it("sample 1: the round is answered (2 peers, 0 values) and sends no gossip_sync", () => {
    const out = run(samples[0]!.input);
    expect(out).toEqual([
      { src: "n1", dest: "c0", body: { type: "init_ok", in_reply_to: 1, msg_id: 0 } },
      { src: "n1", dest: "c1", body: { type: "gossip_round_ok", peers_contacted: 2, messages_sent: 0, in_reply_to: 2, msg_id: 1 } },
    ]);
  });

  it("sample 2: the whole output is the expected lines", () => {
    expect(run(samples[1]!.input)).toEqual(samples[1]!.expected.map((l) => JSON.parse(l)));
  });
});
