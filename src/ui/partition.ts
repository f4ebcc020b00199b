/**
 * Partitions as people write them, the way Maelstrom's nemesis prints them: `n1 n2 n3 | n4 n5 n6`.
 * Groups are separated by `|`, nodes by spaces or commas; nodes not listed form one more group.
 * Pure: names in, node indices out.
 */

/** Groups of node indices from the text, for a run with these node names; or what is wrong, naming it. */
export function parsePartition(text: string, names: readonly string[]): { groups: number[][] } | { error: string } {
  if (text.length > 100_000) return { error: "the partition is too long" };
  const index = new Map(names.map((name, i) => [name, i]));
  const seen = new Set<number>();
  const groups: number[][] = [];
  for (const part of text.split("|")) {
    const words = part.split(/[\s,]+/).filter((w) => w !== "");
    if (words.length === 0) continue;
    const group: number[] = [];
    for (const word of words) {
      const i = index.get(word);
      if (i === undefined) return { error: `${JSON.stringify(word.length > 20 ? word.slice(0, 20) + "…" : word)} is not a node of this run (n1 to n${names.length})` };
      if (seen.has(i)) return { error: `${word} is in two groups` };
      seen.add(i);
      group.push(i);
    }
    groups.push(group);
  }
  if (groups.length === 0) return { error: "name the nodes of at least one group, e.g. n1 n2 | n3 n4" };
  if (groups.length === 1 && seen.size === names.length) return { error: "every node is in one group: that cuts nothing" };
  return { groups };
}

/** The text of a partition given as a group per node (0: in no listed group); "" when none. */
export function formatPartition(groupOf: ArrayLike<number> | null, names: readonly string[]): string {
  if (groupOf === null) return "";
  const groups = new Map<number, string[]>();
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i]!;
    if (g === 0) continue;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(names[i] ?? `n${i + 1}`);
  }
  return [...groups.keys()]
    .sort((a, b) => a - b)
    .map((g) => groups.get(g)!.join(" "))
    .join(" | ");
}

/**
 * The groups after cutting `selected` off into a group of its own, from the partition in force
 * (a group per node, or null): each old group loses the selected nodes, empty groups go.
 */
export function cutOff(groupOf: ArrayLike<number> | null, selected: readonly number[]): number[][] {
  const chosen = new Set(selected);
  const groups = new Map<number, number[]>();
  if (groupOf !== null) {
    for (let i = 0; i < groupOf.length; i++) {
      const g = groupOf[i]!;
      if (g === 0 || chosen.has(i)) continue;
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(i);
    }
  }
  return [...[...groups.keys()].sort((a, b) => a - b).map((g) => groups.get(g)!), [...chosen].sort((a, b) => a - b)];
}
