/**
 * Labelled inputs. The label text is the input's whole accessible name ("Nodes", "Drop rate"): units
 * and hints sit beside it and are linked with aria-describedby, so tests and docs can name controls.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <span id={`${id}-hint`} className="field-hint">
      {hint}
    </span>
  ) : null;
}

/** Label, the control, its hint (linked as `${id}-hint`) and its error (`${id}-error`). */
function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field-input">
        {children}
        <Hint id={id} hint={hint} />
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** Shown after the input, e.g. "ms". */
  unit?: string;
  hint?: ReactNode;
  /** Only whole numbers are valid (the default). */
  integer?: boolean;
  /** false: refused (the page says why), and the field shows the value again. */
  onCommit(value: number): boolean | void;
}

/**
 * A number that takes effect on Enter or when focus leaves, not on every keystroke: typing "100"
 * into Nodes must not start runs of 1 and 10 nodes on the way. Escape restores the current value.
 */
export function NumberField({ label, value, min, max, step = 1, unit, hint, integer = true, onCommit }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  // When the value changes from outside (a new run, a repaired config), show it: adjusting state
  // while rendering, as React recommends, rather than in an effect that renders twice.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(String(value));
    setError(null);
  }

  function commit(): void {
    const text = draft.trim();
    const n = Number(text);
    if (text === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      setError(`${label} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}.`);
      return;
    }
    setError(null);
    if (n === value || onCommit(n) === false) setDraft(String(value));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === "Enter") commit();
    else if (event.key === "Escape") {
      setDraft(String(value));
      setError(null);
    }
  }

  const fullHint = unit && hint ? <>{unit} · {hint}</> : (unit ?? hint);
  const describedBy = [fullHint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <Field id={id} label={label} hint={fullHint} error={error}>
      <input
        id={id}
        type="number"
        inputMode={integer ? "numeric" : "decimal"}
        min={min}
        max={max}
        step={step}
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
    </Field>
  );
}

interface SelectFieldProps<T extends string | number> {
  label: string;
  value: T;
  options: readonly { value: T; text: string }[];
  hint?: ReactNode;
  onChange(value: T): void;
}

export function SelectField<T extends string | number>({ label, value, options, hint, onChange }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint}>
      <select
        id={id}
        value={String(value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const chosen = options.find((o) => String(o.value) === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.text}
          </option>
        ))}
      </select>
    </Field>
  );
}

interface RangeFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** Text of the value beside the slider, e.g. "30%". */
  display(value: number): string;
  onChange(value: number): void;
}

/**
 * A slider whose value takes effect when it settles: when a drag is released, or at each step of an
 * arrow key (the input's native change event). While it moves, only the value beside it follows: a
 * drag across the Drop rate is one command of the run, not thirty.
 */
export function RangeField({ label, value, min, max, step, display, onChange }: RangeFieldProps) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  /** The value while the slider moves, before it settles; null when it shows `value`. */
  const [moving, setMoving] = useState<number | null>(null);
  const latest = useRef({ value, onChange });
  useEffect(() => {
    latest.current = { value, onChange };
  });
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const settle = () => {
      const n = Number(input.value);
      setMoving(null);
      if (Number.isFinite(n) && n >= min && n <= max && n !== latest.current.value) latest.current.onChange(n);
    };
    input.addEventListener("change", settle);
    return () => input.removeEventListener("change", settle);
  }, [min, max]);
  const shown = moving ?? value;
  return (
    <Field id={id} label={label}>
      <input
        ref={ref}
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={shown}
        aria-valuetext={display(shown)}
        onChange={(e) => setMoving(Number(e.target.value))}
      />
      {/* Not an <output>: its implicit role is status, and the page has one status, the round. */}
      <span className="field-output" aria-hidden="true">
        {display(shown)}
      </span>
    </Field>
  );
}

export function CheckboxField({ label, checked, hint, onChange }: { label: string; checked: boolean; hint?: ReactNode; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
    </div>
  );
}
