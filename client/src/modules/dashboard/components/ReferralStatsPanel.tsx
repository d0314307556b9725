import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { ReferralStatsDocument } from "@/gql/graphql";
import { SelectField, TextField } from "@/shared/components/Field";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { useStatsPeriod } from "../hooks/useStatsPeriod";

/** Referral figures for a period and a district of residence: never personal data. */
export function ReferralStatsPanel() {
  const { t, number } = useI18n();
  const { label, districts, districtName } = useReferenceData();
  const period = useStatsPeriod();
  const { data, loading, error, refetch } = useQuery(ReferralStatsDocument, {
    variables: period.variables,
    skip: period.invalid,
  });
  const s = data?.referralStats;

  let body;
  if (period.invalid) body = <p className="field-error">{t("dashboard.stats.invalidPeriod")}</p>;
  else if (loading && !s) body = <LoadingState />;
  else if (error || !s) body = <ErrorState onRetry={() => void refetch()} />;
  else if (s.total === 0)
    body = (
      <EmptyState title={t("dashboard.stats.empty")}>
        <p>{t("dashboard.stats.emptyHint")}</p>
      </EmptyState>
    );
  else {
    const max = Math.max(1, ...s.byDistrict.map((d) => d.count));
    body = (
      <>
        <dl className="kpis">
          <div>
            <dt>{t("dashboard.stats.total")}</dt>
            <dd>{number(s.total)}</dd>
          </div>
          <div>
            <dt>{t("dashboard.stats.answered")}</dt>
            <dd>{number(s.answered)}</dd>
          </div>
          <div>
            <dt>{t("dashboard.stats.acceptance")}</dt>
            <dd>{s.acceptanceRate == null ? "—" : `${number(s.acceptanceRate * 100)} %`}</dd>
          </div>
          <div>
            <dt>{t("dashboard.stats.median")}</dt>
            <dd>
              {s.medianHoursToAnswer == null
                ? "—"
                : t("dashboard.stats.hours", { hours: number(s.medianHoursToAnswer, 1) })}
            </dd>
          </div>
        </dl>
        <div className="stats-grid">
          <ScrollTable label={t("dashboard.stats.byStatus")}>
            <tbody>
              {s.byStatus.map((row) => (
                <tr key={row.status}>
                  <th scope="row">{t(`status.${row.status}`)}</th>
                  <td>{number(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <ScrollTable label={t("dashboard.stats.byNeed")}>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.stats.need")}</th>
                <th scope="col">{t("dashboard.stats.total")}</th>
                <th scope="col">{t("status.ACCEPTED")}</th>
                <th scope="col">{t("status.DECLINED")}</th>
              </tr>
            </thead>
            <tbody>
              {s.byNeed.map((row) => (
                <tr key={row.need}>
                  <th scope="row">{label("categories", row.need)}</th>
                  <td>{number(row.count)}</td>
                  <td>{number(row.accepted)}</td>
                  <td>{number(row.declined)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <ScrollTable label={t("dashboard.stats.byDistrict")}>
            <tbody>
              {s.byDistrict.map((row) => (
                <tr key={row.districtCode ?? "unknown"}>
                  <th scope="row">
                    {row.districtCode
                      ? districtName(row.districtCode)
                      : t("dashboard.stats.unknownDistrict")}
                  </th>
                  <td className="bar-cell">
                    <span
                      className="bar"
                      style={{ width: `${(row.count / max) * 100}%` }}
                      aria-hidden="true"
                    />
                    {number(row.count)}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </div>
      </>
    );
  }

  return (
    <>
      <form
        className="stats-filters"
        onSubmit={(e) => e.preventDefault()}
        aria-label={t("dashboard.stats.filters")}
      >
        <TextField
          name="from"
          type="date"
          label={t("dashboard.stats.from")}
          value={period.from}
          max={period.to}
          onChange={(e) => period.update({ from: e.target.value })}
        />
        <TextField
          name="to"
          type="date"
          label={t("dashboard.stats.to")}
          value={period.to}
          min={period.from}
          onChange={(e) => period.update({ to: e.target.value })}
        />
        <SelectField
          name="district"
          label={t("dashboard.stats.district")}
          placeholder={t("directory.district.any")}
          options={districts.map((d) => ({ value: d.code, label: d.name }))}
          value={period.district ?? ""}
          onChange={(e) => period.update({ district: e.target.value || null })}
        />
      </form>
      <div aria-live="polite" aria-busy={loading}>
        {body}
      </div>
    </>
  );
}
