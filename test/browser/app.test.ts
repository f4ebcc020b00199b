/**
 * The built page in a real Chromium, served from a sub-path under a strict CSP. Runs use demo=0 and
 * fixed seeds, and advance with Step where a figure is asserted, so the figures are exact: they are
 * the engine's, for the run the URL names. Every test also fails on a console error, a page error,
 * a CSP violation or a request to another origin.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { SERVER_CSP, screenshot } from "./harness";
import { allowConsoleErrors, appUrl, button, newPage, open, roundText, searchParams, step, total, usePage, valueRow } from "./page";

/** Exact run parameters for each test; speed 5 keeps wall time short. */
/** A loss-free ring of 8 with flooding on (the page defaults are lossy and flood-free). */
const RING8 = "?demo=0&nodes=8&topology=ring&seed=1&speed=5&drop=0&forward=on";

usePage();

describe("GossipScope in Chromium", () => {
  it("is built for a strict CSP: policy in a meta tag, no inline script or style", () => {
    const html = readFileSync(join(inject("distDir"), "index.html"), "utf8");
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replaceAll("&#39;", "'");
    expect(meta).toBe(SERVER_CSP.replace("; frame-ancestors 'none'", ""));
    expect(html).not.toMatch(/style=/);
    expect(html).not.toMatch(/<style/);
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => /\bsrc="\.\//.test(m[0]))).toBe(true);
  });

  it("draws the graph in a worker: the page's canvas is handed over, and messages still animate on it", async () => {
    // Latency near the round keeps messages in the air at every moment: with RING8's short latency
    // they fly a fifth of each round, and the painter's half-second report can fall in the gaps
    // round after round (500 ms of wall time is five rounds at speed 5).
    const page = await open(`${RING8}&latency=400`);
    expect(page.workers().filter((w) => w.url().includes("paint.worker"))).toHaveLength(1);
    // A canvas whose control went to an OffscreenCanvas has no context on the page any more.
    const onPage = await page.evaluate(() => {
      try {
        return document.querySelector<HTMLCanvasElement>("canvas.graph-canvas")!.getContext("2d") !== null;
      } catch {
        return false;
      }
    });
    expect(onPage).toBe(false);
    await button(page, "Broadcast").click();
    await button(page, "Play").click();
    await expect.poll(() => page.locator("canvas.graph-canvas").getAttribute("data-in-flight")).toMatch(/^[1-9]\d*$/);
  });

  it("runs the simulation in a worker, not on the main thread", async () => {
    const page = await open(RING8);
    // The graph view has a layout worker of its own; the simulation has exactly one.
    const sim = page.workers().filter((w) => w.url().includes("sim.worker"));
    expect(sim.map((w) => new URL(w.url()).pathname)).toEqual([expect.stringMatching(/^\/gossipscope\/demo\/assets\/sim\.worker-[\w-]+\.js$/)]);
    // The engine's code is in the worker's bundle and not in the page's.
    const assetDir = join(inject("distDir"), "assets");
    const assets = readdirSync(assetDir);
    const source = (prefix: string) => assets.filter((f) => f.startsWith(prefix) && f.endsWith(".js")).map((f) => readFileSync(join(assetDir, f), "utf8"));
    const engineMarker = "advanceTo needs a finite time";
    expect(source("sim.worker-").some((s) => s.includes(engineMarker))).toBe(true);
    expect(source("index-").some((s) => s.includes(engineMarker))).toBe(false);
    expect(await roundText(page)).toBe("Round 0");
    await button(page, "Play").click();
    await expect.poll(() => roundText(page), { timeout: 15_000 }).toMatch(/^Round ([3-9]|\d\d+)$/);
    await button(page, "Pause").click();
    await button(page, "Play").waitFor();
  });

  it("spreads a broadcast over a ring by gossip alone until every node knows it", async () => {
    const page = await open(RING8.replace("forward=on", "forward=off"));
    await button(page, "Broadcast").click();
    await expect.poll(() => valueRow(page, 1)).toEqual(["1", "n7", "1/8", ""]);
    await button(page, "Play").click();
    await expect.poll(() => valueRow(page, 1), { timeout: 20_000 }).toEqual(["1", "n7", "8/8", "4"]);
    await screenshot(page, "ring-converged");
  });

  it("with drop rate 1 nothing leaves the origin, and every send is counted as dropped", async () => {
    const page = await open(RING8.replace("drop=0", "drop=1"));
    await button(page, "Broadcast").click();
    await step(page, 1);
    await step(page, 2);
    await step(page, 3);
    await expect.poll(() => valueRow(page, 1)).toEqual(["1", "n7", "1/8", ""]);
    expect(await total(page, "Messages sent")).toBe("8");
    expect(await total(page, "Dropped")).toBe("8");
    expect(await total(page, "Drop reasons")).toBe("loss 8, partition 0, crashed 0");
  });

  it("Step runs exactly one round and stops", async () => {
    const page = await open(RING8);
    expect(await roundText(page)).toBe("Round 0");
    await step(page, 1);
    // Just before round 2 fires at 1,000 ms.
    expect(await page.locator(".clock").textContent()).toBe("Model time 0.99 s");
    await page.waitForTimeout(1500);
    expect(await roundText(page)).toBe("Round 1");
    expect(await button(page, "Play").isVisible()).toBe(true);
  });

  it("names a bad URL parameter, uses its default, and keeps working", async () => {
    const page = await open("?demo=0&nodes=8&topology=ring&seed=1&speed=5&forward=on&colour=red&drop=2");
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.innerText()).toContain('Unknown URL parameter "colour" was ignored.');
    expect(await alert.innerText()).toContain('URL parameter drop="2" must be a number from 0 to 1; using 0.1.');
    expect(searchParams(page)).toMatchObject({ drop: "0.1", nodes: "8" });
    expect(searchParams(page).colour).toBeUndefined();
    await button(page, "Broadcast").click();
    await step(page, 1);
    await expect.poll(() => valueRow(page, 1)).toEqual(["1", "n7", "8/8", "0"]);
    await button(page, 'Dismiss: Unknown URL parameter "colour" was ignored.').click();
    expect(await alert.innerText()).not.toContain("colour");
  });

  it("crashes and restarts a node from the inspector, and the restarted node catches up", async () => {
    const page = await open(RING8);
    await page.getByLabel("Inspect node").selectOption({ label: "n3" });
    const inspector = page.locator(".inspector");
    await expect.poll(() => inspector.locator("h3").first().innerText()).toBe("n3");
    await button(page, "Crash").click();
    await expect.poll(() => inspector.locator('dt:text-is("Status") + dd').innerText()).toBe("crashed");
    expect(await button(page, "Crash").isDisabled()).toBe(true);
    // A crashed node takes no broadcast: Broadcast at the selected n3 is refused, with a notice.
    await button(page, "Broadcast").click();
    await expect.poll(() => page.getByRole("alert").innerText()).toContain("Not done: n3 is crashed: restart it, or select another node, to broadcast there.");
    await page.getByLabel("Inspect node").selectOption({ label: "none" });
    await button(page, "Broadcast").click();
    await button(page, "Play").click();
    // The ring without n3 is a line of 7: flooding reaches all of them.
    await expect.poll(() => valueRow(page, 1).then((r) => r[2]), { timeout: 20_000 }).toBe("7/7");
    await page.getByLabel("Inspect node").selectOption({ label: "n3" });
    await expect.poll(() => inspector.locator('dt:text-is("Status") + dd').innerText()).toBe("crashed");
    await screenshot(page, "crashed-node");
    await button(page, "Restart").click();
    await expect.poll(() => inspector.locator('dt:text-is("Status") + dd').innerText()).toBe("alive");
    await expect.poll(() => valueRow(page, 1).then((r) => r[2]), { timeout: 20_000 }).toBe("8/8");
    await expect.poll(() => inspector.locator('dt:text-is("Knows") + dd').innerText()).toBe("1 value: 1");
    expect(await inspector.locator(".trace li").count()).toBeGreaterThan(0);
  });

  it("selects and broadcasts at a node from the graph by keyboard", async () => {
    const page = await open(RING8);
    const canvas = page.locator("canvas.graph-canvas");
    await canvas.focus();
    await page.keyboard.press("n");
    await page.keyboard.press("n");
    await expect.poll(() => page.locator(".inspector h3").first().innerText()).toBe("n2");
    expect(await page.getByLabel("Inspect node").inputValue()).toBe("1");
    await page.keyboard.press("Enter");
    await expect.poll(() => valueRow(page, 1)).toEqual(["1", "n2", "1/8", ""]);
    await button(page, "Broadcast").click();
    await expect.poll(() => valueRow(page, 2)).toEqual(["2", "n2", "1/8", ""]);
  });

  it("Reset returns the run to time 0, paused, with nothing injected", async () => {
    const page = await open(RING8);
    await button(page, "Broadcast").click();
    await button(page, "Play").click();
    await expect.poll(() => roundText(page), { timeout: 10_000 }).toMatch(/^Round [2-9]/);
    const before = searchParams(page);
    expect(before.script).toBe("b7");
    await button(page, "Reset").click();
    await expect.poll(() => roundText(page)).toBe("Round 0");
    await button(page, "Play").waitFor();
    expect(await page.locator(".clock").textContent()).toBe("Model time 0.00 s");
    expect(await page.getByRole("table", { name: "Messages", exact: true }).getByRole("row").count()).toBe(1);
    // The same settings, an empty script, time 0.
    await expect.poll(() => searchParams(page)).toEqual({ ...before, script: "", t: "0", paused: "1" });
    // The same run again: the first broadcast lands where it did before.
    await button(page, "Broadcast").click();
    await expect.poll(() => valueRow(page, 1)).toEqual(["1", "n7", "1/8", ""]);
  });

  it("changes the drop rate live, without restarting the run", async () => {
    const page = await open(RING8.replace("forward=on", "forward=off"));
    await button(page, "Play").click();
    await expect.poll(() => roundText(page)).not.toBe("Round 0");
    const slider = page.getByLabel("Drop rate");
    await slider.focus();
    await page.keyboard.press("End");
    // A live change is a command of the run: the link starts at drop 0 and sets 1 when it was set.
    await expect.poll(() => searchParams(page).script).toMatch(/^\d*d1$/);
    expect(searchParams(page).drop).toBe("0");
    await button(page, "Broadcast").click();
    const round = Number((await roundText(page))!.split(" ")[1]);
    await expect.poll(() => roundText(page).then((t) => Number(t!.split(" ")[1])), { timeout: 15_000 }).toBeGreaterThanOrEqual(round + 3);
    expect((await valueRow(page, 1))[2]).toBe("1/8");
    expect(Number(await total(page, "Dropped"))).toBeGreaterThan(0);
    await slider.focus();
    await page.keyboard.press("Home");
    await expect.poll(() => searchParams(page).script).toMatch(/d1~.*d0$/);
    await expect.poll(() => valueRow(page, 1).then((r) => r[2]), { timeout: 20_000 }).toBe("8/8");
    // Same run throughout: the round count never went back to 0.
    expect(Number((await roundText(page))!.split(" ")[1])).toBeGreaterThan(round);
  });

  it("keeps the URL equal to the controls, so a reload gives the same run", async () => {
    const page = await open(RING8);
    const nodes = page.getByLabel("Nodes", { exact: true });
    await nodes.fill("12");
    await nodes.press("Enter");
    await page.getByLabel("Topology", { exact: true }).selectOption("grid");
    // Live settings changed at time 0, then a new seed: the new run starts from the settings in force.
    await page.getByLabel("Strategy", { exact: true }).selectOption("push-pull");
    const fanout = page.getByLabel("Fanout");
    await fanout.fill("3");
    await fanout.press("Tab");
    const interval = page.getByLabel("Gossip interval");
    await interval.fill("300");
    await interval.press("Enter");
    const latency = page.getByLabel("Latency");
    await latency.fill("40");
    await latency.press("Enter");
    await page.getByLabel("Forward on broadcast").uncheck();
    const seed = page.getByLabel("Seed", { exact: true });
    await seed.fill("9");
    await seed.press("Enter");
    await page.getByLabel("Speed").selectOption("1");
    const expected = {
      nodes: "12",
      topology: "grid",
      degree: "4",
      fanout: "3",
      drop: "0",
      latency: "40",
      interval: "300",
      gossip: "push-pull",
      forward: "off",
      seed: "9",
      speed: "1",
      v: "1",
      script: "",
      t: "0",
      paused: "1",
    };
    await expect.poll(() => searchParams(page)).toEqual(expected);
    await page.reload();
    await page.getByRole("table", { name: "Messages", exact: true }).waitFor();
    expect(searchParams(page)).toEqual(expected);
    expect(await nodes.inputValue()).toBe("12");
    expect(await page.getByLabel("Topology", { exact: true }).inputValue()).toBe("grid");
    expect(await page.getByLabel("Strategy", { exact: true }).inputValue()).toBe("push-pull");
    expect(await page.getByLabel("Forward on broadcast").isChecked()).toBe(false);
    expect(await page.getByLabel("Inspect node").locator("option").count()).toBe(13);
  });

  it("refuses a bad number in a field with a message, and keeps the run", async () => {
    const page = await open(RING8);
    const nodes = page.getByLabel("Nodes", { exact: true });
    await nodes.fill("0");
    await nodes.press("Enter");
    await expect.poll(() => page.getByRole("alert").innerText()).toBe("Nodes must be a whole number from 1 to 20000.");
    expect(await nodes.getAttribute("aria-invalid")).toBe("true");
    expect(searchParams(page).nodes).toBe("8");
    await nodes.press("Escape");
    expect(await nodes.inputValue()).toBe("8");
    expect(await page.getByRole("alert").count()).toBe(0);
  });

  it("shows gossip to a first-time visitor within ten seconds", async () => {
    const page = await newPage();
    await page.goto(appUrl());
    await expect.poll(() => valueRow(page, 1).then((r) => r[0]), { timeout: 10_000 }).toBe("1");
    await expect.poll(() => roundText(page), { timeout: 10_000 }).toMatch(/^Round [1-9]/);
    expect(await button(page, "Pause").isVisible()).toBe(true);
    await screenshot(page, "demo-light");
  });

  it("looks right in the dark theme mid-run", async () => {
    const page = await open("?seed=1", "dark");
    await expect.poll(() => roundText(page), { timeout: 10_000 }).toBe("Round 1");
    await page.getByLabel("Inspect node").selectOption({ label: "n2" });
    await page.waitForTimeout(600);
    await screenshot(page, "demo-dark");
  });

  it("works from the keyboard, with a visible focus ring", async () => {
    const page = await open(RING8);
    let focused = "";
    for (let i = 0; i < 20 && focused !== "Play"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.textContent?.replace(/[^\w ]/g, "").trim() ?? "");
    }
    expect(focused).toBe("Play");
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(outline).toBe("solid 3px");
    await page.keyboard.press("Space");
    await button(page, "Pause").waitFor();
    await page.keyboard.press("Enter");
    await button(page, "Play").waitFor();
    // Past Step back, Step.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/[^\w ]/g, "").trim())).toBe("Step");
    await page.keyboard.press("Enter");
    await expect.poll(() => roundText(page)).not.toBe("Round 0");
  });

  it("says so when the worker fails, and restarts it", async () => {
    allowConsoleErrors(/simulated worker failure/);
    const page = await newPage();
    await page.route(/sim\.worker-[\w-]+\.js$/, (route) =>
      route.fulfill({ contentType: "text/javascript", body: "throw new Error('simulated worker failure');" }),
    );
    await page.goto(appUrl() + RING8);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.innerText()).toContain("The simulation stopped.");
    expect(await alert.innerText()).toContain("simulated worker failure");
    await page.unroute(/sim\.worker-[\w-]+\.js$/);
    await button(page, "Restart simulation").click();
    await expect.poll(() => alert.count()).toBe(0);
    await button(page, "Broadcast").click();
    await expect.poll(() => valueRow(page, 1)).toEqual(["1", "n7", "1/8", ""]);
  });

  it("says so when the worker stops answering", async () => {
    const page = await newPage();
    await page.route(/sim\.worker-[\w-]+\.js$/, (route) => route.fulfill({ contentType: "text/javascript", body: "self.onmessage = () => {};" }));
    await page.goto(appUrl() + RING8);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.innerText(), { timeout: 12_000 }).toContain("The simulation is busy. It has not answered for 5 seconds");
    await page.unroute(/sim\.worker-[\w-]+\.js$/);
    await button(page, "Restart simulation").click();
    await expect.poll(() => alert.count(), { timeout: 5000 }).toBe(0);
    await step(page, 1);
  });
});
