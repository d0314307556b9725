import { useI18n } from "@/app/i18n/I18nProvider";
import { ResidentContactFields } from "@/modules/referral/components/ResidentContactFields";
import { SelectField } from "@/shared/components/Field";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import type { AllocationDraft } from "../hooks/useAllocationForm";

/** The family's minimal data, as for a referral; the district places the loan in the plan. */
export function AllocationResidentFields(props: {
  draft: AllocationDraft;
  errors: FieldErrorMap;
  onChange(patch: Partial<AllocationDraft>): void;
}) {
  const { t } = useI18n();
  const { districts } = useReferenceData();
  const { draft: d, errors, onChange } = props;
  return (
    <ResidentContactFields draft={d} errors={errors} onChange={onChange}>
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
    </ResidentContactFields>
  );
}
