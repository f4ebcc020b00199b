/**
 * The graph canvas's aria-label: what a screen reader says about the graph, the run's progress and the
 * selection, and which keys work. Pure: the same scene gives the same sentence.
 */
import type { Scene } from "./renderer";

export type DescribedScene = Pick<Scene, "n" | "names" | "edges" | "alive" | "knownCounts" | "totalValues" | "selected">;

export function describeGraph(scene: DescribedScene, topologyName: string): string {
  const n = scene.n;
  if (n === 0) return "Peer graph: no topology yet.";
  let full = 0;
  let down = 0;
  for (let i = 0; i < n; i++) {
    if (scene.alive[i] === 0) down++;
    else if (scene.totalValues > 0 && scene.knownCounts[i]! >= scene.totalValues) full++;
  }
  const parts = [`Peer graph, ${topologyName} topology: ${n} node${n === 1 ? "" : "s"}, ${scene.edges.length / 2} links.`];
  if (scene.totalValues > 0) {
    const what = scene.totalValues === 1 ? "the value" : `all ${scene.totalValues} values`;
    parts.push(`${full} of ${n - down} live node${n - down === 1 ? "" : "s"} know ${what}.`);
  }
  if (down > 0) parts.push(`${down} crashed.`);
  const sel = scene.selected;
  if (sel >= 0) {
    const name = scene.names[sel] ?? `n${sel + 1}`;
    const state = scene.alive[sel] === 0 ? "crashed" : `knows ${scene.knownCounts[sel]} of ${scene.totalValues}`;
    parts.push(`Selected ${name}, ${state}.`);
  }
  parts.push("Arrow keys or n and Shift+N move the selection, Enter broadcasts from it, plus and minus zoom, 0 fits.");
  return parts.join(" ");
}
