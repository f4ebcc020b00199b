/** The address bar as a subscriber of the store: at once for what people do, every few seconds for a playing clock. */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/sim/config";
import { useUi } from "../../src/ui/store";
import { URL_REFRESH_MS, syncUrl } from "../../src/ui/url-sync";

const initial = useUi.getState();

describe("the address bar", () => {
  let stop = () => {};
  afterEach(() => {
    stop();
    useUi.setState(initial, true);
  });

  function follow() {
    let now = 0;
    const written: string[] = [];
    const notices: string[] = [];
    stop = syncUrl({ replace: (s) => written.push(s), now: () => now, notice: (t) => notices.push(t) });
    return { written, notices, advance: (ms: number) => (now += ms) };
  }

  it("follows the script and a pause at once, a playing clock at most every URL_REFRESH_MS", () => {
    const url = follow();
    const config = { ...DEFAULT_CONFIG, nodes: 8, topology: "ring" as const, seed: 2 };
    useUi.setState({ runId: 1, config, script: { config, commands: [{ t: 0, type: "inject", node: 3 }] }, playing: true });
    expect(url.written.at(-1)).toMatch(/script=b4&t=0$/);
    const count = url.written.length;
    for (let t = 100; t <= 2900; t += 100) {
      url.advance(100);
      useUi.setState({ nowMs: t, horizonMs: t });
    }
    expect(url.written.length).toBe(count);
    url.advance(100);
    useUi.setState({ nowMs: 3000, horizonMs: 3000 });
    expect(url.written.at(-1)).toMatch(/&t=3000$/);
    url.advance(10);
    useUi.setState({ nowMs: 3040, horizonMs: 3040, playing: false });
    expect(url.written.at(-1)).toMatch(/&t=3040&paused=1$/);
    // Nothing that changes the link, nothing written.
    const settled = url.written.length;
    useUi.setState({ notices: [{ id: 1, text: "hello" }] });
    expect(url.written.length).toBe(settled);
    expect(URL_REFRESH_MS).toBe(3000);
  });

  it("writes a lesson step's own link, and says once per run that a link is too long", () => {
    const url = follow();
    useUi.setState({ runId: 1, lesson: { id: "loss", step: 1, answer: null, verdict: null, measured: null } });
    expect(url.written.at(-1)).toBe("?lesson=loss&step=2");
    const config = { ...DEFAULT_CONFIG };
    const commands = Array.from({ length: 3000 }, (_, i) => ({ t: i * 10, type: "inject" as const, node: i % 16 }));
    useUi.setState({ lesson: null, script: { config, commands }, nowMs: 1 });
    useUi.setState({ nowMs: 2 });
    expect(url.notices).toHaveLength(1);
    expect(url.notices[0]).toMatch(/^This run's link is \d+ KB/);
  });
});
