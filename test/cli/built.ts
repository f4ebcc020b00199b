/** Runs a built command-line program (building dist-cli/ first when it is missing). */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

export function ensureBuilt(program: "gossip-node" | "gossip-sim"): void {
  if (!existsSync(`${root}/dist-cli/${program}.mjs`)) execFileSync("node", ["scripts/build-cli.mjs"], { cwd: root, stdio: "inherit" });
}

export function run(program: "gossip-node" | "gossip-sim", args: string[], input = ""): SpawnSyncReturns<string> {
  return spawnSync(`${root}/bin/${program}`, args, { cwd: root, input, encoding: "utf8", timeout: 60_000 });
}
