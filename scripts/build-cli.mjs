// Bundles the command-line programs and the benchmarks into dist-cli/ (Node 20 cannot run .ts).
// esbuild: one small, well-kept dependency that bundles TypeScript for Node in milliseconds.
import { build } from "esbuild";
import { readdirSync } from "node:fs";

const entries = {
  "gossip-node": "src/cli/gossip-node.ts",
  "gossip-sim": "src/cli/gossip-sim.ts",
};
for (const f of readdirSync("test/bench")) {
  if (f.endsWith(".ts")) entries[f.replace(/\.ts$/, "")] = `test/bench/${f}`;
}

await build({
  entryPoints: entries,
  outdir: "dist-cli",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});
