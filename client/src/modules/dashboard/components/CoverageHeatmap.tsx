import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { CoverageDocument } from "@/gql/graphql";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";

/** Four shades by active offers (0, 1, 2–3, 4+); the number is always written in the cell. */
function level(offers: number): number {
  if (offers === 0) return 0;
  if (offers === 1) return 1;
  return offers <= 3 ? 2 : 3;
}

/** The district × need matrix; priority districts (QPV, REP, REP+) are marked. */
export function CoverageHeatmap() {
  const { t } = useI18n();
  const { label } = useReferenceData();
  const { data, loading, error, refetch } = useQuery(CoverageDocument);
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const { categories, districts, priorityGaps } = data.coverage;
  const districtName = (code: string) =>
    districts.find((d) => d.district.code === code)?.district.name ?? code;

  return (
    <>
      <p className="hint">{t("dashboard.coverage.legend")}</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="coverage-caption">
        <table className="heatmap">
          <caption id="coverage-caption">{t("dashboard.coverage.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.coverage.district")}</th>
              {categories.map((c) => (
                <th scope="col" key={c}>
                  {label("categories", c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {districts.map((row) => {
              const flags = [
                row.district.qpv && "QPV",
                row.district.rep && "REP",
                row.district.repPlus && "REP+",
              ].filter(Boolean);
              return (
                <tr key={row.district.code} className={row.priority ? "priority" : undefined}>
                  <th scope="row">
                    <span className="district-name">{row.district.name}</span>
                    {row.priority && (
                      <span className="tag tag-priority">
                        <span aria-hidden="true">★ </span>
                        <span className="visually-hidden">
                          {t("dashboard.coverage.priority")} :{" "}
                        </span>
                        {flags.join(" · ")}
                      </span>
                    )}
                  </th>
                  {row.cells.map((cell) => (
                    <td key={cell.category} className={`heat heat-${level(cell.activeOffers)}`}>
                      <span className="heat-count">{cell.activeOffers}</span>
                      <span className="visually-hidden">
                        {" "}
                        {t("dashboard.coverage.cell", {
                          offers: cell.activeOffers,
                          structures: cell.structures,
                        })}
                      </span>
                      {!cell.covered && row.priority && (
                        <span className="gap-mark" title={t("dashboard.coverage.gap")}>
                          <span aria-hidden="true"> !</span>
                          <span className="visually-hidden"> {t("dashboard.coverage.gap")}</span>
                        </span>
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="heat-legend" aria-hidden="true">
        {[0, 1, 2, 3].map((l) => (
          <span key={l} className={`heat heat-${l}`}>
            {t(`dashboard.coverage.level${l}` as "dashboard.coverage.level0")}
          </span>
        ))}
      </p>
      <h3>{t("dashboard.gaps.title")}</h3>
      {priorityGaps.length === 0 ? (
        <p>{t("dashboard.gaps.none")}</p>
      ) : (
        <ul className="gaps">
          {priorityGaps.map((g) => (
            <li key={`${g.districtCode}-${g.category}`}>
              {t("dashboard.gaps.item", {
                district: districtName(g.districtCode),
                need: label("categories", g.category),
              })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
