/**
 * The engine gives the same journal in Chromium as in Node, byte for byte: the scripted run is
 * bundled for the browser, run in a page, and its journal compared line by line with Node's.
 */
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { scriptedJournal } from "../sim/scripted";
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
      contents: 'import { scriptedJournal } from "./test/sim/scripted"; (globalThis as any).scriptedJournal = scriptedJournal;',
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
  const inBrowser = await page.evaluate(() => (globalThis as unknown as { scriptedJournal(slice: number): string[] }).scriptedJournal(13));
  const inNode = scriptedJournal(Infinity);
  expect(inBrowser.length).toBe(inNode.length);
  expect(inBrowser).toEqual(inNode);
  await page.close();
});
