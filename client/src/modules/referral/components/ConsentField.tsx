import { useI18n } from "@/app/i18n/I18nProvider";
import { FieldError } from "@/shared/components/Field";
import { fieldId } from "@/shared/format/field-errors";

/** The wording read to the resident, and the box the referrer ticks once they agreed. */
export function ConsentField(props: {
  wording: { version: string; text: string } | null;
  checked: boolean;
  error?: string;
  onChange(checked: boolean): void;
}) {
  const { t } = useI18n();
  const id = fieldId("consent.given");
  return (
    <div className={`field consent${props.error ? " field-invalid" : ""}`}>
      <blockquote id={`${id}-wording`} className="consent-wording" lang="fr">
        {props.wording ? props.wording.text : t("common.loading")}
        {props.wording && (
          <footer>{t("referral.consent.version", { version: props.wording.version })}</footer>
        )}
      </blockquote>
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          required
          checked={props.checked}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={[`${id}-wording`, props.error ? `${id}-error` : null]
            .filter(Boolean)
            .join(" ")}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        {t("referral.consent.label")}
        <span aria-hidden="true"> *</span>
      </label>
      <FieldError id={id} error={props.error} />
    </div>
  );
}
