/**
 * Default styles of the graph view and legend, adopted as a constructed stylesheet: the page's CSP
 * (style-src 'self') forbids style attributes and inline <style>, not CSSOM sheets. Rules sit in
 * :where() (zero specificity) so the page's own stylesheet overrides any of them.
 */
const CSS = `
:where(canvas.gv-canvas) { cursor: grab; touch-action: none; }
:where(canvas.gv-canvas.gv-over-node) { cursor: pointer; }
:where(canvas.gv-canvas.gv-panning) { cursor: grabbing; }
:where(.graph-legend) { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1rem; margin: 0; padding: 0; list-style: none; font-size: 0.85rem; }
:where(.graph-legend li) { display: inline-flex; align-items: center; gap: 0.35rem; white-space: nowrap; }
:where(.graph-legend svg) { flex: none; overflow: visible; }
`;

let adopted = false;

export function adoptGraphSheet(): void {
  if (adopted || typeof document === "undefined") return;
  adopted = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    // An engine without constructable stylesheets: the page's stylesheet can style these classes.
  }
}
