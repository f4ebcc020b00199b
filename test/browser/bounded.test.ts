/**
 * Bounded by construction, in a real Chromium: links whose runs the page cannot carry are refused at
 * once with one sentence naming the figure and the limit, and the tab's memory stays small (the
 * issue's 123-character link once took a tab to 9 GB).
 */
import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUrl, newPage, roundText, usePage } from "./page";

usePage();

/**
 * Resident memory of the largest Chromium renderer on the machine, MB: a tab and its workers run in
 * one renderer process, so a tab that runs away is the largest.
 */
function chromiumRssMb(): number {
  const out = execFileSync("ps", ["-C", "chromium", "-o", "rss=,args="], { encoding: "utf8" });
  const renderers = out.split("\n").filter((line) => line.includes("--type=renderer"));
  return Math.max(0, ...renderers.map((line) => Number(line.trim().split(/\s+/)[0]) / 1024));
}

async function opened(query: string): Promise<Page> {
  const page = await newPage();
  await page.goto(appUrl() + query);
  await expect.poll(() => roundText(page), { timeout: 10_000 }).toMatch(/^Round \d+$/);
  return page;
}

const notices = (page: Page) => page.locator(".banner-notice li span").allTextContents();

describe("links the page cannot carry", () => {
  it("are refused within 10 s with the figure and the limit, and the tab stays small", async () => {
    const page = await opened("?nodes=16&topology=ring&fanout=2&drop=0.1&latency=600000&interval=1&seed=7&v=1&script=b1&t=100000&paused=1");
    await expect.poll(() => notices(page), { timeout: 10_000 }).toContain(
      "This link's settings are not opened: this run would hold about 19 million messages in flight (32 a round every 1 ms, each up to 600,000 ms on its way); the page carries 1.0 million. Run them headless with bin/gossip-sim; here are the default settings.",
    );
    await page.waitForTimeout(2000);
    expect(chromiumRssMb()).toBeGreaterThan(0);
    expect(chromiumRssMb()).toBeLessThan(2048);
    expect(await page.getByLabel("Nodes", { exact: true }).first().inputValue()).toBe("16");
    expect(await page.getByLabel("Topology", { exact: true }).first().inputValue()).toBe("random");

    const far = await opened("?nodes=16&topology=ring&fanout=2&interval=1&seed=7&v=1&script=b1&t=360000000&paused=1");
    await expect.poll(() => notices(far), { timeout: 10_000 }).toContain(
      "This link's run is not opened: reaching 360,000 s would simulate about 12 billion messages; the page replays at most 20 million. Here are its settings without its commands.",
    );
    expect(await far.getByLabel("Topology", { exact: true }).first().inputValue()).toBe("ring");

    const dense = await opened("?nodes=20000&topology=random&degree=1000");
    await expect.poll(() => notices(dense), { timeout: 10_000 }).toContain(
      "This link's settings are not opened: this random graph would have about 10 million links; the page builds at most 2.0 million. Run them headless with bin/gossip-sim; here are the default settings.",
    );
    expect(chromiumRssMb()).toBeGreaterThan(0);
    expect(chromiumRssMb()).toBeLessThan(2048);
  });

  it("refuses a setting that would make the shown run too big, and changes nothing", async () => {
    const page = await opened("?demo=0&nodes=16&topology=ring&fanout=2&latency=600000&interval=500&seed=7");
    const interval = page.getByLabel("Gossip interval", { exact: true }).first();
    await interval.fill("1");
    await interval.press("Enter");
    await expect.poll(() => notices(page), { timeout: 10_000 }).toContain(
      "Not done: this run would hold about 19 million messages in flight (32 a round every 1 ms, each up to 600,000 ms on its way); the page carries 1.0 million.",
    );
    await expect.poll(() => interval.inputValue()).toBe("500");
  });
});
