import { NavLink } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import "./pilotage-tabs.css";

/** Pilotage's parts: the network (coverage, referrals), the programme's plan, its waves and devices. */
export function PilotageTabs() {
  const { t } = useI18n();
  return (
    <nav className="tabs pilotage-tabs" aria-label={t("programme.pilotageTabs")}>
      <ul>
        <li>
          <NavLink to="/pilotage" end>
            {t("programme.tab.network")}
          </NavLink>
        </li>
        <li>
          <NavLink to="/pilotage/programme" end>
            {t("programme.tab.programme")}
          </NavLink>
        </li>
        <li>
          <NavLink to="/pilotage/programme/vagues">{t("programme.tab.waves")}</NavLink>
        </li>
        <li>
          <NavLink to="/pilotage/programme/equipements">{t("programme.tab.devices")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
