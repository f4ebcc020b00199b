/**
 * The projector: at 1280x720 and scroll 0, the graph, the Spread chart, the round counter, Play/Pause
 * and Broadcast are wholly in view, with the settings a demo changes live (drop rate, fanout,
 * strategy) beside them; the top bar takes about 100 px; Tab's first stop leads to the graph, whose
 * focus ring shows inside its frame.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./harness";
import { appUrl, button, newPage, roundText, usePage } from "./page";

usePage();

const VIEW = { width: 1280, height: 720 };

async function inView(page: Page, what: Locator): Promise<boolean> {
  const box = await what.boundingBox();
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= VIEW.width && box.y + box.height <= VIEW.height;
}

/** The colour of the screen at (x, y), as "r,g,b". */
async function pixel(page: Page, x: number, y: number): Promise<string> {
  const png = (await page.screenshot({ clip: { x, y, width: 1, height: 1 } })).toString("base64");
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = new OffscreenCanvas(1, 1);
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(image, 0, 0);
    return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)).join(",");
  }, png);
}

describe("on a projector (1280x720)", () => {
  it("shows the graph, the chart, the counter, the transport and the live settings at scroll 0", async () => {
    const page = await newPage("light", VIEW);
    await page.goto(appUrl());
    await expect.poll(() => roundText(page), { timeout: 20_000 }).toMatch(/^Round \d+$/);
    const wanted: Record<string, Locator> = {
      graph: page.locator("canvas.graph-canvas"),
      chart: page.locator(".spread-chart svg").first(),
      "round counter": page.locator(".round"),
      "Play/Pause": page.locator(".transport .play"),
      Broadcast: button(page, "Broadcast"),
      Strategy: page.getByLabel("Strategy", { exact: true }),
      Fanout: page.getByLabel("Fanout", { exact: true }),
      "Drop rate": page.getByRole("slider", { name: "Drop rate" }),
    };
    const seen: Record<string, boolean> = {};
    for (const [name, locator] of Object.entries(wanted)) seen[name] = await inView(page, locator);
    expect(seen).toEqual(Object.fromEntries(Object.keys(wanted).map((k) => [k, true])));
    expect((await page.locator(".topbar").boundingBox())!.height).toBeLessThanOrEqual(115);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await screenshot(page, "projector-1280x720");
  });

  it("takes Tab's first stop straight to the graph, and shows its focus ring inside the frame", async () => {
    const page = await newPage("light", VIEW);
    await page.goto(appUrl() + "?demo=0");
    await expect.poll(() => roundText(page)).toBe("Round 0");
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to the graph");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("graph-canvas"))).toBe(true);
    const box = (await page.locator("canvas.graph-canvas").boundingBox())!;
    const focus = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--focus").trim());
    const rgb = [1, 3, 5].map((i) => Number.parseInt(focus.slice(i, i + 2), 16)).join(",");
    // Two px inside the canvas's left edge, halfway down: the ring.
    await expect.poll(() => pixel(page, Math.round(box.x + 2), Math.round(box.y + box.height / 2))).toBe(rgb);
    await page.locator("canvas.graph-canvas").blur();
    await expect.poll(() => pixel(page, Math.round(box.x + 2), Math.round(box.y + box.height / 2))).not.toBe(rgb);
  });
});

describe("the values table", () => {
  it.each([
    [1280, 720],
    [390, 844],
  ])("wraps or gives up columns at %ix%i instead of scrolling sideways", async (width, height) => {
    const page = await newPage("light", { width, height });
    await page.goto(appUrl() + "?demo=0&nodes=16&v=1&script=b3~2000b5&t=4000&paused=1");
    await expect.poll(() => page.getByRole("table", { name: "Messages", exact: true }).locator("tbody tr").count()).toBe(2);
    const fit = await page.locator("table.messages").evaluate((t) => {
      const box = t.closest(".table-scroll")!;
      return box.scrollWidth <= box.clientWidth;
    });
    expect(fit).toBe(true);
  });
});

describe("presenter mode", () => {
  it("shows a lesson's question, its answer and Reveal on the stage, with Play/Pause and Step, and says why a key cannot act", async () => {
    const page = await newPage("light", VIEW);
    await page.goto(appUrl() + "?lesson=partition&step=1");
    await expect.poll(() => page.getByRole("region", { name: "Lesson" }).textContent(), { timeout: 15_000 }).toContain("24 nodes in a ring");
    await button(page, "Present").click();
    const stage = page.getByRole("region", { name: "Presenter" });
    await expect.poll(() => stage.textContent()).toContain("How many nodes will know value 1 just before the heal, at 4 s?");
    // Space while the question waits: a notice, not silence.
    await page.keyboard.press(" ");
    await expect.poll(() => page.locator(".banner-notice").textContent()).toContain("The run waits for the answer to the lesson's question");
    await page.keyboard.press("c");
    await expect.poll(() => page.locator(".banner-notice").textContent()).toContain("C crashes the selected node: click a node first");
    await stage.getByRole("spinbutton").fill("12");
    await stage.getByRole("button", { name: "Reveal" }).click();
    await expect.poll(() => stage.textContent(), { timeout: 30_000 }).toMatch(/You predicted 12\. \d+ of 24 just before the heal/);
    await expect.poll(() => page.locator(".presenter-round").textContent()).toMatch(/^Round \d+ 3\.99 s$/);
    await screenshot(page, "presenter-lesson-1280x720");
    await stage.getByRole("button", { name: "Play", exact: true }).click();
    await expect.poll(() => stage.getByRole("button", { name: "Pause", exact: true }).count()).toBe(1);
    await stage.getByRole("button", { name: "Pause", exact: true }).click();
    await stage.getByRole("button", { name: "Step", exact: true }).click();
    await expect.poll(() => stage.getByRole("button", { name: "Play", exact: true }).count(), { timeout: 20_000 }).toBe(1);
    // P leaves, and P opens it again even with the graph focused.
    await page.keyboard.press("p");
    await expect.poll(() => stage.count()).toBe(0);
    await page.locator("canvas.graph-canvas").focus();
    await page.keyboard.press("p");
    await expect.poll(() => stage.count()).toBe(1);
  });
});

describe("small things a teacher trips over", () => {
  it("the diagram's wheel zooms it without scrolling the page; a crashed node's broadcast hint says so, and its notice goes on Restart", async () => {
    const page = await newPage("light", { width: 1440, height: 900 });
    await page.goto(appUrl() + "?demo=0&nodes=16&v=1&script=b3&t=2000&paused=1");
    await expect.poll(() => roundText(page)).toBe("Round 4");
    const canvas = page.locator("section.diagram canvas");
    await canvas.scrollIntoViewIfNeeded();
    const label = () => canvas.getAttribute("aria-label");
    const before = await label();
    const scrolled = await page.evaluate(() => window.scrollY);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    await expect.poll(label).not.toBe(before);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByLabel("Inspect node").selectOption({ label: "n3" });
    await button(page, "Crash").click();
    await expect.poll(() => page.locator(".transport-hint").textContent()).toBe("n3 is crashed: restart it to broadcast there");
    await button(page, "Broadcast").click();
    const notices = page.locator(".banner-notice");
    await expect.poll(() => notices.textContent()).toContain("Not done: n3 is crashed: restart it, or select another node, to broadcast there.");
    await button(page, "Restart").click();
    await expect.poll(() => notices.count()).toBe(0);
    await expect.poll(() => page.locator(".transport-hint").textContent()).toBe("next value at n3");
  });
});
