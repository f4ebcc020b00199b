/**
 * The page at rest (issue 9), in a real Chromium: while a run plays, the clock follows it without a
 * React render at each step, and the graph's painter gets its frames from the simulation worker, not
 * through the page; paused, the page renders nothing, posts nothing to a worker or a port, and the
 * painter stops drawing. React commits are counted through the hook React DevTools use.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUrl, button, newPage, roundText, usePage } from "./page";

usePage();

/** A loss-free ring of 8 in real time. */
const RING8 = "?demo=0&nodes=8&topology=ring&seed=1&speed=1&drop=0";
/** The same in slow motion (a round every 2 s of wall time), as the page opens by default. */
const RING8_SLOW = "?demo=0&nodes=8&topology=ring&seed=1&speed=0.25&drop=0";

interface Activity {
  /** React commits. */
  commits: number;
  /** postMessage calls from the page to a worker or a message port. */
  posts: number;
  /** Changes of the clock's text. */
  clockChanges: number;
}

/** Installed before the page's scripts: counts what the page does (see Activity). */
function countActivity(): void {
  const counts: Activity = { commits: 0, posts: 0, clockChanges: 0 };
  const w = window as unknown as { activity: Activity; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
  w.activity = counts;
  // React's own name for the hook it reports commits to: not ours to rename.
  // oxlint-disable-next-line no-underscore-dangle
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onCommitFiberRoot: () => counts.commits++,
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
  };
  for (const proto of [Worker.prototype, MessagePort.prototype]) {
    const post = proto.postMessage as (...args: unknown[]) => void;
    proto.postMessage = function (this: unknown, ...args: unknown[]) {
      counts.posts++;
      post.apply(this, args);
    } as typeof proto.postMessage;
  }
  new MutationObserver((records) => {
    if (records.some((r) => (r.target instanceof Element ? r.target : r.target.parentElement)?.closest(".clock"))) counts.clockChanges++;
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function activity(page: Page): Promise<Activity> {
  return page.evaluate(() => ({ ...(window as unknown as { activity: Activity }).activity }));
}

async function openCounted(query: string): Promise<Page> {
  const page = await newPage();
  await page.addInitScript(countActivity);
  await page.goto(appUrl() + query);
  await expect.poll(() => roundText(page)).toBe("Round 0");
  await page.waitForFunction(() => document.querySelector("canvas")?.dataset.layout === "settled");
  return page;
}

describe("the page at rest", () => {
  it("follows the clock while playing without a React render at each of its steps", async () => {
    const page = await openCounted(RING8_SLOW);
    await button(page, "Broadcast").click();
    await button(page, "Play").click();
    await expect.poll(() => roundText(page)).toBe("Round 1");
    const before = await activity(page);
    const clockBefore = await page.locator(".clock").textContent();
    await expect.poll(() => roundText(page), { timeout: 15_000 }).toBe("Round 3");
    const after = await activity(page);
    expect(await page.locator(".clock").textContent()).not.toBe(clockBefore);
    const clockChanges = after.clockChanges - before.clockChanges;
    const commits = after.commits - before.commits;
    // Two rounds of 2 s: the clock moved many times (up to ten a second), React rendered a few
    // times a round (the value reached more nodes, the round's tick went on the Timeline).
    expect(clockChanges).toBeGreaterThanOrEqual(10);
    expect(commits, `${commits} React commits, ${clockChanges} clock changes`).toBeLessThan(clockChanges / 3);
  });

  it("playing, requests nothing, though the link in the address bar follows the run", async () => {
    const page = await openCounted(RING8);
    await button(page, "Broadcast").click();
    await button(page, "Play").click();
    await expect.poll(() => roundText(page)).toBe("Round 1");
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const linkBefore = page.url();
    await expect.poll(() => roundText(page)).toBe("Round 6");
    expect(page.url()).not.toBe(linkBefore);
    expect(requests).toEqual([]);
  });

  it("paused, renders nothing, posts nothing to a worker, and the painter stops drawing", async () => {
    const page = await openCounted(RING8);
    await button(page, "Broadcast").click();
    await button(page, "Play").click();
    await expect.poll(() => roundText(page)).toBe("Round 2");
    await button(page, "Pause").click();
    await button(page, "Play").waitFor();
    // Flashes fade and the painter's last report comes; then nothing should happen at all.
    await page.waitForTimeout(1500);
    const frames = await page.locator("canvas.graph-canvas").getAttribute("data-frames");
    const before = await activity(page);
    await page.waitForTimeout(2000);
    const after = await activity(page);
    expect(after.commits - before.commits).toBe(0);
    expect(after.posts - before.posts).toBe(0);
    expect(after.clockChanges - before.clockChanges).toBe(0);
    expect(await page.locator("canvas.graph-canvas").getAttribute("data-frames")).toBe(frames);
    // And it still answers at once: a Step runs the next round.
    await button(page, "Step").click();
    await expect.poll(() => roundText(page)).toBe("Round 3");
  });
});
