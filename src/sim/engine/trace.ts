/** The last few messages of a node, for the inspector. */
import type { Message } from "../protocol";

export class TraceRing {
  private readonly t: number[] = [];
  private readonly out: boolean[] = [];
  private readonly msg: Message[] = [];
  private next = 0;
  constructor(readonly depth: number) {}

  add(t: number, out: boolean, msg: Message): void {
    if (this.msg.length < this.depth) {
      this.t.push(t);
      this.out.push(out);
      this.msg.push(msg);
    } else {
      this.t[this.next] = t;
      this.out[this.next] = out;
      this.msg[this.next] = msg;
      this.next = (this.next + 1) % this.depth;
    }
  }

  /** Oldest first, as Maelstrom JSON lines. */
  list(): { t: number; direction: "in" | "out"; line: string }[] {
    const n = this.msg.length;
    const start = n < this.depth ? 0 : this.next;
    const rows = [];
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      rows.push({ t: this.t[i]!, direction: this.out[i] ? ("out" as const) : ("in" as const), line: JSON.stringify(this.msg[i]) });
    }
    return rows;
  }

  copy(): TraceRing {
    const c = new TraceRing(this.depth);
    c.t.push(...this.t);
    c.out.push(...this.out);
    c.msg.push(...this.msg);
    c.next = this.next;
    return c;
  }
}
