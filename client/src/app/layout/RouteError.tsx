import { useRouteError } from "react-router";
import { ErrorState } from "@/shared/components/States";
import { useI18n } from "../i18n/I18nProvider";

/** A page that failed to render (often: a new version was deployed and a chunk is gone). */
export function RouteError() {
  const { t } = useI18n();
  const error = useRouteError();
  const chunk =
    error instanceof Error && /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <ErrorState
      title={t("common.error.title")}
      hint={chunk ? t("common.error.reload") : t("common.error.hint")}
      onRetry={() => window.location.reload()}
    />
  );
}
