/**
 * What follows the store several times a second (the clock, the Timeline's thumb, the run's numbers)
 * written straight into the DOM from a store subscription, outside React renders: React renders the
 * element, the subscription keeps its text or attributes up to date. A React render of the panels
 * that show the clock, ten times a second, cost the page more than everything else it did.
 */
import { useLayoutEffect, useRef, type RefObject } from "react";
import { useUi, type UiState } from "./store";

/**
 * A ref for an element that `write` keeps up to date with the store: at mount, after every render
 * of the component (its children may have changed), and on every change of the store, or with
 * `reads` (the parts of the state that `write` reads) on a change of one of those only.
 */
export function useLive<T extends Element>(write: (element: T, state: UiState) => void, reads?: (state: UiState) => readonly unknown[]): RefObject<T | null> {
  const ref = useRef<T>(null);
  const writeRef = useRef(write);
  const readsRef = useRef(reads);
  /** What `reads` gave at the last write. */
  const readAtWrite = useRef<readonly unknown[] | null>(null);
  useLayoutEffect(() => {
    writeRef.current = write;
    readsRef.current = reads;
    if (!ref.current) return;
    const state = useUi.getState();
    readAtWrite.current = reads?.(state) ?? null;
    write(ref.current, state);
  });
  useLayoutEffect(
    () =>
      useUi.subscribe((state) => {
        if (!ref.current) return;
        const read = readsRef.current?.(state) ?? null;
        const last = readAtWrite.current;
        if (read && last && read.length === last.length && read.every((v, i) => v === last[i])) return;
        readAtWrite.current = read;
        writeRef.current(ref.current, state);
      }),
    [],
  );
  return ref;
}

/** A ref for an element whose text is `text(state)`, kept up to date outside React renders. */
export function useLiveText<T extends HTMLElement>(text: (state: UiState) => string): RefObject<T | null> {
  return useLive<T>((element, state) => setText(element, text(state)));
}

/** Sets the text only when it differs: an equal write still costs a style and layout pass. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export function setAttr(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}
