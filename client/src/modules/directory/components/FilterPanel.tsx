import { type FormEvent, useEffect, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { Public, ServiceCategory } from "@/gql/graphql";
import { CheckboxGroup, SelectField } from "@/shared/components/Field";
import { fieldId } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { activeFilterCount, type DirectoryFilters } from "../hooks/useDirectoryFilters";
import { NearFilter } from "./NearFilter";

/** Every filter of the directory. Choices apply at once; the text applies on submit. */
export function FilterPanel(props: {
  filters: DirectoryFilters;
  onChange(change: Partial<DirectoryFilters>): void;
  onClear(): void;
}) {
  const { t } = useI18n();
  const { terms, districts } = useReferenceData();
  const { filters, onChange } = props;
  const [text, setText] = useState(filters.text);
  useEffect(() => setText(filters.text), [filters.text]);
  const count = activeFilterCount(filters);
  // Open on wide screens; folded on a phone so the results come first.
  const [open] = useState(() => !window.matchMedia?.("(max-width: 48rem)").matches);

  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ text, selected: null });
  }

  return (
    <details className="filters" open={open}>
      <summary>
        {t("directory.filters.title")}
        {count > 0 && <span className="badge">{t("directory.filters.active", { count })}</span>}
      </summary>
      <form role="search" aria-label={t("directory.filters.title")} onSubmit={submit}>
        <div className="field field-search">
          <label htmlFor={fieldId("q")}>{t("directory.text.label")}</label>
          <div className="search-row">
            <input
              id={fieldId("q")}
              type="search"
              value={text}
              placeholder={t("directory.text.placeholder")}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="button button-primary">
              {t("directory.text.submit")}
            </button>
          </div>
        </div>
        <SelectField
          name="need"
          label={t("directory.need.label")}
          placeholder={t("directory.need.any")}
          options={terms("categories")}
          value={filters.need ?? ""}
          onChange={(e) =>
            onChange({ need: (e.target.value || null) as ServiceCategory | null, selected: null })
          }
        />
        <SelectField
          name="district"
          label={t("directory.district.label")}
          placeholder={t("directory.district.any")}
          options={districts.map((d) => ({ value: d.code, label: d.name }))}
          value={filters.district ?? ""}
          onChange={(e) => onChange({ district: e.target.value || null, selected: null })}
        />
        <NearFilter near={filters.near} radiusMeters={filters.radiusMeters} onChange={onChange} />
        <CheckboxGroup
          name="publics"
          legend={t("directory.publics.label")}
          options={terms("publics")}
          selected={filters.publics}
          onChange={(publics) => onChange({ publics: publics as Public[], selected: null })}
        />
        <fieldset className="checkbox-group">
          <legend>{t("directory.conditions.label")}</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filters.free}
              onChange={(e) => onChange({ free: e.target.checked, selected: null })}
            />
            {t("directory.free")}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filters.passNumerique}
              onChange={(e) => onChange({ passNumerique: e.target.checked, selected: null })}
            />
            {t("directory.passNumerique")}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filters.openNow}
              onChange={(e) => onChange({ openNow: e.target.checked, selected: null })}
            />
            {t("directory.openNow")}
          </label>
        </fieldset>
        {count > 0 && (
          <button type="button" className="button button-secondary" onClick={props.onClear}>
            {t("directory.filters.clear")}
          </button>
        )}
      </form>
    </details>
  );
}
