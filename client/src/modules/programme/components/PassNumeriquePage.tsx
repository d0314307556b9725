import { useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  PassBookletsDocument,
  PassNumeriqueBalanceDocument,
  ProgrammeStructureDocument,
} from "@/gql/graphql";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { useProgrammeFormat } from "../hooks/format";
import { useProgrammeStructure } from "../hooks/useProgrammeStructure";
import { IssueBookletForm } from "./IssueBookletForm";
import { RedeemTicketForm } from "./RedeemTicketForm";
import { SectionHeader } from "./SectionHeader";

const PAGE = 50;

/** The structure's Pass numérique account: issued, outstanding, redeemed here. */
function BalancePanel({ structureId }: { structureId: string }) {
  const { t } = useI18n();
  const f = useProgrammeFormat();
  const { data, loading, error, refetch } = useQuery(PassNumeriqueBalanceDocument, {
    variables: { structureId },
    fetchPolicy: "cache-and-network",
  });
  const b = data?.passNumeriqueBalance;
  if (loading && !b) return <LoadingState />;
  if (error || !b) return <ErrorState onRetry={() => void refetch()} />;
  const figure = f.tickets;
  return (
    <dl className="kpis">
      <div>
        <dt>{t("programme.balance.issued")}</dt>
        <dd className="kpi-text">{figure(b.issuedTickets, b.issuedValueCents)}</dd>
      </div>
      <div>
        <dt>{t("programme.balance.outstanding")}</dt>
        <dd className="kpi-text">{figure(b.outstandingTickets, b.outstandingValueCents)}</dd>
      </div>
      <div>
        <dt>{t("programme.balance.redeemedIssued")}</dt>
        <dd className="kpi-text">{figure(b.redeemedIssuedTickets, b.redeemedIssuedValueCents)}</dd>
      </div>
      <div>
        <dt>{t("programme.balance.redeemedHere")}</dt>
        <dd className="kpi-text">{figure(b.redeemedHereTickets, b.redeemedHereValueCents)}</dd>
      </div>
    </dl>
  );
}

/** Booklets the structure issued, newest first, each with what is left on it. */
function BookletList(props: { structureId: string; href: (path: string) => string }) {
  const { t, number, date } = useI18n();
  const f = useProgrammeFormat();
  const { data, loading, error, refetch } = useQuery(PassBookletsDocument, {
    variables: { structureId: props.structureId, first: PAGE },
    fetchPolicy: "cache-and-network",
  });
  const list = data?.passBooklets;
  if (loading && !list) return <LoadingState />;
  if (error || !list) return <ErrorState onRetry={() => void refetch()} />;
  if (list.totalCount === 0) return <EmptyState title={t("programme.booklets.empty")} />;
  return (
    <ScrollTable
      label={t("programme.booklets.caption")}
      caption={
        <>
          {t("programme.booklets.caption")} ({number(list.totalCount)})
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col">{t("programme.booklet.number")}</th>
          <th scope="col">{t("programme.booklet.issuedOn")}</th>
          <th scope="col">{t("programme.allocation.household")}</th>
          <th scope="col">{t("programme.booklet.tickets")}</th>
          <th scope="col">{t("programme.booklet.remaining")}</th>
        </tr>
      </thead>
      <tbody>
        {list.edges.map(({ node: b }) => (
          <tr key={b.id}>
            <th scope="row">
              <Link className="reference" to={props.href(`/programme/pass/carnets/${b.id}`)}>
                {b.number}
              </Link>
            </th>
            <td>{date(b.issuedOn)}</td>
            <td>
              {b.household ? (
                <span className="reference">{b.household.reference}</span>
              ) : (
                t("programme.booklet.viaReferral")
              )}
            </td>
            <td>
              {t("programme.booklet.ticketsOf", {
                count: number(b.ticketCount),
                value: f.money(b.ticketValueCents),
              })}
            </td>
            <td>
              {b.voidedAt
                ? t("programme.booklet.voided", { when: date(b.voidedAt) })
                : f.tickets(b.balance.remainingTickets, b.balance.remainingValueCents)}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** Pass numérique: issue booklets, follow their balance, and redeem tickets where labelled. */
export function PassNumeriquePage() {
  const { t } = useI18n();
  usePageTitle(t("programme.pass.title"));
  const { structureId, href } = useProgrammeStructure();
  const structure = useQuery(ProgrammeStructureDocument, {
    variables: { id: structureId },
    skip: !structureId,
  });
  const labelled = structure.data?.structure.passNumerique;

  return (
    <div className="programme-section">
      <h1>{t("programme.pass.title")}</h1>
      <SectionHeader />
      <p>{t("programme.pass.intro")}</p>
      <section aria-labelledby="balance-heading" className="panel">
        <h2 id="balance-heading">{t("programme.balance.title")}</h2>
        {structureId && <BalancePanel structureId={structureId} />}
      </section>
      <div className="pass-grid">
        <section aria-labelledby="issue-heading" className="form-section">
          <h2 id="issue-heading">{t("programme.booklet.title")}</h2>
          {structureId && (
            <IssueBookletForm key={structureId} structureId={structureId} href={href} />
          )}
        </section>
        <section aria-labelledby="redeem-heading" className="form-section">
          <h2 id="redeem-heading">{t("programme.redeem.title")}</h2>
          {structure.loading && !structure.data ? (
            <LoadingState />
          ) : labelled ? (
            <RedeemTicketForm key={structureId} structureId={structureId} />
          ) : (
            <p>{t("programme.redeem.notLabelled")}</p>
          )}
        </section>
      </div>
      <section aria-labelledby="booklets-heading" className="panel">
        <h2 id="booklets-heading">{t("programme.booklets.title")}</h2>
        {structureId && <BookletList structureId={structureId} href={href} />}
      </section>
    </div>
  );
}
