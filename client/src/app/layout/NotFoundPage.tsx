import { Link } from "react-router";
import { useI18n } from "../i18n/I18nProvider";
import { usePageTitle } from "./usePageTitle";

export function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle(t("notFound.title"));
  return (
    <div className="narrow">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.hint")}</p>
      <p>
        <Link to="/">{t("notFound.back")}</Link>
      </p>
    </div>
  );
}
