/** Runs a built command-line program, rebuilding dist-cli/ first when it is missing or older than its sources. */
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

export type Program = "gossip-node" | "gossip-sim";

function newestSource(): number {
  let newest = 0;
  for (const dir of ["src/sim", "src/cli"]) {
    for (const f of readdirSync(root + dir, { recursive: true, encoding: "utf8" })) newest = Math.max(newest, statSync(`${root}${dir}/${f}`).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(program: Program): void {
  const built = `${root}dist-cli/${program}.mjs`;
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource()) execFileSync("node", ["scripts/build-cli.mjs"], { cwd: root, stdio: "pipe" });
}

export const binPath = (program: Program): string => `${root}bin/${program}`;

/** Runs a built program; `env` adds to the environment. */
export function run(program: Program, args: string[], env: Record<string, string> = {}, input = ""): SpawnSyncReturns<string> {
  return spawnSync(binPath(program), args, { cwd: root, input, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } });
}
