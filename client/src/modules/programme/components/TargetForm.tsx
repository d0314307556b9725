import { useMutation } from "@apollo/client/react";
import { type FormEvent, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { HouseholdsIndicatorDocument, SetHouseholdsTargetDocument } from "@/gql/graphql";
import { TextField } from "@/shared/components/Field";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

/** The year's households target (coordinators and admins); the server checks the range. */
export function TargetForm(props: { year: number; current: number; isDefault: boolean }) {
  const { t, locale, number } = useI18n();
  const [value, setValue] = useState(props.isDefault ? "" : String(props.current));
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [saved, setSaved] = useState("");
  const input = useRef<HTMLFormElement>(null);
  const [save, { loading }] = useMutation(SetHouseholdsTargetDocument, {
    refetchQueries: [HouseholdsIndicatorDocument],
  });

  const invalid = (map: FieldErrorMap) => {
    setErrors(map);
    input.current?.querySelector<HTMLInputElement>("input")?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved("");
    const trimmed = value.trim();
    if (!trimmed) return invalid({ target: t("form.required") });
    if (!/^\d+$/.test(trimmed)) return invalid({ target: t("programme.target.integer") });
    try {
      const { data } = await save({ variables: { year: props.year, target: Number(trimmed) } });
      const result = data?.setHouseholdsTarget;
      if (result?.__typename === "HouseholdsTarget") {
        setErrors({});
        setSaved(t("programme.target.saved", { target: number(result.target), year: result.year }));
      } else if (result?.__typename === "ValidationError") {
        const map = fieldErrorMap(result.fields, locale);
        // The year is chosen above, not typed: its error is shown on the target too.
        invalid({ target: [map.target, map.year].filter(Boolean).join(" ") });
      }
    } catch {
      invalid({ target: t("common.error.network") });
    }
  }

  return (
    <form
      className="target-form"
      ref={input}
      onSubmit={submit}
      noValidate
      aria-label={t("programme.target.form", { year: props.year })}
    >
      <TextField
        name="target"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        label={t("programme.target.label", { year: props.year })}
        hint={t("programme.target.hint")}
        value={value}
        error={errors.target}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="button button-secondary" disabled={loading}>
        {t("programme.target.save")}
      </button>
      <p className="status-message" aria-live="polite">
        {saved}
      </p>
    </form>
  );
}
