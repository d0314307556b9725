import { useI18n } from "@/app/i18n/I18nProvider";
import type { SpecificSupport } from "@/gql/graphql";
import { CheckboxGroup, SelectField, TextField } from "@/shared/components/Field";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import type { AllocationDraft } from "../hooks/useAllocationForm";
import { RadioGroup } from "./RadioGroup";

/** The family's minimal data, as for a referral; the district places the loan in the plan. */
export function AllocationResidentFields(props: {
  draft: AllocationDraft;
  errors: FieldErrorMap;
  onChange(patch: Partial<AllocationDraft>): void;
}) {
  const { t } = useI18n();
  const { terms, districts } = useReferenceData();
  const { draft: d, errors, onChange } = props;
  return (
    <>
      <div className="field-row">
        <TextField
          name="resident.firstName"
          label={t("referral.resident.firstName")}
          required
          autoComplete="off"
          value={d.firstName}
          error={errors["resident.firstName"]}
          onChange={(e) => onChange({ firstName: e.target.value })}
        />
        <TextField
          name="resident.lastName"
          label={t("referral.resident.lastName")}
          hint={t("referral.resident.lastName.hint")}
          autoComplete="off"
          value={d.lastName}
          error={errors["resident.lastName"]}
          onChange={(e) => onChange({ lastName: e.target.value })}
        />
      </div>
      <RadioGroup
        name="resident.contactChannel"
        legend={t("referral.resident.channel")}
        options={[
          { value: "PHONE", label: t("referral.resident.phone") },
          { value: "EMAIL", label: t("referral.resident.email") },
        ]}
        value={d.contactChannel}
        onChange={(contactChannel) => onChange({ contactChannel })}
      />
      <TextField
        name="resident.contactValue"
        type={d.contactChannel === "PHONE" ? "tel" : "email"}
        label={t(
          d.contactChannel === "PHONE"
            ? "referral.resident.phoneValue"
            : "referral.resident.emailValue",
        )}
        required
        autoComplete="off"
        value={d.contactValue}
        error={errors["resident.contactValue"]}
        onChange={(e) => onChange({ contactValue: e.target.value })}
      />
      <SelectField
        name="resident.districtCode"
        label={t("referral.resident.district")}
        hint={t("programme.allocation.districtHint")}
        required
        placeholder={t("programme.choose")}
        options={districts.map((x) => ({ value: x.code, label: x.name }))}
        value={d.districtCode}
        error={errors["resident.districtCode"]}
        onChange={(e) => onChange({ districtCode: e.target.value })}
      />
      <TextField
        name="resident.languages"
        label={t("referral.resident.languages")}
        hint={t("referral.resident.languages.hint")}
        value={d.languages}
        error={errors["resident.languages"]}
        onChange={(e) => onChange({ languages: e.target.value })}
      />
      <CheckboxGroup
        name="resident.accessibilityNeeds"
        legend={t("referral.resident.accessibility")}
        options={terms("specificSupports")}
        selected={d.accessibilityNeeds}
        error={errors["resident.accessibilityNeeds"]}
        onChange={(v) => onChange({ accessibilityNeeds: v as SpecificSupport[] })}
      />
    </>
  );
}
