import { useEffect, useRef } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { type FieldErrorMap, fieldId } from "@/shared/format/field-errors";

/**
 * The list of a form's errors, focused when it appears, each linking to its field (the pattern
 * of the French state design system): the errors are also shown next to their fields.
 */
export function ErrorSummary(props: {
  errors: FieldErrorMap;
  labels: Record<string, string>;
  message?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(props.errors);
  const visible = entries.length > 0 || Boolean(props.message);
  const key = entries.map(([k, v]) => `${k}:${v}`).join("|") + (props.message ?? "");

  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [visible, key]);

  if (!visible) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>{t("form.errors.title")}</h2>
      {props.message && <p>{props.message}</p>}
      {entries.length > 0 && (
        <ul>
          {entries.map(([path, message]) => (
            <li key={path}>
              <a href={`#${fieldId(path)}`}>
                {props.labels[path] ?? path} : {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
