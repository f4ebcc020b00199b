import { describe, expect, it } from "vitest";
import { CLOCK_EASE_MS, ModelClock } from "../../src/ui/graph/clock";

describe("model clock", () => {
  it("extrapolates at the model speed between reports", () => {
    const c = new ModelClock();
    c.set(1000, 0.25, 5000);
    expect(c.read(5000)).toBe(1000);
    expect(c.read(5400)).toBe(1100);
  });

  it("paused (speed 0) holds the time; a report while paused jumps to it", () => {
    const c = new ModelClock();
    c.set(1000, 0, 0);
    expect(c.read(10_000)).toBe(1000);
    c.set(1500, 0, 10_000);
    expect(c.read(20_000)).toBe(1500);
  });

  it("eases out a report slightly behind the shown time instead of running backwards", () => {
    const c = new ModelClock();
    c.set(0, 1, 0);
    expect(c.read(100)).toBe(100);
    // The worker says 90 at wall 100 (10 ms behind what was shown): shown time keeps rising, slower.
    c.set(90, 1, 100);
    expect(c.read(100)).toBe(100);
    expect(c.read(150)).toBe(100 + 50 * (1 - 10 / CLOCK_EASE_MS));
    // After the ease it agrees with the report extrapolated: 90 + 1 x (400 - 100).
    expect(c.read(100 + CLOCK_EASE_MS)).toBeCloseTo(90 + CLOCK_EASE_MS, 9);
    expect(c.read(400)).toBeCloseTo(390, 9);
  });

  it("jumps when the gap is larger than the ease covers (a reset)", () => {
    const c = new ModelClock();
    c.set(5000, 1, 0);
    c.set(0, 1, 100);
    expect(c.read(100)).toBe(0);
    expect(c.read(150)).toBe(50);
  });
});
