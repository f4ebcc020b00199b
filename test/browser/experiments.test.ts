/**
 * The Experiments panel in a real Chromium: the Experiment field takes gossip-sim flags, runs them in
 * the experiment worker, and its downloads are byte for byte what `gossip-sim <flags> --csv` and
 * `--json` print; a bad flag shows gossip-sim's own line and runs nothing; the controls write flags;
 * Cancel stops a long experiment.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ROOT, screenshot } from "./harness";
import { open, usePage } from "./page";

usePage();

const FLAGS = "--nodes 30 --topology complete --drop 0 --sweep fanout=1,2 --trials 3 --seed 4";

/** What the built gossip-sim prints for `flags`. */
function gossipSim(flags: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(ROOT, "dist-cli/gossip-sim.mjs"), ...flags.split(" ")], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

async function saved(page: Page, panel: Locator, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), panelButton(panel, name).click()]);
  return readFileSync(await download.path(), "utf8");
}

async function resultRows(panel: Locator): Promise<string[][]> {
  const rows = panel.getByRole("table", { name: "Experiment results" }).locator("tbody tr");
  return (await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "")))) as string[][];
}

/** The page, scrolled to the Experiments panel; `panel` is the panel itself (the page has other Cancels and progress bars). */
async function experiments(query = "?demo=0"): Promise<{ page: Page; panel: Locator }> {
  const page = await open(query);
  const panel = page.getByRole("region", { name: "Experiments" });
  await panel.getByRole("heading", { name: "Experiments" }).scrollIntoViewIfNeeded();
  return { page, panel };
}

const panelButton = (panel: Locator, name: string): Locator => panel.getByRole("button", { name, exact: true });

describe("the Experiments panel", () => {
  it("runs gossip-sim flags in the page, and its CSV and JSON are what gossip-sim prints", async () => {
    const { page, panel } = await experiments();
    const field = panel.getByLabel("Experiment", { exact: true });
    await field.fill(FLAGS);
    await panelButton(panel, "Run experiment").click();
    await panel.getByRole("table", { name: "Experiment results" }).waitFor();
    const rows = await resultRows(panel);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ["1", "3/3"],
      ["2", "3/3"],
    ]);
    const csv = await saved(page, panel, "Download CSV");
    const cli = gossipSim(`${FLAGS} --csv`);
    expect(cli.status).toBe(0);
    expect(csv).toBe(cli.stdout);
    expect(csv.split("\n")[0]).toBe("fanout,seed,converged,rounds,time_ms,messages,dropped,msgs_per_op,latency_0,latency_0.5,latency_0.95,latency_0.99,latency_1");
    const json = await saved(page, panel, "Download JSON");
    expect(json).toBe(gossipSim(`${FLAGS} --json`).stdout);
    // The table's figures are the JSON's: mean and p95 rounds per fanout.
    const results = (JSON.parse(json) as { results: { summary: { rounds: { mean: number; p95: number } } }[] }).results;
    expect(rows.map((r) => [Number(r[2]), Number(r[3])])).toEqual(results.map((r) => [Number(r.summary.rounds.mean.toFixed(2)), r.summary.rounds.p95]));
    await expect.poll(() => panel.getByRole("img", { name: "mean rounds and p95 rounds against fanout" }).count()).toBe(1);
    await screenshot(page, "experiments-one-sweep");
  });

  it("shows gossip-sim's line for a bad flag and runs nothing", async () => {
    const { panel } = await experiments();
    const bad = "--nodes 30 --drop 2 --trials 3";
    await panel.getByLabel("Experiment", { exact: true }).fill(bad);
    const cli = gossipSim(bad);
    expect(cli.status).toBe(2);
    await expect.poll(() => panel.getByRole("alert").filter({ hasText: "gossip-sim:" }).innerText()).toBe(cli.stderr.trim());
    expect(await panelButton(panel, "Run experiment").isDisabled()).toBe(true);
    await panel.getByLabel("Experiment", { exact: true }).press("Enter");
    expect(await panel.getByRole("progressbar").count()).toBe(0);
    expect(await panel.getByRole("table", { name: "Experiment results" }).count()).toBe(0);
    // Two sweeps of one parameter: refused with the CLI's line too.
    const twice = "--sweep fanout=1 --sweep fanout=2";
    await panel.getByLabel("Experiment", { exact: true }).fill(twice);
    await expect.poll(() => panel.getByRole("alert").filter({ hasText: "gossip-sim:" }).innerText()).toBe(gossipSim(twice).stderr.trim());
  });

  it("writes the controls into the flags, and draws a heatmap for two parameters", async () => {
    const { page, panel } = await experiments("?demo=0&nodes=20&topology=complete&drop=0&seed=3");
    const field = panel.getByLabel("Experiment", { exact: true });
    // Prefilled from the run's settings.
    expect(await field.inputValue()).toBe("--nodes 20 --topology complete --drop 0 --sweep fanout=1,2,3,4 --trials 20 --seed 3");
    await panel.getByLabel("Values 1").fill("1,2,3");
    await panel.getByLabel("Parameter 2").selectOption("gossip");
    await panel.getByLabel("Values 2").fill("push,push-pull");
    await panel.getByLabel("Trials").fill("4");
    await panel.getByLabel("First seed").fill("9");
    const flags = "--nodes 20 --topology complete --drop 0 --sweep fanout=1,2,3 --sweep gossip=push,push-pull --trials 4 --seed 9";
    expect(await field.inputValue()).toBe(flags);
    await panelButton(panel, "Run experiment").click();
    await panel.getByRole("img", { name: "mean rounds by fanout and gossip" }).waitFor();
    const rows = await resultRows(panel);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([1, 2, 3].flatMap((f) => ["push", "push-pull"].map((g) => [String(f), g, "4/4"])));
    expect(await saved(page, panel, "Download CSV")).toBe(gossipSim(`${flags} --csv`).stdout);
    await panel.getByLabel("Chart").selectOption("msgs-per-op");
    await panel.getByRole("img", { name: "msgs per op by fanout and gossip" }).waitFor();
    await screenshot(page, "experiments-heatmap");
  });

  it("stops a long experiment on Cancel", async () => {
    const { page, panel } = await experiments();
    await panel.getByLabel("Experiment", { exact: true }).fill("--nodes 3000 --topology ring --sweep fanout=1,2,3 --trials 1000 --seed 1");
    await panelButton(panel, "Run experiment").click();
    const progress = panel.getByRole("progressbar", { name: "Experiment progress" });
    await progress.waitFor();
    await expect.poll(async () => Number(await progress.getAttribute("value"))).toBeGreaterThan(0);
    await panelButton(panel, "Cancel").click();
    await panel.getByText("Cancelled: nothing from it is kept.").waitFor();
    expect(await progress.count()).toBe(0);
    expect(await panelButton(panel, "Run experiment").isEnabled()).toBe(true);
    // The worker is gone: nothing arrives later.
    await page.waitForTimeout(500);
    expect(await panel.getByRole("table", { name: "Experiment results" }).count()).toBe(0);
    expect(await progress.count()).toBe(0);
  });
});
