import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { HouseholdsIndicatorDocument } from "@/gql/graphql";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { useProgrammeFormat } from "../hooks/format";
import { ProgressMeter } from "./ProgressMeter";
import { TargetForm } from "./TargetForm";

/** Households accompanied in the year against its target, by month and by district. */
export function HouseholdsPanel({ year }: { year: number }) {
  const { t, number } = useI18n();
  const { districtName } = useReferenceData();
  const f = useProgrammeFormat();
  const { data, loading, error, refetch } = useQuery(HouseholdsIndicatorDocument, {
    variables: { year },
    fetchPolicy: "cache-and-network",
  });
  const h = data?.householdsIndicator;
  if (loading && !h) return <LoadingState />;
  if (error || !h) return <ErrorState onRetry={() => void refetch()} />;

  const maxMonth = Math.max(1, ...h.byMonth.map((m) => m.newHouseholds));
  const maxDistrict = Math.max(1, ...h.byDistrict.map((d) => d.households));
  return (
    <>
      <ProgressMeter
        label={t("programme.households.meter", { year })}
        value={h.households}
        max={h.target}
        text={t(
          f.one(h.households)
            ? "programme.households.progress.one"
            : "programme.households.progress",
          {
            households: number(h.households),
            target: number(h.target),
            percent: f.percent(h.progress),
          },
        )}
      />
      {h.targetIsDefault && (
        <p className="hint">{t("programme.households.defaultTarget", { year })}</p>
      )}
      <dl className="kpis">
        <div>
          <dt>{t("programme.households.withReferral")}</dt>
          <dd>{number(h.withReferral)}</dd>
        </div>
        <div>
          <dt>{t("programme.households.withDevice")}</dt>
          <dd>{number(h.withDevice)}</dd>
        </div>
        <div>
          <dt>{t("programme.households.withTicket")}</dt>
          <dd>{number(h.withTicket)}</dd>
        </div>
      </dl>
      <p className="hint">{t("programme.households.once")}</p>
      <TargetForm year={year} current={h.target} isDefault={h.targetIsDefault} />
      <div className="stats-grid">
        <ScrollTable label={t("programme.households.byMonth")}>
          <thead>
            <tr>
              <th scope="col">{t("programme.month")}</th>
              <th scope="col">{t("programme.households.new")}</th>
              <th scope="col">{t("programme.households.cumulative")}</th>
            </tr>
          </thead>
          <tbody>
            {h.byMonth.map((m) => (
              <tr key={m.month}>
                <th scope="row">{f.month(m.month)}</th>
                <td className="bar-cell">
                  <span
                    className="bar"
                    style={{ width: `${(m.newHouseholds / maxMonth) * 6}rem` }}
                    aria-hidden="true"
                  />
                  {number(m.newHouseholds)}
                </td>
                <td>{number(m.cumulative)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
        <ScrollTable label={t("programme.households.byDistrict")}>
          <thead>
            <tr>
              <th scope="col">{t("programme.district")}</th>
              <th scope="col">{t("programme.households.count")}</th>
            </tr>
          </thead>
          <tbody>
            {h.byDistrict.length === 0 && (
              <tr>
                <td colSpan={2}>{t("programme.households.none")}</td>
              </tr>
            )}
            {h.byDistrict.map((d) => (
              <tr key={d.districtCode ?? "unknown"}>
                <th scope="row">
                  {d.districtCode ? districtName(d.districtCode) : t("programme.district.unknown")}
                </th>
                <td className="bar-cell">
                  <span
                    className="bar"
                    style={{ width: `${(d.households / maxDistrict) * 6}rem` }}
                    aria-hidden="true"
                  />
                  {number(d.households)}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </div>
    </>
  );
}
