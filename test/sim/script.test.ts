import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { MAX_SCRIPT_COMMANDS, decodeCommands, encodeCommands, scriptFromFile, scriptToFile } from "../../src/sim/script";
import { EVERY_COMMAND, END_MS } from "./scripted";

describe("run files", () => {
  it("round-trip a script with every command kind, with node names in the file", () => {
    const text = scriptToFile(EVERY_COMMAND, END_MS);
    const data = JSON.parse(text) as { format: string; version: number; endMs: number; commands: unknown[] };
    expect([data.format, data.version, data.endMs]).toEqual(["gossipscope-run", 1, END_MS]);
    expect(data.commands[0]).toEqual({ t: 0, type: "inject", node: "n4" });
    expect(data.commands).toContainEqual({ t: 2100, type: "partition", groups: [["n1", "n2", "n3", "n4"], ["n5", "n6", "n7"]] });
    expect(data.commands).toContainEqual({ t: 1400, type: "setLinkDropRate", a: "n1", b: "n2", dropRate: 1 });
    expect(scriptFromFile(text)).toEqual({ value: { script: EVERY_COMMAND, endMs: END_MS } });
  });

  it("and the URL grammar round-trips them too", () => {
    expect(decodeCommands(encodeCommands(EVERY_COMMAND.commands), EVERY_COMMAND.config)).toEqual({ value: EVERY_COMMAND.commands });
  });

  const file = (patch: Record<string, unknown>) => JSON.stringify({ format: "gossipscope-run", version: 1, config: DEFAULT_CONFIG, endMs: 0, commands: [], ...patch });
  it.each([
    ["not JSON", "{", "the file is not JSON"],
    ["an array", "[]", 'the file is not a GossipScope run (no "format": "gossipscope-run")'],
    ["a newer version", file({ version: 2 }), "the file is a run of format version 2; this page reads version 1"],
    ["a bad config", file({ config: { ...DEFAULT_CONFIG, fanout: -1 } }), "config: fanout must be a whole number from 0 to 1000, got -1"],
    ["a config with a prototype key", file({}).replace('"config":{', '"config":{"__proto__":1,'), 'config: unknown field "__proto__"'],
    ["commands that are not a list", file({ commands: {} }), "commands must be a list"],
    ["a command without a time", file({ commands: [{ type: "heal" }] }), "command 1: t must be a whole number of ms from 0 to 360000000"],
    ["times that go back", file({ commands: [{ t: 5, type: "heal" }, { t: 4, type: "heal" }] }), "command 2: t 4 is before the command before it (5)"],
    ["a prototype name for a type", file({ commands: [{ t: 0, type: "toString" }] }), 'command 1: unknown command type "toString"'],
    ["a field the command has not", file({ commands: [{ t: 0, type: "heal", node: "n1" }] }), 'command 1: heal has no field "node"'],
    ["a node the run lacks", file({ commands: [{ t: 0, type: "crash", node: "n17" }] }), "command 1: crash node must be a node of the run (n1 to n16)"],
    ["a node given by number", file({ commands: [{ t: 0, type: "heal" }, { t: 0, type: "crash", node: 3 }] }), 'command 2: nodes are named in a file ("n4"), got the number 3'],
    ["a partition's node given by number", file({ commands: [{ t: 0, type: "partition", groups: [["n1"], [2]] }] }), 'command 1: nodes are named in a file ("n3"), got the number 2'],
    ["a bad partition", file({ commands: [{ t: 0, type: "partition", groups: [["n1"], "n2"] }] }), "command 1: partition groups must be a list of groups of nodes of the run"],
    ["a bad drop rate", file({ commands: [{ t: 0, type: "setDropRate", dropRate: 2 }] }), "command 1: setDropRate dropRate must be a number from 0 to 1"],
    ["too many commands", file({ commands: Array.from({ length: MAX_SCRIPT_COMMANDS + 1 }, () => ({ t: 0, type: "heal" })) }), `a run holds at most ${MAX_SCRIPT_COMMANDS} commands, this one has ${MAX_SCRIPT_COMMANDS + 1}`],
  ])("refuses a file with %s, naming what is wrong", (_, text, error) => {
    expect(scriptFromFile(text)).toEqual({ error });
  });

  it("holds the page to its node limit", () => {
    expect(scriptFromFile(file({ config: { ...DEFAULT_CONFIG, nodes: 20_001 } }), "page")).toEqual({ error: expect.stringContaining("config: nodes") });
    expect(scriptFromFile(file({ config: { ...DEFAULT_CONFIG, nodes: 20_001 } }))).toMatchObject({ value: { endMs: 0 } });
  });
});
