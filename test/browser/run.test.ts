/**
 * A run is a value, in a real Chromium: a link replays what people did (broadcasts at chosen nodes,
 * crashes, partitions) at the moment they were at; Step back and the Timeline return to earlier
 * rounds with the numbers they had; acting in the past forks the run and Undo brings the future
 * back; runs go out and come back as files; a message in flight can be dropped; and bin/gossip-sim
 * --run reports the same numbers as the page for an exported run.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ROOT, screenshot } from "./harness";
import { appUrl, button, newPage, open, roundText, searchParams, step, total, usePage, valueRow } from "./page";

usePage();

/** The run a new user tried in the issue: a 24-node ring, push-pull, fanout 3, 20% loss, seed 7. */
const RING24 = "?demo=0&nodes=24&topology=ring&gossip=push-pull&fanout=3&drop=0.2&seed=7&speed=5";
/** A loss-free ring of 8 without flooding: one hop a round each way. */
const RING8 = "?demo=0&nodes=8&topology=ring&seed=1&speed=5&drop=0&forward=off";
const TOTALS = ["Messages sent", "Delivered", "Dropped", "In flight", "Drop reasons"];

interface Shown {
  round: string | null;
  clock: string | null;
  rows: string[];
  totals: Record<string, string>;
}

/** What the page shows of the run: the round, the clock, every value row and the totals. */
async function shown(page: Page): Promise<Shown> {
  const rows = await page.getByRole("table", { name: "Messages", exact: true }).locator("tbody tr").allInnerTexts();
  const totals: Record<string, string> = {};
  for (const name of TOTALS) totals[name] = await total(page, name);
  return { round: await roundText(page), clock: await page.locator(".clock").textContent(), rows: rows.map((r) => r.replace(/\s+/g, " ").trim()), totals };
}

/** A count as the page prints it ("1,152"). */
const count = (text: string | undefined): number => Number(String(text).replaceAll(",", ""));

async function inspect(page: Page, name: string): Promise<void> {
  await page.getByLabel("Inspect node").selectOption({ label: name });
  await expect.poll(() => page.locator(".inspector h3").first().innerText()).toBe(name);
}

async function timeline(page: Page, key: string): Promise<void> {
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press(key);
}

/** Clicks a button that saves a file and returns the file's text. */
async function saved(page: Page, name: string): Promise<{ text: string; path: string; suggested: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), button(page, name).click()]);
  const path = await download.path();
  return { text: readFileSync(path, "utf8"), path, suggested: download.suggestedFilename() };
}

describe("a run is a value", () => {
  it("replays a link exactly: a broadcast at a chosen node, a crash and a partition, at the same moment", async () => {
    const page = await open(RING24);
    await inspect(page, "n5");
    await button(page, "Broadcast").click();
    await expect.poll(() => valueRow(page, 1)).toEqual(["1", "n5", "1/24", ""]);
    await step(page, 1);
    await inspect(page, "n10");
    await button(page, "Crash").click();
    await page.getByLabel("Partition", { exact: true }).fill("n1 n2 n3 n4 n5 n6 n7 n8 | n9 n11 n12");
    await button(page, "Apply partition").click();
    await expect.poll(() => page.locator(".faults .fieldset-note").innerText()).toBe("In force: n1 n2 n3 n4 n5 n6 n7 n8 | n9 n11 n12 | the rest");
    await step(page, 2);
    await step(page, 3);
    await button(page, "Play").click();
    await expect.poll(() => roundText(page), { timeout: 20_000 }).toMatch(/^Round ([6-9]|\d\d)$/);
    await button(page, "Pause").click();
    await button(page, "Play").waitFor();
    await expect.poll(() => searchParams(page).paused).toBe("1");
    const original = await shown(page);
    expect(count(original.totals["Dropped"])).toBeGreaterThan(0);
    expect(searchParams(page).script).toBe("b5~999x10~p1,2,3,4,5,6,7,8:9,11,12");
    const link = page.url();
    await screenshot(page, "partition-ring24");

    const copy = await newPage();
    await copy.goto(link);
    await expect.poll(() => shown(copy)).toEqual(original);
    expect(await button(copy, "Play").isVisible()).toBe(true);
    expect(await copy.locator(".faults .fieldset-note").innerText()).toBe("In force: n1 n2 n3 n4 n5 n6 n7 n8 | n9 n11 n12 | the rest");
  });

  it("steps back and travels the Timeline to earlier rounds, with the numbers they had", async () => {
    const page = await open(RING8);
    await button(page, "Broadcast").click();
    const at: Record<number, Shown> = { 0: await shown(page) };
    for (const r of [1, 2, 3]) {
      await step(page, r);
      await expect.poll(() => valueRow(page, 1).then((row) => row[2])).toBe(`${1 + 2 * r}/8`);
      at[r] = await shown(page);
    }
    await button(page, "Step back").click();
    await expect.poll(() => shown(page)).toEqual(at[2]);
    await button(page, "Step back").click();
    await expect.poll(() => shown(page)).toEqual(at[1]);
    await timeline(page, "Home");
    await expect.poll(() => roundText(page)).toBe("Round 0");
    expect((await valueRow(page, 1))[2]).toBe("1/8");
    await timeline(page, "ArrowRight");
    await expect.poll(() => shown(page)).toEqual({ ...at[0], clock: "Model time 0.49 s" });
    await timeline(page, "End");
    await expect.poll(() => shown(page)).toEqual(at[3]);
    // The slider itself: drag to a moment and the run is as it was then.
    const slider = page.getByRole("slider", { name: "Timeline" });
    expect(await slider.getAttribute("aria-valuetext")).toBe("1.99 s of 1.99 s, round 3");
    await slider.fill("1499");
    await expect.poll(() => shown(page)).toEqual(at[2]);
  });

  it("forks when acting in the past, and Undo brings the discarded future back", async () => {
    const page = await open(RING8);
    await button(page, "Broadcast").click();
    for (const r of [1, 2, 3]) await step(page, r);
    const end = await shown(page);
    const endLink = searchParams(page);
    await button(page, "Step back").click();
    await button(page, "Step back").click();
    await expect.poll(() => roundText(page)).toBe("Round 1");
    await inspect(page, "n1");
    await button(page, "Broadcast").click();
    const notice = page.locator(".banner-fork");
    await expect.poll(() => notice.innerText()).toContain("You changed the past at 0.99 s: the run after it was replaced.");
    await expect.poll(() => valueRow(page, 2)).toEqual(["2", "n1", "1/8", ""]);
    expect(searchParams(page).script).toBe("b7~999b1");
    // The Timeline now ends where the fork was made.
    expect(await page.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext")).toBe("0.99 s of 0.99 s, round 1");
    await button(page, "Undo").click();
    await expect.poll(() => notice.count()).toBe(0);
    await expect.poll(() => valueRow(page, 2)).toEqual([]);
    await timeline(page, "End");
    await expect.poll(() => shown(page)).toEqual(end);
    expect(searchParams(page)).toEqual(endLink);
  });

  it("exports a run and imports it again; a bad file is refused and the run kept", async () => {
    const page = await open(RING24);
    await inspect(page, "n3");
    await button(page, "Broadcast").click();
    await step(page, 1);
    await step(page, 2);
    const original = await shown(page);
    const file = await saved(page, "Export run");
    expect(file.suggested).toMatch(/^gossipscope-run-\d{8}-\d{4}\.json$/);
    const parsed = JSON.parse(file.text) as Record<string, unknown>;
    expect(parsed).toMatchObject({ format: "gossipscope-run", version: 1, endMs: 1499, commands: [{ t: 0, type: "inject", node: "n3" }] });
    expect(parsed.config).toMatchObject({ nodes: 24, topology: "ring", gossip: "push-pull", fanout: 3, dropRate: 0.2, seed: 7 });

    const log = await saved(page, "Export message log");
    const lines = log.text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const sent = lines.filter((l) => /^n\d+$/.test(String(l.src)) && /^n\d+$/.test(String(l.dest)));
    expect(sent.length).toBe(count(original.totals["Messages sent"]));
    expect(lines[0]).toEqual({ src: "c0", dest: "n1", body: expect.objectContaining({ type: "init", node_id: "n1", msg_id: 1 }), sent_at: 0, arrived_at: 0 });
    expect(sent.filter((l) => "dropped_at" in l).length).toBe(count(original.totals["Dropped"]));

    await button(page, "Reset").click();
    await expect.poll(() => valueRow(page, 1)).toEqual([]);
    await page.getByLabel("Import run").setInputFiles(file.path);
    await expect.poll(() => shown(page)).toEqual(original);

    const before = page.url();
    await page.getByLabel("Import run").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"format":"gossipscope-run","version":1,"config":{"nodes":"many"}}') });
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.innerText()).toContain('Could not open "broken.json": config: ');
    expect(await alert.innerText()).toContain("The current run is unchanged.");
    expect(page.url()).toBe(before);
    expect(await shown(page)).toEqual(original);
  });

  it("reports for an exported run what bin/gossip-sim --run reports for it", async () => {
    const page = await open(RING24);
    await inspect(page, "n5");
    await button(page, "Broadcast").click();
    await inspect(page, "n10");
    await button(page, "Crash").click();
    await button(page, "Play").click();
    await expect.poll(() => roundText(page), { timeout: 20_000 }).toMatch(/^Round ([8-9]|\d\d)$/);
    await button(page, "Pause").click();
    await button(page, "Play").waitFor();
    const page1 = await shown(page);
    const file = await saved(page, "Export run");
    const cli = spawnSync(process.execPath, [join(ROOT, "dist-cli", "gossip-sim.mjs"), "--run", file.path, "--json"], { encoding: "utf8" });
    expect(cli.stderr).toBe("");
    type Row = { value: number; origin: string; known_by: number; rounds: number | null; msgs_to_all: number | null; bytes_to_all: number | null; redundancy: number | null };
    const out = JSON.parse(cli.stdout) as { runs: { messages: { total: number; dropped: number } }[]; values: Row[] };
    expect(out.runs[0]!.messages.total).toBe(count(page1.totals["Messages sent"]));
    expect(out.runs[0]!.messages.dropped).toBe(count(page1.totals["Dropped"]));
    const live = Number(page1.rows[0]!.split(" ")[2]!.split("/")[1]);
    const cell = (x: number | null, f: (x: number) => string) => (x === null ? "" : ` ${f(x)}`);
    const rows = out.values.map(
      (v) =>
        `${v.value} ${v.origin} ${v.known_by}/${live}${cell(v.rounds, String)}${cell(v.msgs_to_all, (x) => x.toLocaleString("en-US"))}` +
        `${cell(v.bytes_to_all, (x) => x.toLocaleString("en-US"))}${cell(v.redundancy, (x) => x.toFixed(2))}`,
    );
    expect(rows).toEqual(page1.rows);
  });

  it("drops a message in flight by hand, and the link keeps the drop", async () => {
    const page = await open(RING8);
    await button(page, "Broadcast").click();
    await step(page, 1);
    await step(page, 2);
    // Back to just after round 2 fired: its gossip is on the wire.
    await page.getByRole("slider", { name: "Timeline" }).fill("1050");
    await expect.poll(() => roundText(page)).toBe("Round 2");
    await inspect(page, "n7");
    const inFlight = page.getByRole("list", { name: "Messages to and from n7 in flight" });
    await expect.poll(() => inFlight.getByRole("listitem").count()).toBeGreaterThan(0);
    const first = inFlight.getByRole("button").first();
    const seq = Number((await first.innerText()).slice(1));
    await first.click();
    const panel = page.locator(".message-panel");
    await expect.poll(() => panel.locator("h2").innerText()).toBe(`Message #${seq}`);
    const json = JSON.parse(await panel.locator("code").innerText()) as { src: string; dest: string; body: { type: string } };
    expect(json.body.type).toBe("gossip_sync");
    await button(page, "Drop this message").click();
    await expect.poll(() => total(page, "Drop reasons")).toBe("loss 0, partition 0, crashed 0, dropped by hand 1");
    await expect.poll(() => panel.innerText()).toContain("Not in flight at this moment");
    expect(searchParams(page).script).toBe(`b7~1050m${seq}`);
    await screenshot(page, "message-dropped");
    const copy = await newPage();
    await copy.goto(page.url());
    await expect.poll(() => total(copy, "Drop reasons")).toBe("loss 0, partition 0, crashed 0, dropped by hand 1");
  });

  it("cuts picked nodes off with a lasso, shows the cut, and heals", async () => {
    const page = await open(RING8.replace("forward=off", "forward=on"));
    const canvas = page.locator("canvas.graph-canvas");
    await expect.poll(() => canvas.getAttribute("data-layout"), { timeout: 15_000 }).toBe("settled");
    const box = (await canvas.boundingBox())!;
    // Shift-drag a lasso around the left half of the graph.
    await page.keyboard.down("Shift");
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.mouse.down();
    for (const [fx, fy] of [[0.5, 0], [0.5, 1], [0, 1], [0, 0.01]] as const) await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up("Shift");
    const picked = page.locator(".faults .field-hint").filter({ hasText: "Picked:" });
    await expect.poll(() => picked.count()).toBe(1);
    const names = (await picked.innerText()).replace("Picked: ", "").split(" ");
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(8);
    await button(page, "Cut off").click();
    await expect.poll(() => page.locator(".faults .fieldset-note").innerText()).toBe(`In force: ${names.join(" ")} | the rest`);
    await button(page, "Broadcast").click();
    for (const r of [1, 2, 3, 4]) await step(page, r);
    expect(Number((await total(page, "Drop reasons")).split(", ")[1]!.split(" ")[1])).toBeGreaterThan(0);
    await screenshot(page, "lasso-cut");
    await button(page, "Heal").click();
    await expect.poll(() => page.locator(".faults .fieldset-note").innerText()).toBe("No partition: every node can reach every other.");
    expect(searchParams(page).script).toMatch(/^p[\d,]+~b\d+~\d+h$/);
  });

  it("refuses a bad link script with one notice and starts a fresh run", async () => {
    const page = await newPage();
    await page.goto(appUrl() + RING8 + "&v=1&script=b5~x99&t=100");
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.innerText()).toContain("This link's run could not be read (script: command 2: crash node must be a node of the run (n1 to n8)); starting a new run instead.");
    await expect.poll(() => roundText(page)).toBe("Round 0");
    expect(await valueRow(page, 1)).toEqual([]);
  });

  it("refuses a link to a run the page cannot carry before building it, naming the figure and the limit", async () => {
    const page = await newPage();
    await page.goto(appUrl() + "?nodes=1200&topology=complete&fanout=1000&gossip=push&seed=1&v=1&script=b1009&t=0");
    const why = "this run would send about 1.2 million messages a gossip round; the page carries 1.0 million";
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain(`This link's settings are not opened: ${why}. Run them headless with bin/gossip-sim; here are the default settings.`);
    await expect.poll(() => page.locator("canvas").first().getAttribute("aria-label")).toMatch(/^Peer graph, random topology: 16 nodes, 32 links\./);
    expect(await roundText(page)).toBe("Round 0");
  });
});
