import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { PassBookletDocument } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { useProgrammeFormat } from "../hooks/format";
import { errorCode } from "../hooks/graphql-errors";
import { useProgrammeStructure } from "../hooks/useProgrammeStructure";
import { VoidBookletForm } from "./VoidBookletForm";

/**
 * One booklet with its tickets' codes (to write on the paper booklet) and their state; its
 * issuer's managers and admins may void it (the server checks again).
 */
export function BookletPage() {
  const { id = "" } = useParams();
  const { t, number, date, dateTime } = useI18n();
  const f = useProgrammeFormat();
  const location = useLocation();
  const { href } = useProgrammeStructure();
  const viewer = useViewer();
  const [news, setNews] = useState("");
  const { data, loading, error, refetch } = useQuery(PassBookletDocument, {
    variables: { id },
    fetchPolicy: "cache-and-network",
  });
  const b = data?.passBooklet;
  usePageTitle(b ? t("programme.booklet.pageTitle", { number: b.number }) : null);
  const created = Boolean((location.state as { created?: boolean } | null)?.created);

  const back = (
    <p className="breadcrumb">
      <Link to={href("/programme/pass")}>{t("programme.pass.back")}</Link>
    </p>
  );
  if (loading && !b) return <LoadingState />;
  if (!b) {
    const code = errorCode(error);
    if (code === "NOT_FOUND" || code === "FORBIDDEN" || code === "BAD_USER_INPUT")
      return (
        <>
          {back}
          <EmptyState title={t("programme.booklet.notFound")} />
        </>
      );
    return <ErrorState onRetry={() => void refetch()} />;
  }

  const mayVoid =
    !b.voidedAt &&
    (viewer.isAdmin ||
      viewer.memberships.some(
        (m) => m.structure.id === b.issuerStructure.id && m.role === "MANAGER",
      ));
  return (
    <div className="narrow-wide programme-section">
      {back}
      <h1>{t("programme.booklet.pageTitle", { number: b.number })}</h1>
      <p className="status-message" aria-live="polite">
        {news || (created ? t("programme.booklet.created") : "")}
      </p>
      <dl className="facts">
        <dt>{t("programme.booklet.status")}</dt>
        <dd>
          {b.voidedAt ? (
            <span className="tag tag-warning booklet-voided">
              {t("programme.booklet.voided", { when: dateTime(b.voidedAt) })}
            </span>
          ) : (
            t("programme.booklet.active")
          )}
        </dd>
        {b.voidedAt && (
          <>
            <dt>{t("programme.booklet.voidReason")}</dt>
            <dd>{b.voidReason}</dd>
          </>
        )}
        <dt>{t("programme.booklet.issuedBy")}</dt>
        <dd>{b.issuerStructure.name}</dd>
        <dt>{t("programme.booklet.issuedOn")}</dt>
        <dd>{date(b.issuedOn)}</dd>
        <dt>{t("programme.allocation.household")}</dt>
        <dd>
          {b.household ? (
            <span className="reference">{b.household.reference}</span>
          ) : (
            t("programme.booklet.viaReferral")
          )}
        </dd>
        <dt>{t("programme.booklet.tickets")}</dt>
        <dd>
          {t("programme.booklet.ticketsOf", {
            count: number(b.ticketCount),
            value: f.money(b.ticketValueCents),
          })}
        </dd>
        <dt>{t("programme.booklet.remaining")}</dt>
        <dd>{f.tickets(b.balance.remainingTickets, b.balance.remainingValueCents)}</dd>
        {b.voidedAt && (
          <>
            <dt>{t("programme.booklet.voidedTickets")}</dt>
            <dd>{f.tickets(b.balance.voidedTickets, b.balance.voidedValueCents)}</dd>
          </>
        )}
      </dl>
      <ScrollTable label={t("programme.tickets.caption")} className="data-table tickets-table">
        <thead>
          <tr>
            <th scope="col">{t("programme.ticket.position")}</th>
            <th scope="col">{t("programme.ticket.code")}</th>
            <th scope="col">{t("programme.ticket.value")}</th>
            <th scope="col">{t("programme.ticket.state")}</th>
          </tr>
        </thead>
        <tbody>
          {b.tickets.map((ticket) => (
            <tr key={ticket.id}>
              <td>{ticket.position}</td>
              <th scope="row">
                <code className="ticket-code">{ticket.code}</code>
              </th>
              <td>{f.money(ticket.valueCents)}</td>
              <td>
                {ticket.redeemedAt
                  ? t("programme.ticket.redeemed", {
                      when: dateTime(ticket.redeemedAt),
                      where: ticket.redeemedAtStructure?.name ?? "—",
                    })
                  : b.voidedAt
                    ? t("programme.ticket.voided")
                    : t("programme.ticket.open")}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {mayVoid && (
        <section aria-labelledby="void-heading" className="form-section">
          <h2 id="void-heading">{t("programme.void.title")}</h2>
          <VoidBookletForm
            booklet={{
              id: b.id,
              number: b.number,
              remainingTickets: b.balance.remainingTickets,
              remainingValueCents: b.balance.remainingValueCents,
            }}
            onDone={setNews}
          />
        </section>
      )}
    </div>
  );
}
