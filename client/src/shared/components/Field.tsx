import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { fieldId } from "@/shared/format/field-errors";

interface FieldFrame {
  /** The input's path, as the server names it in ValidationError fields. */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** A field's error, under it, with the id its input's `aria-describedby` points to. */
export function FieldError(props: { id: string; error?: string }) {
  return props.error ? (
    <p id={`${props.id}-error`} className="field-error">
      {props.error}
    </p>
  ) : null;
}

function Frame(props: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className={`field${props.error ? " field-invalid" : ""}`}>
      <label htmlFor={props.id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.hint && (
        <p id={`${props.id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {props.children}
      <FieldError id={props.id} error={props.error} />
    </div>
  );
}

export function TextField(props: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  const { name, label, hint, error, required, ...input } = props;
  const id = fieldId(name);
  return (
    <Frame {...{ id, name, label, hint, error, required }}>
      <input
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function TextAreaField(
  props: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">,
) {
  const { name, label, hint, error, required, ...input } = props;
  const id = fieldId(name);
  return (
    <Frame {...{ id, name, label, hint, error, required }}>
      <textarea
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function SelectField(
  props: FieldFrame &
    Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & {
      options: { value: string; label: string }[];
      /** A first, empty choice (e.g. "Tous les quartiers"). */
      placeholder?: string;
    },
) {
  const { name, label, hint, error, required, options, placeholder, ...select } = props;
  const id = fieldId(name);
  return (
    <Frame {...{ id, name, label, hint, error, required }}>
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A fieldset of checkboxes for a multiple choice (publics, fees, programmes…). */
export function CheckboxGroup(props: {
  name: string;
  legend: ReactNode;
  options: { value: string; label: string }[];
  selected: readonly string[];
  onChange(selected: string[]): void;
  error?: string;
  className?: string;
}) {
  const id = fieldId(props.name);
  const toggle = (value: string, checked: boolean) =>
    props.onChange(
      checked ? [...props.selected, value] : props.selected.filter((v) => v !== value),
    );
  return (
    <fieldset
      className={`checkbox-group ${props.className ?? ""}`}
      id={id}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.selected.includes(o.value)}
            onChange={(e) => toggle(o.value, e.target.checked)}
          />
          {o.label}
        </label>
      ))}
      <FieldError id={id} error={props.error} />
    </fieldset>
  );
}
