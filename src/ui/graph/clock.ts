/**
 * The model clock as the view sees it. The worker reports model time once per simulation frame;
 * between reports the view extrapolates with the model speed (model ms per wall ms) so dots glide
 * instead of stepping. Pure: wall time is passed in.
 */

/** Wall ms over which a small disagreement with a new report is eased out instead of jumped. */
export const CLOCK_EASE_MS = 200;

export class ModelClock {
  private baseModelMs = 0;
  private baseWallMs = 0;
  /** Model ms per wall ms after the ease; 0 when paused. */
  private rate = 0;
  /** Model ms per wall ms during the ease (rate plus the correction). */
  private easeRate = 0;
  private easeUntilWallMs = 0;

  /** Model ms per wall ms, as last set (0 when paused). */
  get modelMsPerWallMs(): number {
    return this.rate;
  }

  /**
   * A report: model time `nowMs` at wall time `wallMs`, advancing at `modelMsPerWallMs`.
   * While running, a gap the normal rate covers within CLOCK_EASE_MS is eased out, so the shown
   * time never runs backwards; a larger gap (a reset, a scrub, a step while paused) is jumped.
   */
  set(nowMs: number, modelMsPerWallMs: number, wallMs: number): void {
    const rate = Number.isFinite(modelMsPerWallMs) && modelMsPerWallMs > 0 ? modelMsPerWallMs : 0;
    const shown = this.read(wallMs);
    const gap = nowMs - shown;
    this.rate = rate;
    if (rate > 0 && Math.abs(gap) <= rate * CLOCK_EASE_MS) {
      this.baseModelMs = shown;
      this.easeRate = rate + gap / CLOCK_EASE_MS;
      this.easeUntilWallMs = wallMs + CLOCK_EASE_MS;
    } else {
      this.baseModelMs = nowMs;
      this.easeRate = rate;
      this.easeUntilWallMs = wallMs;
    }
    this.baseWallMs = wallMs;
  }

  /** Model time, ms, to show at wall time `wallMs` (>= the last report's wall time). */
  read(wallMs: number): number {
    const dt = Math.max(0, wallMs - this.baseWallMs);
    const easeMs = Math.max(0, this.easeUntilWallMs - this.baseWallMs);
    if (dt <= easeMs) return this.baseModelMs + this.easeRate * dt;
    return this.baseModelMs + this.easeRate * easeMs + this.rate * (dt - easeMs);
  }
}
