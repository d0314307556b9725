import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { TicketFlowsDocument } from "@/gql/graphql";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { useProgrammeFormat } from "../hooks/format";

/** Pass numérique tickets issued (by the issuing structure) and redeemed (where), in a year. */
export function TicketFlowsPanel({ year }: { year: number }) {
  const { t, number } = useI18n();
  const { districtName } = useReferenceData();
  const f = useProgrammeFormat();
  const { data, loading, error, refetch } = useQuery(TicketFlowsDocument, {
    variables: { year },
    fetchPolicy: "cache-and-network",
  });
  const flows = data?.ticketFlows;
  if (loading && !flows) return <LoadingState />;
  if (error || !flows) return <ErrorState onRetry={() => void refetch()} />;

  const district = (code: string | null) =>
    code ? districtName(code) : t("programme.district.unknown");
  const headings = (first: string, second?: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {second && <th scope="col">{second}</th>}
        <th scope="col">{t("programme.tickets.issued")}</th>
        <th scope="col">{t("programme.tickets.issuedValue")}</th>
        <th scope="col">{t("programme.tickets.redeemed")}</th>
        <th scope="col">{t("programme.tickets.redeemedValue")}</th>
      </tr>
    </thead>
  );
  type Flow = Omit<(typeof flows.byDistrict)[number], "__typename">;
  const cells = (row: Flow) => (
    <>
      <td>{number(row.issuedTickets)}</td>
      <td>{f.money(row.issuedValueCents)}</td>
      <td>{number(row.redeemedTickets)}</td>
      <td>{f.money(row.redeemedValueCents)}</td>
    </>
  );

  return (
    <>
      <dl className="kpis">
        <div>
          <dt>{t("programme.tickets.issuedLong")}</dt>
          <dd>{number(flows.issuedTickets)}</dd>
          <dd className="kpi-detail">{f.money(flows.issuedValueCents)}</dd>
        </div>
        <div>
          <dt>{t("programme.tickets.redeemedLong")}</dt>
          <dd>{number(flows.redeemedTickets)}</dd>
          <dd className="kpi-detail">{f.money(flows.redeemedValueCents)}</dd>
        </div>
      </dl>
      {flows.byStructure.length === 0 ? (
        <EmptyState title={t("programme.tickets.empty", { year })} />
      ) : (
        <div className="stats-grid stats-grid-wide">
          <ScrollTable label={t("programme.tickets.byStructure")}>
            {headings(t("programme.tickets.structure"), t("programme.district"))}
            <tbody>
              {flows.byStructure.map((row) => (
                <tr key={row.structureId}>
                  <th scope="row">{row.structureName}</th>
                  <td>{district(row.districtCode)}</td>
                  {cells(row)}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <ScrollTable label={t("programme.tickets.byDistrict")}>
            {headings(t("programme.district"))}
            <tbody>
              {flows.byDistrict.map((row) => (
                <tr key={row.districtCode ?? "unknown"}>
                  <th scope="row">{district(row.districtCode)}</th>
                  {cells(row)}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </div>
      )}
    </>
  );
}
