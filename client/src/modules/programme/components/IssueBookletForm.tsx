import { useQuery } from "@apollo/client/react";
import type { FormEvent } from "react";
import { useNavigate } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { BookletReferralsDocument } from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { SelectField, TextField } from "@/shared/components/Field";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { parisToday } from "../hooks/format";
import { type BookletRecipient, useIssueBooklet } from "../hooks/useIssueBooklet";
import { HouseholdLookup } from "./HouseholdLookup";
import { RadioGroup } from "@/shared/components/RadioGroup";

const REFERRALS_SHOWN = 50;

/** The structure's recent referrals, to issue a booklet for the resident of one of them. */
function ReferralChoice(props: {
  structureId: string;
  value: string;
  error?: string;
  onChange(id: string): void;
}) {
  const { t, date } = useI18n();
  const { label } = useReferenceData();
  const { data, loading, error, refetch } = useQuery(BookletReferralsDocument, {
    variables: { structureId: props.structureId, first: REFERRALS_SHOWN },
    fetchPolicy: "cache-and-network",
  });
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const options = data.referrals.edges.map(({ node: r }) => {
    const other =
      r.senderStructure.id === props.structureId
        ? t("programme.booklet.referralTo", { name: r.receiverStructure.name })
        : t("programme.booklet.referralFrom", { name: r.senderStructure.name });
    return {
      value: r.id,
      label: `${label("categories", r.need)} · ${other} · ${date(r.createdAt)}`,
    };
  });
  return (
    <SelectField
      name="referralId"
      label={t("programme.booklet.referral")}
      hint={t("programme.booklet.referralHint")}
      required
      placeholder={options.length ? t("programme.choose") : t("programme.booklet.noReferral")}
      options={options}
      value={props.value}
      error={props.error}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** Issues a booklet of N tickets to a household (new or known) or a referred resident. */
export function IssueBookletForm({
  structureId,
  href,
}: {
  structureId: string;
  href: (path: string) => string;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { districts } = useReferenceData();
  const form = useIssueBooklet(structureId);
  const { draft: d, change, errors } = form;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const issued = await form.submit();
    if (issued)
      navigate(href(`/programme/pass/carnets/${issued.id}`), { state: { created: true } });
  }

  const labels: Record<string, string> = {
    issuerStructureId: t("programme.structure"),
    householdId: t("programme.household.reference"),
    referralId: t("programme.booklet.referral"),
    districtCode: t("referral.resident.district"),
    ticketCount: t("programme.booklet.count"),
    ticketValueCents: t("programme.booklet.value"),
    issuedOn: t("programme.booklet.issuedOn"),
  };

  return (
    <>
      <ErrorSummary errors={errors} labels={labels} message={form.problem ?? undefined} />
      <form className="form" onSubmit={submit} noValidate aria-labelledby="issue-heading">
        <RadioGroup<BookletRecipient>
          name="recipient"
          legend={t("programme.booklet.recipient")}
          options={[
            { value: "new", label: t("programme.household.new") },
            { value: "existing", label: t("programme.household.existing") },
            { value: "referral", label: t("programme.booklet.forReferral") },
          ]}
          value={d.recipient}
          onChange={(recipient) => change({ recipient })}
        />
        {d.recipient === "new" && (
          <SelectField
            name="districtCode"
            label={t("referral.resident.district")}
            hint={t("programme.booklet.districtHint")}
            placeholder={t("referral.resident.district.unknown")}
            options={districts.map((x) => ({ value: x.code, label: x.name }))}
            value={d.districtCode}
            error={errors.districtCode}
            onChange={(e) => change({ districtCode: e.target.value })}
          />
        )}
        {d.recipient === "existing" && (
          <HouseholdLookup
            reference={d.householdReference}
            found={d.household}
            error={errors.householdId}
            onChange={(householdReference, household) => change({ householdReference, household })}
          />
        )}
        {d.recipient === "referral" && (
          <ReferralChoice
            structureId={structureId}
            value={d.referralId}
            error={errors.referralId}
            onChange={(referralId) => change({ referralId })}
          />
        )}
        <div className="field-row">
          <TextField
            name="ticketCount"
            inputMode="numeric"
            label={t("programme.booklet.count")}
            hint={t("programme.booklet.countHint")}
            required
            autoComplete="off"
            value={d.ticketCount}
            error={errors.ticketCount}
            onChange={(e) => change({ ticketCount: e.target.value })}
          />
          <TextField
            name="ticketValueCents"
            inputMode="decimal"
            label={t("programme.booklet.value")}
            hint={t("programme.booklet.valueHint")}
            required
            autoComplete="off"
            value={d.ticketValue}
            error={errors.ticketValueCents}
            onChange={(e) => change({ ticketValue: e.target.value })}
          />
          <TextField
            name="issuedOn"
            type="date"
            label={t("programme.booklet.issuedOn")}
            required
            max={parisToday()}
            value={d.issuedOn}
            error={errors.issuedOn}
            onChange={(e) => change({ issuedOn: e.target.value })}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={form.sending}>
          {form.sending ? t("programme.sending") : t("programme.booklet.submit")}
        </button>
      </form>
    </>
  );
}
