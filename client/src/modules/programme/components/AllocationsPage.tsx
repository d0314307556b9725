import { useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { AllocationsDocument } from "@/gql/graphql";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { useProgrammeStructure } from "../hooks/useProgrammeStructure";
import { AllocationStatusTag } from "./AllocationStatusTag";
import { SectionHeader } from "./SectionHeader";

const PAGE = 50;

/** The structure's device loans, newest first; the family's data is only on each loan's page. */
export function AllocationsPage() {
  const { t, number, date } = useI18n();
  usePageTitle(t("programme.allocations.title"));
  const { structureId, href } = useProgrammeStructure();
  const { data, loading, error, refetch } = useQuery(AllocationsDocument, {
    variables: { structureId, first: PAGE },
    skip: !structureId,
    fetchPolicy: "cache-and-network",
  });
  const list = data?.allocations;

  let body;
  if (loading && !list) body = <LoadingState />;
  else if (error || !list) body = <ErrorState onRetry={() => void refetch()} />;
  else if (list.totalCount === 0)
    body = (
      <EmptyState title={t("programme.allocations.empty")}>
        <p>{t("programme.allocations.emptyHint")}</p>
      </EmptyState>
    );
  else
    body = (
      <>
        {list.totalCount > list.edges.length && (
          <p className="hint">
            {t("programme.allocations.partial", {
              shown: number(list.edges.length),
              total: number(list.totalCount),
            })}
          </p>
        )}
        <ScrollTable
          label={t("programme.allocations.caption")}
          caption={
            <>
              {t("programme.allocations.caption")} ({number(list.totalCount)})
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">{t("programme.allocation.device")}</th>
              <th scope="col">{t("programme.allocation.household")}</th>
              <th scope="col">{t("programme.allocation.wave")}</th>
              <th scope="col">{t("programme.allocation.status")}</th>
              <th scope="col">{t("programme.allocation.charter")}</th>
              <th scope="col">{t("programme.allocation.deliveredOn")}</th>
            </tr>
          </thead>
          <tbody>
            {list.edges.map(({ node: a }) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={href(`/programme/prets/${a.id}`)}>{a.device.inventoryId}</Link>
                </th>
                <td>
                  <span className="reference">{a.household.reference}</span>
                  {a.district && <span className="meta"> · {a.district.name}</span>}
                </td>
                <td>{a.wave.name}</td>
                <td>
                  <AllocationStatusTag status={a.status} />
                </td>
                <td>{a.charterSigned ? t("programme.yes") : t("programme.no")}</td>
                <td>{a.deliveredOn ? date(a.deliveredOn) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </>
    );

  return (
    <div className="programme-section">
      <h1>{t("programme.allocations.title")}</h1>
      <SectionHeader />
      <p>{t("programme.allocations.intro")}</p>
      <p>
        <Link className="button button-primary" to={href("/programme/prets/nouveau")}>
          {t("programme.allocations.new")}
        </Link>
      </p>
      <div aria-live="polite" aria-busy={loading}>
        {body}
      </div>
    </div>
  );
}
