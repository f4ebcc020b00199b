/** Picking a node by its name, for graphs too large to list in a <select>. */

/**
 * Up to this many nodes a picker lists every node. Beyond it a name is typed instead: a <select> of
 * 20,000 options takes React and the browser over a second to build, and nobody scrolls it.
 */
export const LISTED_NODES_MAX = 2000;

interface NodeNameInputProps {
  id?: string;
  names: readonly string[];
  /** The node shown in the field, or null for an empty field. */
  selected: number | null;
  onSelect(node: number | null): void;
  /** Empty the field once a node is picked (for adding, not choosing). */
  clearOnPick?: boolean;
}

/** A typed node name (n1 ... nN): Enter picks it, an empty field picks none, an unknown name is refused with a short message. */
export function NodeNameInput({ id, names, selected, onSelect, clearOnPick = false }: NodeNameInputProps) {
  const shown = selected === null ? "" : (names[selected] ?? "");
  return (
    <input
      id={id}
      key={shown}
      type="text"
      defaultValue={shown}
      placeholder={`n1 to n${names.length}`}
      spellCheck={false}
      onInput={(e) => e.currentTarget.setCustomValidity("")}
      onKeyDown={(e) => {
        if (e.key !== "Enter") return;
        const field = e.currentTarget;
        const text = field.value.trim();
        if (text === "") {
          if (!clearOnPick) onSelect(null);
          return;
        }
        // Looked up when asked, not indexed at each render: a Map of 20,000 names cost the page
        // about 90 ms as a large run opened.
        const node = names.indexOf(text);
        if (node < 0) {
          field.setCustomValidity(`No node "${text.slice(0, 20)}": names run from n1 to n${names.length}.`);
          field.reportValidity();
          return;
        }
        onSelect(node);
        if (clearOnPick) field.value = "";
      }}
    />
  );
}
