import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { PilotageTabs } from "@/modules/programme/components/PilotageTabs";
import { CoverageHeatmap } from "./CoverageHeatmap";
import { ReferralStatsPanel } from "./ReferralStatsPanel";

/** Pilotage (coordinators and admins): where a need has no answer, and how referrals go. */
export function DashboardPage() {
  const { t } = useI18n();
  usePageTitle(t("dashboard.title"));
  return (
    <div className="dashboard">
      <h1>{t("dashboard.title")}</h1>
      <PilotageTabs />
      <p>{t("dashboard.intro")}</p>
      <section aria-labelledby="coverage-heading" className="panel">
        <h2 id="coverage-heading">{t("dashboard.coverage.title")}</h2>
        <CoverageHeatmap />
      </section>
      <section aria-labelledby="stats-heading" className="panel">
        <h2 id="stats-heading">{t("dashboard.stats.title")}</h2>
        <ReferralStatsPanel />
      </section>
    </div>
  );
}
