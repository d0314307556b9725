import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { ReceiverStructureDocument } from "@/gql/graphql";
import { SelectField } from "@/shared/components/Field";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import type { ReferralDraft } from "../hooks/useReferralForm";

/** The receiving structure once chosen, and which of its offers (optional). */
export function ChosenReceiver(props: {
  draft: ReferralDraft;
  error?: string;
  onOffer(offerId: string): void;
  onChange(): void;
}) {
  const { t } = useI18n();
  const { label } = useReferenceData();
  const { data, loading, error, refetch } = useQuery(ReceiverStructureDocument, {
    variables: { id: props.draft.receiverStructureId },
  });
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const s = data.structure;
  const offers = s.offers.filter((o) => !props.draft.need || o.category === props.draft.need);
  return (
    <div className="panel chosen-receiver">
      <p>
        {t("referral.receiver.chosen")} <strong>{s.name}</strong>
        {s.district && <> · {s.district.name}</>}
      </p>
      {offers.length > 0 ? (
        <SelectField
          name="receiverOfferId"
          label={t("referral.receiver.offer")}
          placeholder={t("referral.receiver.anyOffer")}
          options={offers.map((o) => ({
            value: o.id,
            label: `${o.title} (${label("categories", o.category)})`,
          }))}
          value={props.draft.receiverOfferId}
          error={props.error}
          onChange={(e) => props.onOffer(e.target.value)}
        />
      ) : (
        <p className="hint">{t("referral.receiver.noOffer")}</p>
      )}
      <button type="button" className="link-button" onClick={props.onChange}>
        {t("referral.receiver.change")}
      </button>
    </div>
  );
}
