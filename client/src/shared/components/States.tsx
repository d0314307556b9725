import type { ReactNode } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";

export function LoadingState({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </p>
  );
}

/** An error that says what to do: retry, or the hint given. */
export function ErrorState(props: { title?: string; hint?: ReactNode; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{props.title ?? t("common.error.title")}</strong>
      </p>
      <p>{props.hint ?? t("common.error.hint")}</p>
      {props.onRetry && (
        <button type="button" className="button" onClick={props.onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}
