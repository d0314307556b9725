import { NavLink } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";

/** Pilotage's two parts: the network (coverage, referrals) and the programme's plan. */
export function PilotageTabs() {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t("programme.pilotageTabs")}>
      <ul>
        <li>
          <NavLink to="/pilotage" end>
            {t("programme.tab.network")}
          </NavLink>
        </li>
        <li>
          <NavLink to="/pilotage/programme">{t("programme.tab.programme")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
