import { useMutation } from "@apollo/client/react";
import { useCallback, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  IssuePassBookletDocument,
  PassBookletsDocument,
  PassNumeriqueBalanceDocument,
} from "@/gql/graphql";
import { useIdempotencyKey } from "@/shared/forms/useIdempotencyKey";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import type { FoundHousehold } from "../components/HouseholdLookup";
import { centsOf, parisToday } from "./format";

export type BookletRecipient = "new" | "existing" | "referral";

export interface BookletDraft {
  recipient: BookletRecipient;
  districtCode: string;
  householdReference: string;
  household: FoundHousehold | null;
  referralId: string;
  ticketCount: string;
  ticketValue: string;
  issuedOn: string;
}

export const emptyBookletDraft = (): BookletDraft => ({
  recipient: "new",
  districtCode: "",
  householdReference: "",
  household: null,
  referralId: "",
  ticketCount: "5",
  ticketValue: "10",
  issuedOn: parisToday(),
});

type Messages = (
  k:
    | "form.required"
    | "programme.household.searchFirst"
    | "programme.booklet.countInvalid"
    | "programme.booklet.valueInvalid",
) => string;

/** Checks made before asking the server (which checks the ranges again). */
export function bookletLocalErrors(d: BookletDraft, t: Messages): FieldErrorMap {
  const errors: FieldErrorMap = {};
  if (d.recipient === "existing" && !d.household)
    errors.householdId = t("programme.household.searchFirst");
  if (d.recipient === "referral" && !d.referralId) errors.referralId = t("form.required");
  if (!/^\d+$/.test(d.ticketCount.trim())) errors.ticketCount = t("programme.booklet.countInvalid");
  if (centsOf(d.ticketValue) === null)
    errors.ticketValueCents = t("programme.booklet.valueInvalid");
  if (!d.issuedOn) errors.issuedOn = t("form.required");
  return errors;
}

/** Issues a booklet for the structure; its balance and list are refreshed after. */
export function useIssueBooklet(structureId: string) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState(emptyBookletDraft);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [issue, { loading }] = useMutation(IssuePassBookletDocument, {
    refetchQueries: [PassNumeriqueBalanceDocument, PassBookletsDocument],
  });
  const submission = useIdempotencyKey();

  const change = useCallback(
    (patch: Partial<BookletDraft>) => setDraft((d) => ({ ...d, ...patch })),
    [],
  );

  async function submit(): Promise<{ id: string } | null> {
    setProblem(null);
    const local = bookletLocalErrors(draft, t);
    setErrors(local);
    if (Object.keys(local).length > 0 || !structureId) return null;
    try {
      const input = {
        issuerStructureId: structureId,
        ticketCount: Number(draft.ticketCount.trim()),
        ticketValueCents: centsOf(draft.ticketValue)!,
        issuedOn: draft.issuedOn,
        householdId: draft.recipient === "existing" ? draft.household?.id : null,
        referralId: draft.recipient === "referral" ? draft.referralId : null,
        districtCode: draft.recipient === "new" ? draft.districtCode || null : null,
      };
      const { data } = await issue({
        variables: { input, idempotencyKey: submission.keyFor(input) },
      });
      const result = data?.issuePassBooklet;
      if (result?.__typename === "PassBooklet") {
        submission.done();
        return { id: result.id };
      }
      if (result?.__typename === "ValidationError") setErrors(fieldErrorMap(result.fields, locale));
      else setProblem(t("common.error.hint"));
    } catch {
      setProblem(t("common.error.network"));
    }
    return null;
  }

  return { draft, change, errors, problem, submit, sending: loading };
}
