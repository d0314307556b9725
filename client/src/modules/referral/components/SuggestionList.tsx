import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { SuggestionsDocument } from "@/gql/graphql";
import { OpenState } from "@/modules/directory/components/OpenState";
import { FieldError } from "@/shared/components/Field";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { fieldId } from "@/shared/format/field-errors";
import type { ReferralDraft } from "../hooks/useReferralForm";

/**
 * Structures ranked by the server for the need and the resident's district, each with its score
 * and the reasons of the score; choosing one picks its best offer too.
 */
export function SuggestionList(props: {
  draft: ReferralDraft;
  error?: string;
  onChoose(receiverStructureId: string, receiverOfferId: string): void;
}) {
  const { t, number, distance } = useI18n();
  const d = props.draft;
  const ready = Boolean(d.need && d.residentDistrict);
  const { data, loading, error, refetch } = useQuery(SuggestionsDocument, {
    skip: !ready,
    variables: {
      need: d.need as never,
      from: { districtCode: d.residentDistrict },
      publics: d.publics.length ? d.publics : null,
      freeOnly: d.freeOnly || null,
      passNumerique: d.passNumerique || null,
    },
  });

  if (!ready) return <p className="hint">{t("referral.suggestions.needInputs")}</p>;
  if (loading && !data) return <LoadingState label={t("referral.suggestions.loading")} />;
  if (error) return <ErrorState onRetry={() => void refetch()} />;
  const suggestions = (data?.suggestStructures ?? []).filter(
    (s) => !d.senderStructureId || s.structure.id !== d.senderStructureId,
  );
  if (suggestions.length === 0)
    return (
      <EmptyState title={t("referral.suggestions.empty")}>
        <p>{t("referral.suggestions.emptyHint")}</p>
      </EmptyState>
    );

  const id = fieldId("receiverStructureId");
  return (
    <fieldset
      id={id}
      className="suggestions"
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{t("referral.suggestions.legend")}</legend>
      <FieldError id={id} error={props.error} />
      <ol>
        {suggestions.map((s, index) => {
          const inputId = `suggestion-${s.structure.id}`;
          return (
            <li key={s.structure.id} className="card suggestion">
              <div className="suggestion-choice">
                <input
                  type="radio"
                  id={inputId}
                  name="receiver"
                  value={s.structure.id}
                  checked={d.receiverStructureId === s.structure.id}
                  onChange={() => props.onChoose(s.structure.id, s.offer.id)}
                />
                <label htmlFor={inputId}>
                  <span className="suggestion-rank">{index + 1}.</span> {s.structure.name}
                </label>
              </div>
              <p className="meta">
                {t("referral.suggestions.score", { score: number(s.score * 100) })}
                {s.distanceMeters != null && <> · {distance(s.distanceMeters)}</>}
                {s.structure.district && <> · {s.structure.district.name}</>}
                {" · "}
                <OpenState hours={s.structure.openingHours} />
              </p>
              <p>{t("referral.suggestions.offer", { title: s.offer.title })}</p>
              <details>
                <summary>
                  {t("referral.suggestions.why")}
                  <span className="visually-hidden"> ({s.structure.name})</span>
                </summary>
                <ul className="why">
                  {[...s.why]
                    .sort((a, b) => b.points - a.points)
                    .map((w) => (
                      <li key={w.factor}>
                        <span className="why-points">+{number(w.points * 100, 1)}</span>{" "}
                        {w.explanation}
                      </li>
                    ))}
                </ul>
              </details>
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}
