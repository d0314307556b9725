import { useI18n } from "@/app/i18n/I18nProvider";

/** "Ouvert" / "Fermé · ouvre lun. 09:00", or nothing when the hours are unknown. */
export function OpenState(props: {
  hours: { openNow: boolean; nextOpeningAt?: string | null } | null | undefined;
}) {
  const { t, locale } = useI18n();
  if (!props.hours) return <span className="open-state open-unknown">{t("open.unknown")}</span>;
  if (props.hours.openNow) return <span className="open-state open-yes">{t("open.yes")}</span>;
  const next = props.hours.nextOpeningAt
    ? new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "Europe/Paris",
      }).format(new Date(props.hours.nextOpeningAt))
    : null;
  return (
    <span className="open-state open-no">
      {t("open.no")}
      {next && ` · ${t("open.next", { when: next })}`}
    </span>
  );
}
