/**
 * One moment, one picture, in a real Chromium: pausing, stepping and resetting never raise a false
 * "busy" alarm; a paused graph holds still; the same moment draws the same pixels reached live, from
 * a fresh link and after seeking away and back; and at a paused moment every panel counts the same
 * messages in flight, a dropped message is lost everywhere at once, and the exported log's times
 * are the page's.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, screenshot } from "./harness";
import { appUrl, button, newPage, open, roundText, step, usePage, valueRow } from "./page";

usePage();

/** The run of the issue: 16 random nodes, 10 % loss, value 1 at n14. */
const RUN = "?nodes=16&topology=random&degree=4&fanout=2&drop=0.1&latency=100&interval=500&gossip=push&forward=off&seed=1&v=1&script=b14";
/** The same with 30 % loss and a latency longer than the interval: just before a round, messages are in flight and losses fading. */
const SLOW_RUN = RUN.replace("drop=0.1&latency=100", "drop=0.3&latency=700");
const CONTROLS = ["Step back", "Step", "Reset", "Broadcast"];
const count = (text: string): number => Number(text.replaceAll(",", ""));

/** Waits `ms` of real time, failing at once if the page raises an alert about the simulation. */
async function noAlarmFor(page: Page, ms: number): Promise<void> {
  const banner = page.locator(".banner-failure");
  for (const end = Date.now() + ms; Date.now() < end; ) {
    expect(await banner.count()).toBe(0);
    await page.waitForTimeout(250);
  }
  expect(await banner.count()).toBe(0);
}

/** Every control is enabled (at time 0 with nothing run yet, Step back and the Timeline have nowhere to go), and Broadcast works. */
async function controlsWork(page: Page, atStart = false): Promise<void> {
  const enabled: Record<string, boolean> = {};
  for (const name of [...CONTROLS, "Play"]) enabled[name] = await button(page, name).isEnabled();
  enabled["Timeline"] = await page.getByRole("slider", { name: "Timeline" }).isEnabled();
  expect(enabled).toEqual({ "Step back": !atStart, Step: true, Reset: true, Broadcast: true, Play: true, Timeline: !atStart });
  const values = await page.getByRole("table", { name: "Messages", exact: true }).locator("tbody tr").count();
  await button(page, "Broadcast").click();
  await expect.poll(() => valueRow(page, values + 1).then((row) => row.length)).toBe(4);
}

/**
 * The graph's pixels, once its layout has settled: what the canvas shows, 2 px inside its box (the
 * box's edge falls on a fraction of a pixel that differs with the page's layout around it).
 */
async function graphPixels(page: Page): Promise<Buffer> {
  const canvas = page.locator("canvas.graph-canvas");
  await expect.poll(() => canvas.getAttribute("data-layout"), { timeout: 20_000 }).toBe("settled");
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const x = Math.ceil(box.x) + 2;
  const y = Math.ceil(box.y) + 2;
  return page.screenshot({ clip: { x, y, width: Math.floor(box.x + box.width) - 2 - x, height: Math.floor(box.y + box.height) - 2 - y } });
}

/** Pixels of the graph until two shots 300 ms apart agree (the painter draws a frame after the page shows the moment). */
async function settledPixels(page: Page): Promise<Buffer> {
  let last = await graphPixels(page);
  for (let tries = 0; tries < 20; tries++) {
    await page.waitForTimeout(300);
    const next = await graphPixels(page);
    if (next.equals(last)) return next;
    last = next;
  }
  throw new Error("the graph never held still");
}

describe("a paused page", () => {
  it("is never busy: Pause, Step while playing and Reset while playing, each followed by 8 s", async () => {
    const page = await open("");
    await expect.poll(() => roundText(page), { timeout: 20_000 }).not.toBe("Round 0");
    await button(page, "Pause").click();
    await button(page, "Play").waitFor();
    await noAlarmFor(page, 8000);
    await controlsWork(page);

    await button(page, "Play").click();
    await button(page, "Pause").waitFor();
    await button(page, "Step").click();
    await button(page, "Play").waitFor({ timeout: 20_000 });
    await noAlarmFor(page, 8000);
    await controlsWork(page);

    await button(page, "Play").click();
    await button(page, "Pause").waitFor();
    const roundBefore = await roundText(page);
    await button(page, "Reset").click();
    await expect.poll(() => roundText(page)).toBe("Round 0");
    await noAlarmFor(page, 8000);
    // Reset put the run aside (Undo brings it back) and the controls work on the new run.
    await expect.poll(() => page.locator(".banner-fork").textContent()).toMatch(/^Reset put the run aside: \d+\.\d\d s of it and 3 commands\./);
    await controlsWork(page, true);
    await button(page, "Undo").click();
    await expect.poll(() => roundText(page)).toBe(roundBefore);
    await expect.poll(() => page.getByRole("table", { name: "Messages", exact: true }).locator("tbody tr").count()).toBe(3);
  });

  it("holds still, and draws a moment the same live, from a fresh link and after seeking away and back", async () => {
    const live = await open(SLOW_RUN + "&t=0&paused=1");
    for (let r = 1; r <= 4; r++) await step(live, r);
    const atMs = 2499;
    await expect.poll(() => live.getByRole("slider", { name: "Timeline" }).inputValue()).toBe(String(atMs));
    const shot = await settledPixels(live);
    await screenshot(live, "moment-live");
    // Paused: two seconds later, the same pixels.
    await live.waitForTimeout(2000);
    expect((await graphPixels(live)).equals(shot)).toBe(true);
    // Away and back on the Timeline.
    const slider = live.getByRole("slider", { name: "Timeline" });
    await slider.focus();
    await live.keyboard.press("Home");
    await expect.poll(() => roundText(live)).toBe("Round 0");
    await live.keyboard.press("End");
    await expect.poll(() => roundText(live)).toBe("Round 4");
    expect((await settledPixels(live)).equals(shot)).toBe(true);

    const fresh = await newPage();
    await fresh.goto(`${appUrl()}${SLOW_RUN}&t=${atMs}&paused=1`);
    await expect.poll(() => roundText(fresh), { timeout: 20_000 }).toBe("Round 4");
    const freshShot = await settledPixels(fresh);
    await screenshot(fresh, "moment-fresh-link");
    if (!freshShot.equals(shot)) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(join(SCREENSHOTS, "moment-graph-live.png"), shot);
      writeFileSync(join(SCREENSHOTS, "moment-graph-fresh.png"), freshShot);
    }
    expect(freshShot.equals(shot)).toBe(true);
  });
});

/** Rows of the Message log as [sent, fate, from, to, type]. */
async function logRows(page: Page): Promise<string[][]> {
  const rows = await page.getByRole("table", { name: "Message log" }).locator("tbody tr").all();
  // Text content, not inner text: the panel may be out of view, where it is not rendered (content-visibility).
  return Promise.all(rows.map(async (r) => (await r.locator("td").allTextContents()).map((t) => t.trim()).slice(0, 5)));
}

async function totals(page: Page) {
  const figure = async (name: string) => count(((await page.locator(`dl.totals dt:text-is("${name}") + dd`).textContent()) ?? "").trim());
  return { sent: await figure("Messages sent"), delivered: await figure("Delivered"), dropped: await figure("Dropped"), inFlight: await figure("In flight") };
}

describe("the panels at a paused moment", () => {
  it("count the same messages in flight, show a dropped one lost at once, and export the page's times", async () => {
    const page = await open(RUN + "&t=2520&paused=1");
    await expect.poll(() => page.locator(".clock").textContent()).toBe("Model time 2.52 s");
    await page.getByLabel("Inspect node").selectOption({ label: "n16" });
    const before = await totals(page);
    expect(before.sent).toBe(before.delivered + before.dropped + before.inFlight);
    expect(before.inFlight).toBeGreaterThan(0);
    const inFlightRows = (rows: string[][]) => rows.filter((r) => r[1] === "in flight");
    await expect.poll(async () => inFlightRows(await logRows(page)).length).toBe(before.inFlight);
    const list = page.getByRole("list", { name: "Messages to and from n16 in flight" });
    const ofN16 = inFlightRows(await logRows(page)).filter((r) => r[2] === "n16" || r[3] === "n16");
    await expect.poll(() => list.getByRole("listitem").count()).toBe(ofN16.length);

    // Drop one of n16's messages: the totals, the log and the inspector say so at once.
    const item = list.getByRole("listitem").first();
    const [, type, from, , to] = (await item.textContent())!.match(/^#\d+ (\S+) (n\d+) (→) (n\d+)/)!;
    await item.getByRole("button").click();
    await button(page, "Drop this message").click();
    await expect.poll(() => totals(page)).toEqual({ ...before, dropped: before.dropped + 1, inFlight: before.inFlight - 1 });
    await expect.poll(async () => inFlightRows(await logRows(page)).length).toBe(before.inFlight - 1);
    await expect.poll(async () => (await logRows(page)).filter((r) => r[1] === "lost 2.52 s (dropped)").map((r) => r.slice(2))).toEqual([[from, to, type]]);
    await expect.poll(() => list.getByRole("listitem").count()).toBe(ofN16.length - 1);

    // The exported log: every loss the page lists, at the time it lists it.
    const [download] = await Promise.all([page.waitForEvent("download"), button(page, "Export message log").click()]);
    const lines = readFileSync(await download.path(), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const seconds = (ms: unknown) => `${(Math.floor(Number(ms) / 10) / 100).toFixed(2)} s`;
    const exportedLosses = lines.filter((l) => "dropped_at" in l && Number(l.sent_at) >= 1000).map((l) => [seconds(l.sent_at), `lost ${seconds(l.dropped_at)} (${l.reason})`, l.src, l.dest, (l.body as { type: string }).type].join(" "));
    const pageLosses = (await logRows(page)).filter(([sent = "", fate = ""]) => fate.startsWith("lost") && Number.parseFloat(sent) >= 1).map((r) => r.join(" "));
    expect(pageLosses.length).toBeGreaterThan(1);
    expect(exportedLosses.sort()).toEqual(pageLosses.sort());
    expect(lines.filter((l) => l.in_flight === true).length).toBe(before.inFlight - 1);
  });
});

describe("a slider", () => {
  it("is one command when a drag is released, and one per arrow key step", async () => {
    const page = await open(RUN + "&t=1000&paused=1");
    const hint = page.locator(".timeline-hint");
    await expect.poll(() => hint.textContent()).toMatch(/^0 s1 command ·/);
    const slider = page.getByRole("slider", { name: "Drop rate" });
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.02), y);
    // While the drag goes on, the value beside the slider follows and nothing is recorded.
    await expect.poll(async () => Number.parseInt((await slider.getAttribute("aria-valuetext")) ?? "")).toBeGreaterThan(50);
    const dragged = Number.parseInt((await slider.getAttribute("aria-valuetext"))!);
    expect(await hint.textContent()).toMatch(/^0 s1 command ·/);
    await page.mouse.up();
    await expect.poll(() => hint.textContent()).toMatch(/^0 s2 commands ·/);
    expect(await slider.getAttribute("aria-valuetext")).toBe(`${dragged}%`);
    await slider.focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => hint.textContent()).toMatch(/^0 s4 commands ·/);
    expect(await slider.getAttribute("aria-valuetext")).toBe(`${dragged - 2}%`);
  });
});
