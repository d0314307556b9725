import { useI18n } from "@/app/i18n/I18nProvider";
import { WeeklyHours } from "@/modules/structure/components/WeeklyHours";
import { TextAreaField } from "@/shared/components/Field";
import { previewOpeningHours } from "../hooks/opening-hours-preview";

/** The OSM opening_hours field, with the week it means written out beside it. */
export function OpeningHoursField(props: {
  value: string;
  error?: string;
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  const preview = previewOpeningHours(props.value);
  return (
    <div className="opening-hours-field">
      <TextAreaField
        name="openingHours"
        label={t("editing.openingHours")}
        hint={t("editing.openingHours.hint")}
        value={props.value}
        error={props.error}
        rows={2}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
      <div className="hours-preview" aria-live="polite">
        {props.value.trim() === "" ? (
          <p className="hint">{t("editing.openingHours.empty")}</p>
        ) : preview ? (
          <>
            <WeeklyHours weekly={preview.weekly} caption={t("editing.openingHours.preview")} />
            {preview.holidaysOff && <p className="hint">{t("editing.openingHours.holidaysOff")}</p>}
          </>
        ) : (
          <p className="hint">{t("editing.openingHours.noPreview")}</p>
        )}
      </div>
    </div>
  );
}
