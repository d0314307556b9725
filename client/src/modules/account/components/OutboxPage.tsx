import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { OutboxDocument, RetryOutboxMessageDocument } from "@/gql/graphql";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { ErrorState, LoadingState } from "@/shared/components/States";

/** `/admin/courriels`: the outbox for admins — counts by state, failed messages, "send again". */
export function OutboxPage() {
  const { t, dateTime } = useI18n();
  usePageTitle(t("outbox.title"));
  const { data, loading, error, refetch } = useQuery(OutboxDocument, {
    fetchPolicy: "cache-and-network",
  });
  const [retry, retrying] = useMutation(RetryOutboxMessageDocument);
  const [status, setStatus] = useState<string | null>(null);
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const { counts, failed } = data.outbox;

  async function sendAgain(id: string, recipient: string) {
    setStatus(null);
    try {
      const { data: answer } = await retry({ variables: { id }, refetchQueries: [OutboxDocument] });
      setStatus(
        answer?.retryOutboxMessage.__typename === "OutboxMessage"
          ? t("outbox.retried", { recipient })
          : (answer?.retryOutboxMessage.message ?? null),
      );
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  return (
    <div>
      <h1>{t("outbox.title")}</h1>
      <h2>{t("outbox.counts")}</h2>
      <dl className="figures">
        {counts.map((c) => (
          <div key={c.state}>
            <dt>{t(`outbox.state.${c.state}`)}</dt>
            <dd>{c.count}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("outbox.failed")}</h2>
      <p role="status">{status}</p>
      {failed.length === 0 ? (
        <p>{t("outbox.none")}</p>
      ) : (
        <ScrollTable label={t("outbox.failed")}>
          <thead>
            <tr>
              <th scope="col">{t("outbox.col.when")}</th>
              <th scope="col">{t("outbox.col.recipient")}</th>
              <th scope="col">{t("outbox.col.subject")}</th>
              <th scope="col">{t("outbox.col.error")}</th>
              <th scope="col">{t("outbox.col.action")}</th>
            </tr>
          </thead>
          <tbody>
            {failed.map((m) => (
              <tr key={m.id}>
                <td>{dateTime(m.createdAt)}</td>
                <td>{m.recipient}</td>
                <td>{m.subject}</td>
                <td>
                  <code>{m.lastError}</code>
                </td>
                <td>
                  <button
                    type="button"
                    className="button"
                    disabled={retrying.loading}
                    onClick={() => void sendAgain(m.id, m.recipient)}
                  >
                    {t("outbox.retry")}
                    <span className="visually-hidden"> ({m.recipient})</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </div>
  );
}
