import { useApolloClient } from "@apollo/client/react";
import { useCallback } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  type AllocationDetailFragment,
  AllocationDocument,
  CancelAllocationDocument,
  MarkAllocationDeliveredDocument,
  MarkAllocationReturnedDocument,
  SignAllocationCharterDocument,
  type SignAllocationCharterMutation,
} from "@/gql/graphql";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import { type CharterDraft, charterInput } from "./charter";

export type Step =
  | { kind: "sign"; charter: CharterDraft }
  | { kind: "deliver"; on: string }
  | { kind: "giveBack"; on: string }
  | { kind: "cancel" };

export type StepOutcome =
  | { ok: true; allocation: AllocationDetailFragment }
  | {
      ok: false;
      /** charter: the charter rule refused the delivery; shown where the person acts. */
      reason: "charter" | "invalid" | "conflict" | "transition" | "network" | "other";
      message: string;
      fields?: FieldErrorMap;
    };

/**
 * A loan's steps with its expected version. Refusals are values: the charter rule
 * (CharterNotSignedError), a field's error, or a change made meanwhile (the loan is reloaded).
 */
export function useAllocationSteps() {
  const client = useApolloClient();
  const { t, locale } = useI18n();

  return useCallback(
    async (a: AllocationDetailFragment, step: Step): Promise<StepOutcome> => {
      const base = { id: a.id, expectedVersion: a.version };
      // The four mutations select the same result.
      let result: SignAllocationCharterMutation["signAllocationCharter"] | undefined;
      try {
        switch (step.kind) {
          case "sign":
            result = (
              await client.mutate({
                mutation: SignAllocationCharterDocument,
                variables: { ...base, input: charterInput(step.charter) },
              })
            ).data?.signAllocationCharter;
            break;
          case "deliver":
            result = (
              await client.mutate({
                mutation: MarkAllocationDeliveredDocument,
                variables: { ...base, deliveredOn: step.on },
              })
            ).data?.markAllocationDelivered;
            break;
          case "giveBack":
            result = (
              await client.mutate({
                mutation: MarkAllocationReturnedDocument,
                variables: { ...base, returnedOn: step.on },
              })
            ).data?.markAllocationReturned;
            break;
          case "cancel":
            result = (await client.mutate({ mutation: CancelAllocationDocument, variables: base }))
              .data?.cancelAllocation;
            break;
        }
      } catch {
        return { ok: false, reason: "network", message: t("common.error.network") };
      }
      switch (result?.__typename) {
        case "Allocation":
          return { ok: true, allocation: result };
        case "CharterNotSignedError":
          return { ok: false, reason: "charter", message: t("programme.deliver.charterMissing") };
        case "ValidationError":
          return {
            ok: false,
            reason: "invalid",
            message: t("programme.step.invalid"),
            fields: fieldErrorMap(result.fields, locale),
          };
      }
      // Changed meanwhile, or no longer possible: show the loan as it now is.
      await client
        .query({ query: AllocationDocument, variables: { id: a.id }, fetchPolicy: "network-only" })
        .catch(() => undefined);
      if (result?.__typename === "ConflictError")
        return { ok: false, reason: "conflict", message: t("programme.step.conflict") };
      if (
        result?.__typename === "InvalidAllocationTransitionError" ||
        result?.__typename === "InvalidDeviceTransitionError"
      )
        return { ok: false, reason: "transition", message: t("programme.step.transition") };
      return { ok: false, reason: "other", message: t("common.error.hint") };
    },
    [client, locale, t],
  );
}
