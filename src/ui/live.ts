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
 * of the component (its children may have changed), and on every change of the store.
 */
export function useLive<T extends Element>(write: (element: T, state: UiState) => void): RefObject<T | null> {
  const ref = useRef<T>(null);
  const writeRef = useRef(write);
  useLayoutEffect(() => {
    writeRef.current = write;
    if (ref.current) write(ref.current, useUi.getState());
  });
  useLayoutEffect(
    () =>
      useUi.subscribe((state) => {
        if (ref.current) writeRef.current(ref.current, state);
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
