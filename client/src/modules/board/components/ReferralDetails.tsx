import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { ReferralDetailDocument } from "@/gql/graphql";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { ResidentDataPanel } from "./ResidentDataPanel";

/** The resident and the history, read (and audited) only when a person opens the card. */
export function ReferralDetails({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const { label } = useReferenceData();
  const { data, loading, error, refetch } = useQuery(ReferralDetailDocument, {
    variables: { id },
    fetchPolicy: "cache-and-network",
  });
  if (loading && !data) return <LoadingState />;
  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  const r = data?.referral;
  if (!r) return null;
  const resident = r.resident;
  return (
    <div className="referral-details">
      {r.anonymised || !resident ? (
        <p>{t("board.details.anonymised")}</p>
      ) : (
        <dl className="facts">
          <dt>{t("board.details.resident")}</dt>
          <dd>{[resident.firstName, resident.lastName].filter(Boolean).join(" ")}</dd>
          {resident.contactValue && (
            <>
              <dt>{t("board.details.contact")}</dt>
              <dd>
                <a
                  href={
                    resident.contactChannel === "EMAIL"
                      ? `mailto:${resident.contactValue}`
                      : `tel:${resident.contactValue}`
                  }
                >
                  {resident.contactValue}
                </a>
              </dd>
            </>
          )}
          {resident.languages.length > 0 && (
            <>
              <dt>{t("board.details.languages")}</dt>
              <dd>{resident.languages.join(", ")}</dd>
            </>
          )}
          {resident.accessibilityNeeds.length > 0 && (
            <>
              <dt>{t("board.details.accessibility")}</dt>
              <dd>
                {resident.accessibilityNeeds.map((a) => label("specificSupports", a)).join(", ")}
              </dd>
            </>
          )}
          {resident.situation && (
            <>
              <dt>{t("board.details.situation")}</dt>
              <dd>{resident.situation}</dd>
            </>
          )}
        </dl>
      )}
      {r.comment && (
        <p>
          <strong>{t("board.details.comment")}</strong> {r.comment}
        </p>
      )}
      <h4>{t("board.details.history")}</h4>
      <ol className="history">
        {r.events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{dateTime(e.at)}</time> — {t(`eventType.${e.type}`)}
          </li>
        ))}
      </ol>
      <ResidentDataPanel
        referralId={r.id}
        senderStructureId={r.senderStructure.id}
        anonymised={r.anonymised}
        onErased={() => void refetch()}
      />
      <p className="hint">
        {t("board.details.consent", {
          when: dateTime(r.consent.givenAt),
          version: r.consent.wordingVersion,
        })}
      </p>
    </div>
  );
}
