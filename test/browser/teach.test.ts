/**
 * Teaching in a real Chromium: presenter mode at projector size, and theory named on the chart.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LESSONS } from "../../src/ui/lessons/lessons";
import { screenshot } from "./harness";
import { appUrl, button, newPage, open, roundText, step, usePage } from "./page";

usePage();

async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return box !== null && box.width > 0 && box.height > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

describe("teaching", () => {
  it("presents the graph, the chart and the round together at 1280x720, and Esc leaves", async () => {
    const page = await newPage("light", { width: 1280, height: 720 });
    await page.goto(appUrl() + "?demo=0&nodes=24&topology=ring&seed=7&speed=5");
    await page.getByRole("table", { name: "Messages", exact: true }).waitFor({ state: "attached" });
    await button(page, "Present").click();
    const presenter = page.getByRole("region", { name: "Presenter" });
    await presenter.waitFor();
    expect(await inViewport(page, page.locator("canvas.graph-canvas"))).toBe(true);
    expect(await inViewport(page, page.getByRole("heading", { name: "Spread by round" }))).toBe(true);
    expect(await inViewport(page, page.locator(".spread-chart svg"))).toBe(true);
    expect(await inViewport(page, presenter.getByText(/^Round 0/))).toBe(true);
    // The keys of a demonstration: B broadcasts, the right arrow steps a round.
    await page.keyboard.press("b");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => presenter.locator(".presenter-round").innerText(), { timeout: 15_000 }).toMatch(/^Round 1/);
    expect(Number.parseFloat(await presenter.locator(".presenter-round").evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(20);
    await screenshot(page, "presenter-1280x720");
    await page.keyboard.press("Escape");
    await expect.poll(() => presenter.count()).toBe(0);
    expect(await button(page, "Broadcast").isVisible()).toBe(true);
  });

  it("names Pittel's result on the chart, with the expected rounds", async () => {
    const page = await open("?nodes=1000&topology=complete&fanout=1&gossip=push&forward=off");
    const note = page.locator(".theory-note");
    await expect.poll(() => note.innerText()).toContain("Pittel 1987");
    // The default drop rate (10%) makes it K calls getting through with probability 0.9: q = 0.9.
    const expected = Math.log(1000) / Math.log(1.9) + Math.log(1000) / 0.9;
    expect(await note.innerText()).toContain(`Theory: ${expected.toFixed(2)} rounds`);
    const lossless = await open("?nodes=1000&topology=complete&fanout=1&gossip=push&forward=off&drop=0");
    await expect.poll(() => lossless.locator(".theory-note").innerText()).toContain(`Theory: ${(Math.log2(1000) + Math.log(1000)).toFixed(2)} rounds (log₂ 1000 + ln 1000 = 16.87), Pittel 1987: push on the complete graph.`);
  });

  it("shades the spread of 100 runs of the same settings behind the chart's curve", async () => {
    const page = await open("?demo=0&nodes=16&topology=random&seed=3&speed=5&drop=0.1");
    await button(page, "Broadcast").click();
    await button(page, "Show the spread of 100 runs").click();
    await expect.poll(() => page.locator(".band-controls").innerText(), { timeout: 30_000 }).toContain("Shaded: the 5th to 95th percentile of 100 runs of these settings (seeds 3 to 102)");
    expect(await page.locator(".spread-chart path.band").count()).toBe(1);
  });

  it("makes a challenge link that hides the future until a prediction is given", async () => {
    const teacher = await open("?demo=0&nodes=8&topology=ring&seed=1&speed=5&drop=0&forward=off");
    await button(teacher, "Broadcast").click();
    await step(teacher, 1);
    await button(teacher, "Challenge").click();
    await teacher.getByLabel("Question").fill("How many nodes know 1 after round 3?");
    await button(teacher, "Create link").click();
    const link = await teacher.getByLabel("Challenge link").inputValue();
    expect(new URL(link).searchParams.get("challenge")).toBe("How many nodes know 1 after round 3?");
    expect(new URL(link).searchParams.get("t")).toBe("999");

    const student = await newPage();
    await student.goto(link);
    const challenge = student.getByRole("region", { name: "Your challenge" });
    await expect.poll(() => challenge.innerText()).toContain("How many nodes know 1 after round 3?");
    await expect.poll(() => roundText(student)).toBe("Round 1");
    // Neither Play nor Step goes past the moment, and the Timeline ends there.
    await button(student, "Play").click();
    await button(student, "Play").waitFor({ timeout: 10_000 });
    await button(student, "Step").click();
    await button(student, "Play").waitFor();
    expect(await roundText(student)).toBe("Round 1");
    expect(await student.locator(".clock").textContent()).toBe("Model time 0.99 s");
    expect(await student.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext")).toBe("0.99 s of 0.99 s, round 1");
    expect(await button(student, "Reveal").isDisabled()).toBe(true);
    await student.getByLabel("Your prediction").fill("7");
    await button(student, "Reveal").click();
    await expect.poll(() => challenge.innerText()).toContain("Your prediction: 7");
    await expect.poll(() => roundText(student), { timeout: 15_000 }).toMatch(/^Round ([3-9]|\d\d)$/);
    await screenshot(student, "challenge-revealed");
  });
});

describe("lessons", () => {
  for (const lesson of LESSONS) {
    it(`opens and plays every step of "${lesson.title}" from its deep link`, async () => {
      const page = await newPage("light", { width: 1280, height: 720 });
      for (let index = 0; index < lesson.steps.length; index++) {
        const s = lesson.steps[index]!;
        await page.goto(`${appUrl()}?lesson=${lesson.id}&step=${index + 1}`);
        const banner = page.getByRole("region", { name: "Lesson" });
        await expect.poll(() => banner.innerText(), { timeout: 15_000 }).toContain(s.caption);
        expect(new URL(page.url()).search).toBe(`?lesson=${lesson.id}&step=${index + 1}`);
        if (s.predict) {
          // Held at the step's moment until the answer is in.
          await expect.poll(() => page.locator(".clock").textContent()).toBe(`Model time ${(Math.floor(s.atMs / 10) / 100).toFixed(2)} s`);
          // Fast, so the answer's moment comes soon.
          await page.getByLabel("Speed").selectOption("20");
          if (s.predict.choices) await banner.getByRole("button", { name: s.predict.choices[0]!, exact: true }).click();
          else {
            await banner.getByRole("spinbutton").fill("5");
            await banner.getByRole("button", { name: "Reveal" }).click();
          }
          await expect.poll(() => banner.innerText()).toContain(`You predicted ${s.predict.choices ? s.predict.choices[0] : "5"}.`);
          await expect.poll(() => roundText(page), { timeout: 15_000 }).not.toBe(`Round ${Math.floor(s.atMs / 500)}`);
          // The verdict comes in words, at the moment the question names (the run holds there), and stays.
          const outcome = banner.locator(".lesson-outcome");
          await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).not.toMatch(/So far|Not yet|so far/);
          if (s.measureAtMs !== undefined) await expect.poll(() => page.locator(".clock").textContent()).toBe(`Model time ${(Math.floor(s.measureAtMs / 10) / 100).toFixed(2)} s`);
          const verdict = await outcome.textContent();
          expect(verdict).toMatch(/You said|That is your answer|Theory expects|Not everyone/);
          await page.waitForTimeout(1000);
          expect(await outcome.textContent()).toBe(verdict);
        }
        if (index === lesson.steps.length - 1) {
          await expect.poll(() => banner.innerText()).toContain("Things to notice");
          await screenshot(page, `lesson-${lesson.id}`);
        }
      }
    });
  }

  it("lists the lessons as links, and a lesson opens in the page from its link", async () => {
    const page = await open("?demo=0&nodes=8&topology=ring&seed=1");
    const nav = page.getByRole("navigation", { name: "Lessons" });
    expect(await nav.getByRole("link").count()).toBe(LESSONS.length);
    expect(await nav.getByRole("link", { name: "A partition and its healing" }).getAttribute("href")).toBe("?lesson=partition&step=1");
    await nav.getByRole("link", { name: "Topology matters" }).click();
    await expect.poll(() => new URL(page.url()).search).toBe("?lesson=topology&step=1");
    await page.getByRole("region", { name: "Lesson" }).getByRole("link", { name: "Next step" }).click();
    await expect.poll(() => new URL(page.url()).search).toBe("?lesson=topology&step=2");
    expect(await page.getByLabel("Topology", { exact: true }).inputValue()).toBe("grid");
  });
});

describe("compare two settings", () => {
  it("runs a second run with other settings on the same seed, script and clock, and the link carries both", async () => {
    const page = await open("?demo=0&nodes=32&topology=random&seed=4&speed=5&drop=0.2");
    await button(page, "Broadcast").click();
    await button(page, "Compare").click();
    await page.getByLabel("Compare with").fill("gossip=push-pull");
    await button(page, "Start comparing").click();
    await expect.poll(() => page.getByRole("region", { name: "Compare" }).innerText()).toContain("Comparing with gossip=push-pull");
    expect(new URL(page.url()).searchParams.get("compare")).toBe("gossip=push-pull");
    for (const r of [1, 2, 3]) await step(page, r);
    const table = page.getByRole("table", { name: "Comparison" });
    const row = async (name: string) => (await table.getByRole("row").filter({ hasText: name }).getByRole("cell").allInnerTexts()).map((t) => t.trim());
    // Both sides filled in, and the difference is theirs.
    await expect.poll(async () => (await row("Messages sent"))[1], { timeout: 15_000 }).not.toBe("—");
    const [a, b, d] = await row("Messages sent");
    const n = (t: string) => Number(t.replaceAll(",", "").replace("+", ""));
    expect(n(d!)).toBe(n(b!) - n(a!));
    // push-pull sends a reply with values to every sync: more messages than push on the same run.
    expect(n(b!)).toBeGreaterThan(0);
    await screenshot(page, "compare");
    // The link opens both.
    const copy = await newPage();
    await copy.goto(page.url());
    await expect.poll(() => copy.getByRole("region", { name: "Compare" }).innerText()).toContain("Comparing with gossip=push-pull");
    await expect.poll(async () => (await copy.getByRole("table", { name: "Comparison" }).getByRole("row").filter({ hasText: "Messages sent" }).getByRole("cell").allInnerTexts())[1], { timeout: 15_000 }).toBe(b);
    await button(copy, "Stop comparing").click();
    await expect.poll(() => new URL(copy.url()).searchParams.get("compare")).toBeNull();
  });
});
