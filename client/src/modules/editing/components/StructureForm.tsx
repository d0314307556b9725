import type { FormEvent } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { Label, Mobility, Programme, SpecificSupport, StructureKind } from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { CheckboxGroup, SelectField, TextAreaField, TextField } from "@/shared/components/Field";
import type { FieldErrorMap } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import type { StructureFormValues } from "../hooks/structure-form";
import { LocateAddressButton } from "./LocateAddressButton";
import { OpeningHoursField } from "./OpeningHoursField";

/** A structure's editable fields, grouped as a person reads a fiche. */
export function StructureForm(props: {
  values: StructureFormValues;
  errors: FieldErrorMap;
  problem: string | null;
  submitting: boolean;
  submitLabel: string;
  onChange(patch: Partial<StructureFormValues>): void;
  onSubmit(): void;
}) {
  const { t } = useI18n();
  const { terms, districts } = useReferenceData();
  const { values: v, errors: e, onChange } = props;
  const text = (name: keyof StructureFormValues) => ({
    name,
    value: v[name] as string,
    error: e[name],
    onChange: (ev: { target: { value: string } }) => onChange({ [name]: ev.target.value }),
  });
  const labels: Record<string, string> = Object.fromEntries(
    Object.keys(v).map((k) => [k, t(`editing.field.${k}` as "editing.field.name")]),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit();
  }

  return (
    <>
      <ErrorSummary errors={e} labels={labels} message={props.problem ?? undefined} />
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="form-section">
          <legend>{t("editing.section.identity")}</legend>
          <TextField {...text("name")} label={labels.name} required maxLength={200} />
          <SelectField
            {...text("kind")}
            label={labels.kind}
            required
            placeholder={t("editing.kind.choose")}
            options={terms("structureKinds")}
            onChange={(ev) => onChange({ kind: ev.target.value as StructureKind })}
          />
          <TextField
            {...text("pivot")}
            label={labels.pivot}
            hint={t("editing.pivot.hint")}
            required
          />
          <TextField {...text("summary")} label={labels.summary} maxLength={280} />
          <TextAreaField {...text("description")} label={labels.description} rows={4} />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("editing.section.address")}</legend>
          <TextField {...text("street")} label={labels.street} autoComplete="street-address" />
          <TextField {...text("addressComplement")} label={labels.addressComplement} />
          <div className="field-row">
            <TextField
              {...text("postalCode")}
              label={labels.postalCode}
              inputMode="numeric"
              autoComplete="postal-code"
            />
            <TextField {...text("city")} label={labels.city} />
            <TextField {...text("inseeCode")} label={labels.inseeCode} inputMode="numeric" />
          </div>
          <div className="field-row">
            <TextField
              {...text("latitude")}
              label={labels.latitude}
              inputMode="decimal"
              hint={t("editing.coordinates.hint")}
            />
            <TextField {...text("longitude")} label={labels.longitude} inputMode="decimal" />
          </div>
          <LocateAddressButton values={v} onLocate={onChange} />
          <SelectField
            {...text("districtCode")}
            label={labels.districtCode}
            placeholder={t("editing.district.derived")}
            options={districts.map((d) => ({ value: d.code, label: d.name }))}
          />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("editing.section.contact")}</legend>
          <TextField {...text("phone")} label={labels.phone} type="tel" autoComplete="tel" />
          <TextAreaField
            {...text("emails")}
            label={labels.emails}
            hint={t("editing.list.hint")}
            rows={2}
          />
          <TextAreaField
            {...text("websites")}
            label={labels.websites}
            hint={t("editing.list.hint")}
            rows={2}
          />
          <TextField {...text("appointmentUrl")} label={labels.appointmentUrl} type="url" />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("editing.section.hours")}</legend>
          <OpeningHoursField
            value={v.openingHours}
            error={e.openingHours}
            onChange={(openingHours) => onChange({ openingHours })}
          />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("editing.section.programmes")}</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={v.passNumerique}
              onChange={(ev) => onChange({ passNumerique: ev.target.checked })}
            />
            {labels.passNumerique}
          </label>
          <CheckboxGroup
            name="programmes"
            legend={labels.programmes}
            options={terms("programmes")}
            selected={v.programmes}
            error={e.programmes}
            onChange={(x) => onChange({ programmes: x as Programme[] })}
            className="columns"
          />
          <CheckboxGroup
            name="labels"
            legend={labels.labels}
            options={terms("labels")}
            selected={v.labels}
            error={e.labels}
            onChange={(x) => onChange({ labels: x as Label[] })}
            className="columns"
          />
          <TextField {...text("otherLabels")} label={labels.otherLabels} maxLength={500} />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("editing.section.accessibility")}</legend>
          <CheckboxGroup
            name="specificSupports"
            legend={labels.specificSupports}
            options={terms("specificSupports")}
            selected={v.specificSupports}
            error={e.specificSupports}
            onChange={(x) => onChange({ specificSupports: x as SpecificSupport[] })}
          />
          <CheckboxGroup
            name="mobility"
            legend={labels.mobility}
            options={terms("mobility")}
            selected={v.mobility}
            error={e.mobility}
            onChange={(x) => onChange({ mobility: x as Mobility[] })}
          />
          <TextField {...text("accessibilityUrl")} label={labels.accessibilityUrl} type="url" />
        </fieldset>
        <button type="submit" className="button button-primary" disabled={props.submitting}>
          {props.submitLabel}
        </button>
      </form>
    </>
  );
}
