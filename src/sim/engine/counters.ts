/** The run's running totals, bumped as messages are sent, delivered and lost. */
import { MESSAGE_TYPES } from "../journal";

export class Counters {
  readonly sentByType = new Float64Array(MESSAGE_TYPES.length);
  /** Server-to-server messages sent, including those the network lost. */
  serverMessages = 0;
  clientMessages = 0;
  /** Server-to-server messages delivered. */
  delivered = 0;
  /** Server-to-server messages lost, by DropReason (index 0 unused). */
  readonly droppedByReason = [0, 0, 0, 0, 0];
  clientOps = 0;
  redundant = 0;
  payloadValues = 0;
  payloadBytes = 0;
  /** Server-to-server bytes on the wire: each message's JSON (UTF-8), when measured, else payloadBytes. */
  wireBytes = 0;
  /** Whether wireBytes is measured (the JSON of every message is sized: for the page and run files). */
  measuresWire = false;

  /** Bytes sent, as a value's cost counts them: on the wire when measured, else payload. */
  get bytesSent(): number {
    return this.measuresWire ? this.wireBytes : this.payloadBytes;
  }

  get dropped(): number {
    let sum = 0;
    for (const d of this.droppedByReason) sum += d;
    return sum;
  }

  copy(): Counters {
    const c = Object.assign(new Counters(), this);
    // Object.assign copied the arrays by reference: give the copy its own.
    Object.assign(c, { sentByType: this.sentByType.slice(), droppedByReason: this.droppedByReason.slice() });
    return c;
  }
}
