import { describe, expect, it } from "vitest";
import { MESSAGE_TYPES, messageTypeCode } from "../../src/sim/journal";
import {
  FILL_BUCKETS,
  MESSAGE_KINDS,
  MessageKindIndex,
  THEME_VARS,
  buildFillScale,
  fallbackTheme,
  fillBucket,
  interpolateStops,
  kindOfType,
  parseColor,
  relativeLuminance,
  textColorOn,
  toHex,
} from "../../src/ui/graph/styles";

describe("message kinds", () => {
  it("classifies every protocol type", () => {
    expect(kindOfType(messageTypeCode("broadcast"))).toBe(MessageKindIndex.Broadcast);
    expect(kindOfType(messageTypeCode("gossip_sync"))).toBe(MessageKindIndex.Sync);
    expect(kindOfType(messageTypeCode("digest_sync"))).toBe(MessageKindIndex.Sync);
    expect(kindOfType(messageTypeCode("gossip_sync_ok"))).toBe(MessageKindIndex.Reply);
    expect(kindOfType(messageTypeCode("broadcast_ok"))).toBe(MessageKindIndex.Reply);
    expect(kindOfType(messageTypeCode("error"))).toBe(MessageKindIndex.Reply);
    expect(kindOfType(messageTypeCode("init"))).toBe(MessageKindIndex.Other);
    expect(kindOfType(messageTypeCode("no such type"))).toBe(MessageKindIndex.Other);
    expect(kindOfType(255)).toBe(MessageKindIndex.Other);
    const counts = [0, 0, 0, 0];
    for (let c = 0; c < MESSAGE_TYPES.length; c++) counts[kindOfType(c)]!++;
    // 14 *_ok replies + error; broadcast; gossip_sync and digest_sync; the other 12 requests and "other".
    expect(counts).toEqual([1, 2, 15, 12]);
  });

  it("no two kinds share a shape or a colour", () => {
    expect(new Set(MESSAGE_KINDS.map((k) => k.shape)).size).toBe(MESSAGE_KINDS.length);
    for (const dark of [false, true]) {
      const theme = fallbackTheme(dark);
      const colours = MESSAGE_KINDS.map((k) => theme[k.colorVar]);
      expect(new Set(colours).size).toBe(MESSAGE_KINDS.length);
    }
  });
});

describe("colour", () => {
  it("parses the forms a canvas normalises colours to", () => {
    expect(parseColor("#0072b2")).toEqual([0, 114, 178]);
    expect(parseColor("#fff")).toEqual([255, 255, 255]);
    expect(parseColor("#0072B2cc")).toEqual([0, 114, 178]);
    expect(parseColor("rgba(213, 94, 0, 0.5)")).toEqual([213, 94, 0]);
    expect(parseColor("rgb(1 2 3 / 50%)")).toEqual([1, 2, 3]);
    expect(parseColor("oklch(0.5 0.1 200)")).toBeNull();
    expect(toHex([0, 114, 178])).toBe("#0072b2");
  });

  it("interpolates through evenly spaced stops", () => {
    const stops = [[0, 0, 0], [100, 200, 50], [200, 200, 250]] as const;
    expect(interpolateStops(stops, 0)).toEqual([0, 0, 0]);
    expect(interpolateStops(stops, 0.25)).toEqual([50, 100, 25]);
    expect(interpolateStops(stops, 0.75)).toEqual([150, 200, 150]);
    expect(interpolateStops(stops, 2)).toEqual([200, 200, 250]);
  });

  it("picks the label colour with the higher contrast", () => {
    expect(relativeLuminance([255, 255, 255])).toBe(1);
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(textColorOn([8, 48, 107])).toBe("#ffffff");
    expect(textColorOn([241, 246, 251])).toBe("#000000");
  });

  it("fill buckets: exactly none and exactly all get buckets of their own", () => {
    expect(fillBucket(0, 5)).toBe(0);
    expect(fillBucket(5, 5)).toBe(FILL_BUCKETS - 1);
    expect(fillBucket(7, 5)).toBe(FILL_BUCKETS - 1);
    expect(fillBucket(3, 0)).toBe(0);
    expect(fillBucket(1, 1000)).toBe(1);
    expect(fillBucket(999, 1000)).toBe(FILL_BUCKETS - 2);
    expect(fillBucket(1, 2)).toBe(1 + Math.floor(0.5 * (FILL_BUCKETS - 2)));
  });

  it("the fill scale runs from the first stop to the last, monotonic in luminance", () => {
    for (const dark of [false, true]) {
      const stops = fallbackTheme(dark).scale;
      const scale = buildFillScale(stops);
      expect(scale.fills.length).toBe(FILL_BUCKETS);
      expect(scale.fills[0]).toBe(stops[0]);
      expect(scale.fills[FILL_BUCKETS - 1]).toBe(stops[stops.length - 1]);
      const lum = scale.fills.map((c) => relativeLuminance(parseColor(c)!));
      for (let b = 1; b < FILL_BUCKETS; b++) {
        if (dark) expect(lum[b]!).toBeGreaterThan(lum[b - 1]!);
        else expect(lum[b]!).toBeLessThan(lum[b - 1]!);
      }
    }
    expect(THEME_VARS["--graph-scale"][0].split(",")).toEqual(fallbackTheme(false).scale);
  });

  it("falls back to the light scale when no stop parses", () => {
    expect(buildFillScale(["nonsense"]).fills[0]).toBe(fallbackTheme(false).scale[0]);
  });
});
