/**
 * The story of every message, in a real Chromium: the space-time diagram's Message log agrees with
 * the run totals; "How n5 learned 1" is a real chain of deliveries (from the origin, along edges,
 * each one in the exported message log before the next); a value's cost to all is frozen when it
 * reached everyone while the run goes on; the Knowledge grid and Export SVG work. Screenshots of the
 * diagram at 8, 32 and 1,000 nodes.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./harness";
import { button, open, step, total, usePage, valueRow } from "./page";

usePage();

/** A lossy ring of 8 without flooding: gossip does the work, and some messages are lost. */
const RING8 = "?demo=0&nodes=8&topology=ring&seed=1&speed=5&drop=0.2&forward=off";
const count = (text: string) => Number(text.replaceAll(",", ""));

async function logRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole("table", { name: "Message log" }).locator("tbody tr");
  return (await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "")))) as string[][];
}

async function saved(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), button(page, name).click()]);
  return readFileSync(await download.path(), "utf8");
}

describe("the story of every message", () => {
  it("lists in the Message log exactly the messages the totals count for the window", async () => {
    const page = await open(RING8);
    await button(page, "Broadcast").click();
    for (const r of [1, 2, 3]) await step(page, r);
    // The diagram follows the last four rounds: here the whole run, 0 to 1.99 s.
    const sent = count(await total(page, "Messages sent"));
    const dropped = count(await total(page, "Dropped"));
    const inFlight = count(await total(page, "In flight"));
    await expect.poll(async () => (await logRows(page)).length).toBe(sent);
    const rows = await logRows(page);
    expect(rows.filter((r) => r[1]!.startsWith("lost")).length).toBe(dropped);
    expect(rows.filter((r) => r[1] === "in flight").length).toBe(inFlight);
    expect(dropped).toBeGreaterThan(0);
    // What taught whom: the value's first deliveries, one per node but the origin that knows it.
    const knownBy = Number((await valueRow(page, 1))[2]!.split("/")[0]);
    expect(rows.filter((r) => r[5] === "1").length).toBe(knownBy - 1);
    const svg = await saved(page, "Export SVG");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // One line per message (in a path per kind, 1.5 px wide): every message of the window.
    const paths = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="[^"]+" stroke-width="1.5"/g)].map((m) => m[1]!);
    expect(paths.join("").match(/M[\d.-]+ [\d.-]+L/g)?.length).toBe(sent);
    await page.getByRole("heading", { name: "Space-time diagram" }).scrollIntoViewIfNeeded();
    await screenshot(page, "diagram-8");
  });

  it("tells how a node learned a value: a chain of deliveries from the origin along the edges", async () => {
    const page = await open(RING8);
    await button(page, "Broadcast").click();
    for (const r of [1, 2, 3, 4, 5, 6]) await step(page, r);
    const origin = (await valueRow(page, 1))[1]!;
    const target = origin === "n3" ? "n7" : "n3";
    await page.getByLabel("Inspect node").selectOption({ label: target });
    await button(page, "1").click();
    const list = page.getByRole("list", { name: `How ${target} learned 1` });
    await expect.poll(() => list.getByRole("listitem").count()).toBeGreaterThan(1);
    const hops = (await list.getByRole("listitem").allInnerTexts()).map((text) => {
      const m = /^(n\d+) → (n\d+): (\w+) sent ([\d.]+) s, arrived ([\d.]+) s/.exec(text);
      expect(m).not.toBeNull();
      return { from: m![1]!, to: m![2]!, type: m![3]!, sent: Number(m![4]), arrived: Number(m![5]) };
    });
    expect(hops[0]!.from).toBe(origin);
    expect(hops.at(-1)!.to).toBe(target);
    const index = (name: string) => Number(name.slice(1)) - 1;
    for (let i = 0; i < hops.length; i++) {
      const h = hops[i]!;
      // A ring of 8: every hop goes to a neighbour.
      expect([1, 7]).toContain((index(h.to) - index(h.from) + 8) % 8);
      if (i > 0) expect(h.from).toBe(hops[i - 1]!.to);
      if (i > 0) expect(h.sent).toBeGreaterThanOrEqual(hops[i - 1]!.arrived);
    }
    // Each hop is a delivered message of the exported log.
    const log = (await saved(page, "Export message log"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { src: string; dest: string; body: { type: string }; sent_at: number; arrived_at?: number });
    for (const h of hops) {
      const found = log.filter((m) => m.src === h.from && m.dest === h.to && m.body.type === h.type && Math.floor(m.sent_at / 10) === Math.floor(h.sent * 100) && m.arrived_at !== undefined);
      expect(found.length).toBeGreaterThan(0);
    }
    await button(page, "Show spread tree").click();
    await expect.poll(() => button(page, "Show spread tree").getAttribute("aria-pressed")).toBe("true");
    await screenshot(page, "spread-tree");
  });

  it("freezes a value's cost when it reached everyone, while the run's totals go on", async () => {
    const page = await open(RING8.replace("drop=0.2", "drop=0"));
    await button(page, "Broadcast").click();
    for (const r of [1, 2, 3, 4]) await step(page, r);
    const row = page.getByRole("table", { name: "Messages", exact: true }).locator("tbody tr").first();
    const cells = async () => (await row.locator("td").allInnerTexts()).map((t) => t.trim());
    await expect.poll(async () => (await cells())[3]).toBe("4");
    const [, , , , msgs, bytes, redundancy] = await cells();
    expect(count(msgs!)).toBeGreaterThan(0);
    expect(Number(redundancy)).toBeCloseTo(count(msgs!) / 7 - 1, 2);
    const sentThen = count(await total(page, "Messages sent"));
    for (const r of [5, 6]) await step(page, r);
    expect(count(await total(page, "Messages sent"))).toBeGreaterThan(sentThen);
    expect((await cells()).slice(4)).toEqual([msgs, bytes, redundancy]);
  });

  it("shows who knows what in the Knowledge grid, and a cell selects its node and value", async () => {
    const page = await open(RING8.replace("drop=0.2", "drop=0"));
    await button(page, "Broadcast").click();
    await step(page, 1);
    await button(page, "Show the Knowledge grid").click();
    const grid = page.getByRole("grid", { name: "Knowledge" });
    await expect.poll(() => grid.getByRole("button", { name: "n7 learned 1 in round 0" }).count()).toBe(1);
    expect(await grid.getByRole("button", { name: "n6 learned 1 in round 1" }).count()).toBe(1);
    expect(await grid.getByRole("button", { name: "n3 does not know 1" }).count()).toBe(1);
    await grid.getByRole("button", { name: "n8 learned 1 in round 1" }).click();
    // textContent: the Inspector may be off screen, and the page skips rendering panels out of view.
    await expect.poll(() => page.locator(".inspector h3").first().textContent()).toBe("n8");
    await expect.poll(() => button(page, "1").getAttribute("aria-pressed")).toBe("true");
  });

  for (const [nodes, query] of [
    [32, "?demo=0&nodes=32&topology=random&seed=2&speed=5"],
    [1000, "?demo=0&nodes=1000&topology=random&seed=2&speed=5"],
  ] as const) {
    it(`draws the diagram at ${nodes} nodes`, async () => {
      const page = await open(query);
      await button(page, "Broadcast").click();
      for (const r of [1, 2, 3]) await step(page, r);
      if (nodes > 32) {
        await page.getByLabel("Inspect node").selectOption({ label: "n10" });
        await expect.poll(() => page.getByRole("img", { name: /^Space-time diagram/ }).getAttribute("aria-label")).toMatch(/: [2-9] lanes|: \d\d lanes/);
      } else {
        await expect.poll(() => page.getByRole("img", { name: /^Space-time diagram/ }).getAttribute("aria-label")).toContain(": 32 lanes");
      }
      await page.getByRole("heading", { name: "Space-time diagram" }).scrollIntoViewIfNeeded();
      await screenshot(page, `diagram-${nodes}`);
    });
  }
});
