import type { ReactNode } from "react";
import { fieldId } from "@/shared/format/field-errors";
import { FieldError } from "./Field";

/** A single choice among a few, as a fieldset of radios; its error is linked to the group. */
export function RadioGroup<V extends string>(props: {
  name: string;
  legend: ReactNode;
  options: { value: V; label: string }[];
  value: V | "";
  required?: boolean;
  error?: string;
  onChange(value: V): void;
}) {
  const id = fieldId(props.name);
  return (
    <fieldset
      className={`radio-group${props.error ? " field-invalid" : ""}`}
      id={id}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>
        {props.legend}
        {props.required && <span aria-hidden="true"> *</span>}
      </legend>
      {props.options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
      <FieldError id={id} error={props.error} />
    </fieldset>
  );
}
