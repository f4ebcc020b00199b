/**
 * The message log of a run: every message, client ones included, as its Maelstrom JSON with when it
 * was sent and when it arrived or was lost. Made by replaying the script with an observer, so the
 * journal (bounded) need not keep message bodies.
 */
import { DROP_REASON_NAMES, DropReason } from "./journal";
import type { Message } from "./protocol";
import type { RunScript } from "./script";
import { replay } from "./timeline";

/** Messages a log holds at most; the rest are counted in a last line. */
export const MAX_LOG_MESSAGES = 500_000;

interface Entry {
  msg: Message;
  sentAt: number;
  arrivesAt: number;
  fate: DropReason | null;
  settledAt: number;
}

/** The log of `script` up to `untilMs`, one JSON line per message in the order they were sent. */
export function messageLog(script: RunScript, untilMs: number): string[] {
  const entries = new Map<number, Entry>();
  let skipped = 0;
  replay(script, untilMs, {
    journalCapacity: 16,
    observer: {
      sent(seq, msg, tMs, arrivesAtMs) {
        if (entries.size >= MAX_LOG_MESSAGES) skipped++;
        else entries.set(seq, { msg, sentAt: tMs, arrivesAt: arrivesAtMs, fate: null, settledAt: 0 });
      },
      settled(seq, tMs, reason) {
        const e = entries.get(seq);
        if (e === undefined) return;
        e.fate = reason;
        e.settledAt = tMs;
      },
    },
  });
  const lines: string[] = [];
  for (const { msg, sentAt, arrivesAt, fate, settledAt } of entries.values()) {
    const when =
      fate === null
        ? { sent_at: sentAt, arrives_at: arrivesAt, in_flight: true }
        : fate === DropReason.None
          ? { sent_at: sentAt, arrived_at: settledAt }
          : { sent_at: sentAt, dropped_at: settledAt, reason: DROP_REASON_NAMES[fate] };
    lines.push(JSON.stringify({ src: msg.src, dest: msg.dest, body: msg.body, ...when }));
  }
  if (skipped > 0) lines.push(JSON.stringify({ truncated: true, messages_not_listed: skipped }));
  return lines;
}
