import { useI18n } from "@/app/i18n/I18nProvider";
import { TextAreaField } from "@/shared/components/Field";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import type { ReferralDraft } from "../hooks/useReferralForm";
import { ResidentContactFields } from "./ResidentContactFields";

/** The resident's minimal data and their situation: nothing more may be recorded. */
export function ResidentFields(props: {
  draft: ReferralDraft;
  errors: FieldErrorMap;
  onChange(patch: Partial<ReferralDraft>): void;
}) {
  const { t } = useI18n();
  const { draft: d, errors, onChange } = props;
  return (
    <>
      <ResidentContactFields draft={d} errors={errors} onChange={onChange} />
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
