/**
 * The engine gives the same journal in Chromium as in Node, byte for byte: the script that uses
 * every command kind is bundled for the browser, driven there as the page drives a run (in slices,
 * seeking back and forth), and its journal compared line by line with Node's replay.
 */
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { replayJournal } from "../sim/scripted";
import { ROOT, launchChromium } from "./harness";

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it("produces the same journal in Chromium as in Node", async () => {
  const bundle = await build({
    stdin: {
      contents: 'import { liveJournal } from "./test/sim/scripted"; (globalThis as any).liveJournal = liveJournal;',
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const page = await browser.newPage();
  await page.setContent("<!doctype html><title>engine</title>");
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const inBrowser = await page.evaluate(() => (globalThis as unknown as { liveJournal(slice: number): string[] }).liveJournal(13));
  const inNode = replayJournal();
  expect(inBrowser.length).toBe(inNode.length);
  expect(inBrowser).toEqual(inNode);
  await page.close();
});
