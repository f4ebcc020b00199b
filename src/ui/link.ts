/**
 * The page's link to the simulation worker: boots and restarts it, keeps one frame request out,
 * coalesces seeks, pairs requests with their replies, and watches for a worker that stopped
 * answering. Pure of the page: the worker, the clocks and the timers come in `LinkDeps`, so a test
 * drives it with a fake worker (or a real host) and a fake clock.
 *
 * When is a reply late? Only when one is really due: a frame request is out and either a command
 * awaits its answer or the worker's last frame said the run plays. A paused worker rightly holds the
 * request, so a paused page is never busy, however long it waits. The flags come from what the
 * worker said (its last frame), never from the page's store, which follows a frame later.
 */
import type { SimWorker } from "../worker/client";
import type { FromWorker, ToWorker } from "../worker/messages";

/** With a reply due, this long without one (wall ms) means the worker is stuck. */
export const STALL_MS = 5000;
/** How often the watchdog looks, wall ms. */
const WATCH_MS = 1000;
/** Requests the worker answers with a reply of their own (or none), never with a frame. */
const NOT_ANSWERED_BY_A_FRAME: ReadonlySet<ToWorker["type"]> = new Set(["tick", "speed", "window", "messageAt", "exportLog", "paintPort"]);

export type WindowReply = Extract<FromWorker, { type: "window" }>;
/** What the link passes on: everything but replies to its requests and failures (LinkEvents.onFailure). */
export type PageEvent = Exclude<FromWorker, { type: "window" | "messageAt" | "failed" }>;

export interface LinkDeps {
  startWorker(onEvent: (event: FromWorker) => void, onFailure: (message: string) => void): SimWorker;
  /** Wall clock, ms. */
  now(): number;
  /** The tab is hidden: its painter asks for nothing, so a playing run waits and its silence is no stall. */
  hidden(): boolean;
  requestFrame(callback: () => void): number;
  cancelFrame(id: number): void;
  /** Calls `fn` every `ms`; returns what stops it. */
  every(ms: number, fn: () => void): () => void;
}

export interface LinkEvents {
  /** Every event but replies to requests (which resolve their promises). */
  onEvent(event: PageEvent): void;
  /** The worker has not answered a due reply for STALL_MS. */
  onStall(message: string): void;
  /** A stalled worker answered after all. */
  onStallCleared(): void;
  /** The worker failed: it cannot go on. */
  onFailure(message: string): void;
}

export interface WorkerLink {
  /** A fresh worker (the old one, if any, is ended and its pending requests resolve null). */
  boot(): void;
  send(message: ToWorker, transfer?: Transferable[]): void;
  /** Shows the run at `t`: while a seek is on its way, the newest one waits (a drag sends many). */
  seek(t: number): void;
  /** Frames go to the painter on its own port (the page keeps a request out at all times), or through the page. */
  setFedDirectly(fed: boolean): void;
  window(fromMs: number, toMs: number, value: number | null): Promise<WindowReply | null>;
  messageAt(sendSeq: number, sentAtMs: number): Promise<string | null>;
  /** Wall ms since which a reply has been due, or null when none is (for tests and the watchdog). */
  readonly dueSince: number | null;
  dispose(): void;
}

export function createWorkerLink(deps: LinkDeps, events: LinkEvents): WorkerLink {
  let worker: SimWorker | null = null;
  let frameRequested = false;
  /** A command went down that the next frame answers. */
  let commandPending = false;
  /** What the worker's last frame said: while it plays, frames keep coming. */
  let workerPlaying = false;
  let fedDirectly = false;
  let dueSince: number | null = null;
  let stalled = false;
  let failed = false;
  let rafId = 0;
  let seekInFlight = false;
  let queuedSeek: number | null = null;
  const windowReplies = new Map<number, (reply: WindowReply | null) => void>();
  let nextWindowId = 1;
  const messageReplies = new Map<number, ((line: string | null) => void)[]>();

  /** Starts or stops the due clock from the flags. */
  function refreshDue(): void {
    const due = worker !== null && !failed && frameRequested && (commandPending || workerPlaying);
    if (!due) dueSince = null;
    else dueSince ??= deps.now();
  }

  function post(message: ToWorker, transfer?: Transferable[]): void {
    if (!worker) return;
    worker.send(message, transfer);
  }

  function requestFrame(): void {
    if (frameRequested || !worker || failed) return;
    frameRequested = true;
    refreshDue();
    post({ type: "tick" });
  }

  /** Without a painter of its own, the page asks for frames once per animation frame while one is due. */
  function frameLoop(): void {
    rafId = 0;
    if (!worker || failed) return;
    requestFrame();
    if (!fedDirectly && (workerPlaying || commandPending)) wake();
  }

  function wake(): void {
    if (rafId === 0) rafId = deps.requestFrame(frameLoop);
  }

  function onWorkerEvent(event: FromWorker): void {
    if (stalled) {
      stalled = false;
      events.onStallCleared();
    }
    switch (event.type) {
      case "window":
        windowReplies.get(event.id)?.(event);
        windowReplies.delete(event.id);
        return;
      case "messageAt":
        for (const resolve of messageReplies.get(event.sendSeq) ?? []) resolve(event.line);
        messageReplies.delete(event.sendSeq);
        return;
      case "frame":
        frameRequested = false;
        commandPending = false;
        workerPlaying = event.playing;
        refreshDue();
        if (fedDirectly) requestFrame();
        else if (event.playing) wake();
        if (seekInFlight) {
          seekInFlight = false;
          if (queuedSeek !== null) {
            const t = queuedSeek;
            queuedSeek = null;
            sendSeek(t);
          }
        }
        break;
      case "rejected":
      case "loadFailed":
        commandPending = false;
        refreshDue();
        break;
      case "failed":
        failed = true;
        refreshDue();
        events.onFailure(event.message);
        return;
    }
    events.onEvent(event);
  }

  function sendSeek(t: number): void {
    seekInFlight = true;
    send({ type: "seek", t });
  }

  function send(message: ToWorker, transfer?: Transferable[]): void {
    if (!worker) return;
    if (!NOT_ANSWERED_BY_A_FRAME.has(message.type)) {
      commandPending = true;
      refreshDue();
      wake();
    }
    post(message, transfer);
  }

  function dropReplies(): void {
    for (const resolve of windowReplies.values()) resolve(null);
    windowReplies.clear();
    for (const list of messageReplies.values()) for (const resolve of list) resolve(null);
    messageReplies.clear();
  }

  const stopWatching = deps.every(WATCH_MS, () => {
    if (deps.hidden()) {
      if (dueSince !== null) dueSince = deps.now();
      return;
    }
    if (dueSince !== null && !stalled && !failed && deps.now() - dueSince > STALL_MS) {
      stalled = true;
      // Silence is not death: a worker that crashes says so (onerror); one this quiet is still working.
      events.onStall(`It has not answered for ${STALL_MS / 1000} seconds: a large run can take a while. Wait, or restart it.`);
    }
  });

  return {
    boot() {
      worker?.terminate();
      dropReplies();
      frameRequested = false;
      commandPending = false;
      workerPlaying = false;
      stalled = false;
      failed = false;
      seekInFlight = false;
      queuedSeek = null;
      dueSince = null;
      worker = deps.startWorker(onWorkerEvent, (message) => {
        failed = true;
        refreshDue();
        events.onFailure(message);
      });
    },
    send,
    seek(t) {
      if (seekInFlight) queuedSeek = t;
      else sendSeek(t);
    },
    setFedDirectly(fed) {
      fedDirectly = fed;
      wake();
    },
    window(fromMs, toMs, value) {
      if (!worker) return Promise.resolve(null);
      const id = nextWindowId++;
      return new Promise((resolve) => {
        windowReplies.set(id, resolve);
        post({ type: "window", id, fromMs, toMs, value });
      });
    },
    messageAt(sendSeq, sentAtMs) {
      if (!worker) return Promise.resolve(null);
      return new Promise((resolve) => {
        const waiting = messageReplies.get(sendSeq);
        if (waiting) waiting.push(resolve);
        else {
          messageReplies.set(sendSeq, [resolve]);
          post({ type: "messageAt", sendSeq, sentAtMs });
        }
      });
    },
    get dueSince() {
      return dueSince;
    },
    dispose() {
      stopWatching();
      deps.cancelFrame(rafId);
      dropReplies();
      worker?.terminate();
      worker = null;
    },
  };
}
