/**
 * The page at its node limit: structured topologies are laid out at once (data-layout reads
 * "settled" from the first frame and never "running"), a large random graph runs its layout and
 * settles, and the node picker of a graph too large to list takes a typed name.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { appUrl, newPage, usePage } from "./page";

usePage();

/** Every value the graph canvas's data-layout took, in order (recorded from before the page's scripts). */
async function openRecordingLayout(query: string): Promise<Page> {
  const page = await newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { layoutStates: string[] }).layoutStates = seen;
    new MutationObserver((records) => {
      for (const r of records) seen.push((r.target as HTMLElement).dataset.layout ?? "");
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-layout"] });
  });
  await page.goto(`${appUrl()}${query}`);
  return page;
}

const layoutStates = (page: Page) => page.evaluate(() => (window as unknown as { layoutStates: string[] }).layoutStates.join(" "));

describe("20,000 nodes", () => {
  it("lays a 20,000-node ring out at once: settled from the first frame, never running", async () => {
    const page = await openRecordingLayout("?demo=0&nodes=20000&topology=ring&seed=1");
    await expect.poll(() => page.locator("canvas.graph-canvas").getAttribute("data-layout"), { timeout: 30_000 }).toBe("settled");
    expect(await layoutStates(page)).toBe("settled");
    // Too many nodes to list: the picker takes a name.
    const picker = page.getByLabel("Inspect node");
    expect(await picker.evaluate((e) => e.tagName)).toBe("INPUT");
    await picker.fill("n12345");
    await picker.press("Enter");
    await expect.poll(() => page.locator(".inspector h3").first().innerText()).toBe("n12345");
    await picker.fill("n20001");
    await picker.press("Enter");
    expect(await picker.evaluate((e) => (e as HTMLInputElement).validationMessage)).toBe('No node "n20001": names run from n1 to n20000.');
    // The space-time diagram's lanes are added by name too, and the field empties for the next one.
    const diagram = page.getByRole("img", { name: /^Space-time diagram/ });
    const lanes = async () => Number(/(\d+) lanes/.exec((await diagram.getAttribute("aria-label")) ?? "")?.[1]);
    const before = await lanes();
    const addLane = page.getByLabel("Add lane");
    await addLane.fill("n777");
    await addLane.press("Enter");
    await expect.poll(lanes).toBe(before + 1);
    expect(await addLane.inputValue()).toBe("");
  });

  it("runs the force layout of a large random graph and settles", async () => {
    const page = await openRecordingLayout("?demo=0&nodes=5000&topology=random&seed=1");
    await expect.poll(() => page.locator("canvas.graph-canvas").getAttribute("data-layout"), { timeout: 30_000 }).toBe("settled");
    expect(await layoutStates(page)).toMatch(/^running( running)* settled$/);
  });
});
