import { useI18n } from "@/app/i18n/I18nProvider";
import { TextField } from "@/shared/components/Field";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import type { CharterDraft } from "../hooks/charter";
import { parisToday } from "../hooks/format";

/**
 * The commitment charter: the day and the three signatories (family, city, association).
 * `prefix` is where the input sits in the mutation ("charter." in a new loan, "" alone).
 */
export function CharterFields(props: {
  prefix: string;
  value: CharterDraft;
  errors: FieldErrorMap;
  onChange(patch: Partial<CharterDraft>): void;
}) {
  const { t } = useI18n();
  const { prefix, value: c, errors, onChange } = props;
  return (
    <>
      <TextField
        name={`${prefix}signedOn`}
        type="date"
        label={t("programme.charter.signedOn")}
        required
        max={parisToday()}
        value={c.signedOn}
        error={errors[`${prefix}signedOn`]}
        onChange={(e) => onChange({ signedOn: e.target.value })}
      />
      <TextField
        name={`${prefix}familySignatory`}
        label={t("programme.charter.family")}
        hint={t("programme.charter.familyHint")}
        required
        autoComplete="off"
        maxLength={200}
        value={c.familySignatory}
        error={errors[`${prefix}familySignatory`]}
        onChange={(e) => onChange({ familySignatory: e.target.value })}
      />
      <TextField
        name={`${prefix}citySignatory`}
        label={t("programme.charter.city")}
        hint={t("programme.charter.cityHint")}
        required
        maxLength={200}
        value={c.citySignatory}
        error={errors[`${prefix}citySignatory`]}
        onChange={(e) => onChange({ citySignatory: e.target.value })}
      />
      <TextField
        name={`${prefix}associationSignatory`}
        label={t("programme.charter.association")}
        hint={t("programme.charter.associationHint")}
        required
        maxLength={200}
        value={c.associationSignatory}
        error={errors[`${prefix}associationSignatory`]}
        onChange={(e) => onChange({ associationSignatory: e.target.value })}
      />
    </>
  );
}
