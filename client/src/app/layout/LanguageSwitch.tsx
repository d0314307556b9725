import { useI18n } from "../i18n/I18nProvider";

/** FR / EN: each button names its language in that language (lang attribute). */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t("layout.language")}>
      <button
        type="button"
        lang="fr"
        aria-pressed={locale === "fr"}
        onClick={() => setLocale("fr")}
      >
        <span aria-hidden="true">FR</span>
        <span className="visually-hidden">Français</span>
      </button>
      <button
        type="button"
        lang="en"
        aria-pressed={locale === "en"}
        onClick={() => setLocale("en")}
      >
        <span aria-hidden="true">EN</span>
        <span className="visually-hidden">English</span>
      </button>
    </div>
  );
}
