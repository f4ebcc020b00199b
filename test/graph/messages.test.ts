import { describe, expect, it } from "vitest";
import { DropReason, Journal, RecordKind, messageTypeCode } from "../../src/sim/journal";
import { DROP_FADE_MS, MessagePool, MessageState, dropStopMs, messageProgress } from "../../src/ui/graph/messages";
import { Flashes, FLASH_MS } from "../../src/ui/graph/flashes";
import { MessageKindIndex } from "../../src/ui/graph/styles";
import { Marks } from "../../src/ui/graph/moving";
import type { Scene, Surface } from "../../src/ui/graph/renderer";

/** Node 0 at the origin, node 1 100 world units to the right, node 2 100 below node 0. */
const XY = Float64Array.of(0, 0, 100, 0, 0, 100);
const INSET = 10;

/** Records as the engine writes them; a Drop names its Send's seq (`sendSeq`), a Send its own. */
function journal(records: [kind: number, t: number, src: number, dest: number, type: string, at: number, reason?: number, sendSeq?: number][]): Journal {
  const j = new Journal(64);
  for (const [kind, t, src, dest, type, at, reason = 0, sendSeq = j.end] of records) {
    j.append(kind as RecordKind, t, src, dest, messageTypeCode(type), at, 1, 3, reason, 0, sendSeq);
  }
  return j;
}

function slot(pool: MessagePool, i: number) {
  return { state: pool.state[i], x: pool.x[i], y: pool.y[i], alpha: pool.alpha[i], kind: pool.kind[i], reason: pool.reason[i] };
}

describe("message progress", () => {
  it("interpolates send to arrival, clamped; a lost message stops where it was lost", () => {
    expect(messageProgress(100, 200, NaN, 150)).toBe(0.5);
    expect(messageProgress(100, 200, NaN, 50)).toBe(0);
    expect(messageProgress(100, 200, NaN, 250)).toBe(1);
    expect(messageProgress(100, 200, 150, 190)).toBe(0.5);
    expect(messageProgress(100, 200, 120, 190)).toBeCloseTo(0.2, 12);
    // Zero latency: all at once.
    expect(messageProgress(100, 100, NaN, 100)).toBe(1);
    // Lost as it was sent (loss, a partition in force): midway. Lost later: where its Drop says.
    expect(dropStopMs(100, 200, true, 100)).toBe(150);
    expect(dropStopMs(100, 200, false, 200)).toBe(200);
    expect(dropStopMs(100, 200, false, 130)).toBe(130);
  });
});

describe("message pool", () => {
  it("keeps node-to-node sends only, each with its kind", () => {
    const pool = new MessagePool(16);
    const j = journal([
      [RecordKind.Send, 100, 0, 1, "broadcast", 200],
      [RecordKind.Send, 100, 1, 0, "broadcast_ok", 200],
      [RecordKind.Send, 100, 0, 2, "gossip_sync", 200],
      [RecordKind.Send, 100, 2, 0, "digest_sync", 200],
      [RecordKind.Send, 100, 0, 1, "init", 200],
      [RecordKind.Send, 100, -1, 0, "broadcast", 200], // from client c0
      [RecordKind.Send, 100, 0, -1, "broadcast_ok", 200], // to client c0
      [RecordKind.Send, 100, 0, 7, "gossip_sync", 200], // no node 7
      [RecordKind.Deliver, 200, 0, 1, "broadcast", 100],
      [RecordKind.Learn, 200, 0, 1, "other", 0],
    ]);
    pool.ingest(j.readSince(0), 3);
    expect(pool.count).toBe(5);
    expect(Array.from(pool.kind.subarray(0, 5))).toEqual([
      MessageKindIndex.Broadcast,
      MessageKindIndex.Reply,
      MessageKindIndex.Sync,
      MessageKindIndex.Sync,
      MessageKindIndex.Other,
    ]);
  });

  it("moves a dot from the sender's rim to the receiver's, on the right-hand lane, and removes it on arrival", () => {
    const pool = new MessagePool(16);
    pool.ingest(journal([[RecordKind.Send, 100, 0, 1, "gossip_sync", 200]]).readSince(0), 3);
    pool.place(99, XY, INSET, 0);
    expect(slot(pool, 0).state).toBe(MessageState.Hidden);
    pool.place(100, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Moving, x: 10, y: 0 });
    pool.place(150, XY, INSET, 3);
    // Halfway along the 80 units between rims; moving right, the right-hand lane is +y (down).
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Moving, x: 50, y: 3 });
    pool.place(200, XY, INSET, 0);
    expect(pool.count).toBe(0);
  });

  it("a lost message stops midway, shows a cross that fades with model time since the loss, and is kept until its arrival time", () => {
    const pool = new MessagePool(16);
    pool.ingest(journal([[RecordKind.Send, 0, 0, 2, "broadcast", 1000, DropReason.Loss]]).readSince(0), 3);
    pool.place(250, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Moving, x: 0, y: 30 });
    pool.place(500, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Failed, x: 0, y: 50, alpha: 1 });
    pool.place(500 + DROP_FADE_MS / 2, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Failed, x: 0, y: 50, alpha: 0.5 });
    // Paused: the same moment, the same cross, however long the wait.
    pool.place(500 + DROP_FADE_MS / 2, XY, INSET, 0);
    expect(slot(pool, 0).alpha).toBe(0.5);
    pool.place(500 + DROP_FADE_MS, XY, INSET, 0);
    expect(pool.count).toBe(1);
    expect(slot(pool, 0).state).toBe(MessageState.Hidden);
    pool.place(1000, XY, INSET, 0);
    expect(pool.count).toBe(0);
  });

  it("a message to a crashed node runs to the receiver's rim before its cross shows", () => {
    const pool = new MessagePool(16);
    pool.ingest(journal([[RecordKind.Send, 0, 1, 0, "gossip_sync_ok", 100]]).readSince(0), 3);
    // The receiver crashed while it was on its way: the engine drops it on arrival.
    pool.ingest(journal([[RecordKind.Drop, 100, 1, 0, "gossip_sync_ok", 0, DropReason.Crashed, 0]]).readSince(0), 3);
    pool.place(50, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Moving, x: 50, y: 0 });
    pool.place(100, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Failed, x: 10, y: 0, alpha: 1 });
  });

  it("a Drop record marks its Send failed (found by its send seq), or adds a mark when the Send was not seen", () => {
    const pool = new MessagePool(16);
    // Two like messages, one dropped by hand at 130: only the one with the Drop's send seq stops.
    pool.ingest(journal([[RecordKind.Send, 100, 0, 1, "gossip_sync", 200], [RecordKind.Send, 100, 0, 1, "gossip_sync", 200]]).readSince(0), 3);
    pool.ingest(journal([[RecordKind.Drop, 130, 0, 1, "gossip_sync", 100, DropReason.Dropped, 1]]).readSince(0), 3);
    expect(pool.count).toBe(2);
    expect([slot(pool, 0).reason, slot(pool, 1).reason]).toEqual([0, DropReason.Dropped]);
    pool.place(150, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Moving, x: 50 });
    expect(slot(pool, 1)).toMatchObject({ state: MessageState.Failed, x: 34 });
    // The same Drop again (a Send already marked lost) adds nothing.
    pool.ingest(journal([[RecordKind.Drop, 130, 0, 1, "gossip_sync", 100, DropReason.Dropped, 1]]).readSince(0), 3);
    expect(pool.count).toBe(2);
    // A Drop for a send never seen (sent at 40) becomes a mark of its own.
    pool.ingest(journal([[RecordKind.Drop, 140, 2, 0, "broadcast", 40, DropReason.Partition, 99]]).readSince(0), 3);
    expect(pool.count).toBe(3);
    pool.place(150, XY, INSET, 0);
    expect(slot(pool, 2)).toMatchObject({ state: MessageState.Failed, x: 0, y: 10, reason: DropReason.Partition });
  });

  it("starts over from what is in flight when the view jumps to another moment", () => {
    const pool = new MessagePool(16);
    pool.ingest(journal([[RecordKind.Send, 100, 0, 1, "gossip_sync", 200]]).readSince(0), 3);
    pool.reset(
      {
        src: Int32Array.of(1, 2),
        dest: Int32Array.of(0, 0),
        sentAt: Float64Array.of(500, 500),
        arrivesAt: Float64Array.of(600, 600),
        type: Uint8Array.of(messageTypeCode("gossip_sync_ok"), messageTypeCode("broadcast")),
        sendSeq: Float64Array.of(41, 42),
        reason: Uint8Array.of(0, DropReason.Crashed),
      },
      3,
    );
    expect(pool.count).toBe(2);
    expect([pool.find(41), pool.find(42), pool.find(0)]).toEqual([0, 1, -1]);
    pool.place(550, XY, INSET, 0);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Moving, x: 50, kind: MessageKindIndex.Reply });
    pool.place(600, XY, INSET, 0);
    // The one to a node that crashed meanwhile ends in a cross at the receiver.
    expect(pool.count).toBe(1);
    expect(slot(pool, 0)).toMatchObject({ state: MessageState.Failed, x: 0, y: 10 });
  });

  it("grows past its initial capacity without losing messages", () => {
    const pool = new MessagePool(16);
    const j = new Journal(4096);
    for (let k = 0; k < 1000; k++) j.append(RecordKind.Send, k, k % 3, (k + 1) % 3, messageTypeCode("broadcast"), k + 500, 1, 1, 0, 0, j.end);
    pool.ingest(j.readSince(0), 3);
    expect(pool.count).toBe(1000);
    expect(pool.capacity).toBe(1024);
    pool.place(700, XY, INSET, 0);
    // Sends at 0..200 have arrived by 700; 201..999 remain (those after 700 not yet visible).
    expect(pool.count).toBe(799);
    expect(pool.sentAt[0]).toBe(201);
    expect(pool.overflow).toBe(0);
  });
});

describe("flashes", () => {
  it("start on Learn records, restart on a second learn, end FLASH_MS of model time later", () => {
    const f = new Flashes(3);
    // At the Learn record's model time, not when the frame came.
    f.ingest(journal([[RecordKind.Learn, 1000, -1, 2, "other", 0], [RecordKind.Send, 1000, 2, 1, "broadcast", 1020]]).readSince(0));
    expect(f.count).toBe(1);
    expect(f.active[0]).toBe(2);
    expect(f.age(2, 1000 + FLASH_MS / 4)).toBe(0.25);
    f.start(2, 1200);
    f.start(0, 1250);
    expect(f.count).toBe(2);
    f.sweep(1200 + FLASH_MS - 1);
    expect(Array.from(f.active.subarray(0, f.count))).toEqual([2, 0]);
    f.sweep(1200 + FLASH_MS);
    expect(Array.from(f.active.subarray(0, f.count))).toEqual([0]);
    f.sweep(1250 + FLASH_MS);
    expect(f.count).toBe(0);
  });
});

describe("the moving layer's picture key", () => {
  it("is the same while no dot crosses a device pixel, and changes when one does or a flash steps", () => {
    const pool = new MessagePool(16);
    pool.ingest(journal([[RecordKind.Send, 0, 0, 1, "gossip_sync", 1000]]).readSince(0), 3);
    const flashes = new Flashes(3);
    // One world unit is a tenth of a device pixel: the dot crosses 80 units, 8 pixels, in 1,000 model ms.
    const s = { dpr: 1, view: { k: 0.1, x: 0, y: 0 } } as Surface;
    const scene = { xy: XY } as Scene;
    const marks = new Marks();
    const keyAt = (nowMs: number) => {
      pool.place(nowMs, XY, INSET, 0);
      return marks.collect(scene, pool, flashes, nowMs, s);
    };
    // x = 10 + 80 p world units: 1.8 px at 100 ms, 1.96 px at 120 ms (both round to 2), 2.6 px at 200 ms.
    expect(keyAt(120)).toBe(keyAt(100));
    expect(keyAt(200)).not.toBe(keyAt(100));
    const before = keyAt(100);
    flashes.start(2, 100);
    expect(keyAt(100)).not.toBe(before);
    // The ring grows with model time; 1 % of a flash later it is on the same step, half a flash later not.
    expect(keyAt(100 + FLASH_MS * 0.01)).toBe(keyAt(100));
    expect(keyAt(100 + FLASH_MS * 0.5)).not.toBe(keyAt(100));
  });

  it("collects each kind's dots in device pixels, and losses in CSS px as crosses or cut marks", () => {
    const pool = new MessagePool(16);
    pool.ingest(
      journal([
        [RecordKind.Send, 0, 0, 1, "gossip_sync", 1000],
        [RecordKind.Send, 0, 0, 2, "broadcast", 1000],
        [RecordKind.Send, 0, 1, 0, "gossip_sync", 1000, DropReason.Loss],
        [RecordKind.Send, 0, 2, 0, "gossip_sync", 1000, DropReason.Partition],
      ]).readSince(0),
      3,
    );
    pool.place(500, XY, INSET, 0);
    const marks = new Marks();
    // CSS px = world x 0.5 + 10; device px = 2 x CSS px.
    marks.collect({ xy: XY } as Scene, pool, new Flashes(3), 0, { dpr: 2, view: { k: 0.5, x: 10, y: 10 } } as Surface);
    const dots = (kind: number) => Array.from(marks.dots[kind]!.x.subarray(0, marks.dots[kind]!.count)).map((x, j) => [x, marks.dots[kind]!.y[j]]);
    expect(dots(MessageKindIndex.Sync)).toEqual([[70, 20]]);
    expect(dots(MessageKindIndex.Broadcast)).toEqual([[20, 70]]);
    expect(marks.dotCount()).toBe(2);
    expect([marks.cross.count, marks.cross.x[0], marks.cross.y[0]]).toEqual([1, 35, 10]);
    expect([marks.cut.count, marks.cut.x[0], marks.cut.y[0]]).toEqual([1, 10, 35]);
  });
});
