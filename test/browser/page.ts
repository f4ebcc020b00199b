/**
 * The page under test, shared by the browser test files: a static server for the built page, one
 * Chromium, a fresh context per test, and after each test a check that the page logged no error,
 * broke no CSP rule and asked no other origin for anything. Helpers name controls as people see them.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { launchChromium, serveDist, watchPage, type PageProblems, type StaticServer } from "./harness";

let server: StaticServer;
let browser: Browser;
let context: BrowserContext | null = null;
let read: (() => Promise<PageProblems>) | null = null;
/** Console errors a test provokes on purpose (a worker made to fail). */
let expectedConsoleErrors: RegExp | null = null;

/** The page's address (call inside a test). */
export function appUrl(): string {
  return server.url;
}

/** Allows console errors matching `pattern` in the current test only. */
export function allowConsoleErrors(pattern: RegExp): void {
  expectedConsoleErrors = pattern;
}

/** Registers the suite's hooks: call once at the top of a test file. */
export function usePage(): void {
  beforeAll(async () => {
    server = await serveDist({ root: inject("distDir") });
    browser = await launchChromium(inject("chromiumPath"));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    const problems = read ? await read() : null;
    await context?.close();
    context = null;
    read = null;
    const allowed = expectedConsoleErrors;
    expectedConsoleErrors = null;
    if (problems) {
      expect({ ...problems, consoleErrors: problems.consoleErrors.filter((e) => !allowed?.test(e)) }).toEqual({
        consoleErrors: [],
        pageErrors: [],
        cspViolations: [],
        foreignRequests: [],
      });
    }
  });
}

export async function newPage(colorScheme: "light" | "dark" = "light", viewport = { width: 1440, height: 900 }): Promise<Page> {
  context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  read = (await watchPage(page, server.origin)).read;
  return page;
}

/** Opens the page and waits until the worker has reported its first frame. */
export async function open(query: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await newPage(colorScheme);
  await page.goto(server.url + query);
  await page.getByRole("table", { name: "Messages", exact: true }).waitFor();
  await expect.poll(() => roundText(page)).toMatch(/^Round \d+$/);
  return page;
}

export function roundText(page: Page): Promise<string | null> {
  return page.getByRole("status").and(page.locator(".round")).textContent();
}

export function button(page: Page, name: string): Locator {
  return page.getByRole("button", { name, exact: true });
}

/** The first cells of the Messages row of `value`: [value, origin, "k/N", rounds] (the cost columns follow). */
export async function valueRow(page: Page, value: number): Promise<string[]> {
  const rows = page.getByRole("table", { name: "Messages", exact: true }).getByRole("row").filter({ has: button(page, String(value)) });
  if ((await rows.count()) !== 1) return [];
  return (await rows.getByRole("cell").allInnerTexts()).map((t) => t.trim()).slice(0, 4);
}

export async function total(page: Page, name: string): Promise<string> {
  return (await page.locator(`dl.totals dt:text-is("${name}") + dd`).innerText()).trim();
}

/** Step once, and wait until the step has ended (the toggle says Play again) at the next round. */
export async function step(page: Page, toRound: number): Promise<void> {
  await button(page, "Step").click();
  await expect.poll(() => roundText(page)).toBe(`Round ${toRound}`);
  await button(page, "Play").waitFor();
}

export function searchParams(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}
