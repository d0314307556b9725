import { useI18n } from "@/app/i18n/I18nProvider";
import type { SpecificSupport } from "@/gql/graphql";
import { CheckboxGroup, TextAreaField, TextField } from "@/shared/components/Field";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import type { ReferralDraft } from "../hooks/useReferralForm";

/** The resident's minimal data: nothing more may be recorded. */
export function ResidentFields(props: {
  draft: ReferralDraft;
  errors: FieldErrorMap;
  onChange(patch: Partial<ReferralDraft>): void;
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
      <fieldset className="radio-group" id="field-resident-contactChannel">
        <legend>{t("referral.resident.channel")}</legend>
        {(["PHONE", "EMAIL"] as const).map((channel) => (
          <label key={channel} className="checkbox">
            <input
              type="radio"
              name="contactChannel"
              value={channel}
              checked={d.contactChannel === channel}
              onChange={() => onChange({ contactChannel: channel })}
            />
            {t(channel === "PHONE" ? "referral.resident.phone" : "referral.resident.email")}
          </label>
        ))}
      </fieldset>
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
      <TextAreaField
        name="situation"
        label={t("referral.situation")}
        hint={t("referral.situation.hint")}
        maxLength={1000}
        rows={4}
        value={d.situation}
        error={errors.situation}
        onChange={(e) => onChange({ situation: e.target.value })}
      />
    </>
  );
}
