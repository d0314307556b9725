import type { ReactNode } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { ContactChannel, SpecificSupport } from "@/gql/graphql";
import { CheckboxGroup, TextField } from "@/shared/components/Field";
import { RadioGroup } from "@/shared/components/RadioGroup";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";

/** The resident's data every form records, referral or device loan: nothing more may be asked. */
export interface ResidentDraft {
  firstName: string;
  lastName: string;
  contactChannel: ContactChannel;
  contactValue: string;
  languages: string;
  accessibilityNeeds: SpecificSupport[];
}

/**
 * The resident's name, one way to reach them, languages and specific needs. `children` go after
 * the contact (a loan's district, for instance).
 */
export function ResidentContactFields(props: {
  draft: ResidentDraft;
  errors: FieldErrorMap;
  onChange(patch: Partial<ResidentDraft>): void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const { terms } = useReferenceData();
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
      {props.children}
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
