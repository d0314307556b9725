import { useSearchParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { SelectField } from "@/shared/components/Field";
import { parisYear } from "../hooks/format";
import { HouseholdsPanel } from "./HouseholdsPanel";
import { PilotageTabs } from "./PilotageTabs";
import { TicketFlowsPanel } from "./TicketFlowsPanel";
import { WavesPanel } from "./WavesPanel";
import "../programme.css";

/** Years offered: the programme's first years up to the next one. */
function yearsAround(current: number): number[] {
  return Array.from({ length: 5 }, (_, i) => current + 1 - i);
}

/**
 * Pilotage → Programme (coordinators and admins): households accompanied against the year's
 * target, the lending plan's waves per district, Pass numérique ticket flows. Counts only.
 */
export function ProgrammeDashboardPage() {
  const { t } = useI18n();
  usePageTitle(t("programme.dashboard.title"));
  const [params, setParams] = useSearchParams();
  const current = parisYear();
  const asked = Number(params.get("year"));
  const years = yearsAround(current);
  const year = years.includes(asked) ? asked : current;

  return (
    <div className="dashboard programme-dashboard">
      <h1>{t("programme.dashboard.title")}</h1>
      <PilotageTabs />
      <p>{t("programme.dashboard.intro")}</p>
      <form className="year-filter" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          name="year"
          label={t("programme.year")}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
          value={String(year)}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (Number(e.target.value) === current) next.delete("year");
            else next.set("year", e.target.value);
            setParams(next, { replace: true });
          }}
        />
      </form>
      <section aria-labelledby="households-heading" className="panel">
        <h2 id="households-heading">{t("programme.households.title", { year })}</h2>
        <HouseholdsPanel key={year} year={year} />
      </section>
      <section aria-labelledby="waves-heading" className="panel">
        <h2 id="waves-heading">{t("programme.waves.title")}</h2>
        <WavesPanel />
      </section>
      <section aria-labelledby="tickets-heading" className="panel">
        <h2 id="tickets-heading">{t("programme.tickets.title", { year })}</h2>
        <TicketFlowsPanel year={year} />
      </section>
    </div>
  );
}
