import { useApolloClient } from "@apollo/client/react";
import { useCallback } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  AcceptReferralDocument,
  type BoardReferralFragment,
  CancelReferralDocument,
  CompleteReferralDocument,
  type DeclineReason,
  DeclineReferralDocument,
  MarkReferralNoShowDocument,
  type ReferralActionResultFragment,
  ReferralFreshDocument,
  type ReferralOutcome,
  type ReferralStatus,
} from "@/gql/graphql";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

export type ActionOutcome =
  { ok: true; status: ReferralStatus } | { ok: false; message: string; fields?: FieldErrorMap };

type Action =
  | { kind: "accept" }
  | { kind: "decline"; reason: DeclineReason; comment: string }
  | { kind: "complete"; outcome: ReferralOutcome; comment: string }
  | { kind: "noShow" }
  | { kind: "cancel" };

const TARGET: Record<Action["kind"], ReferralStatus> = {
  accept: "ACCEPTED",
  decline: "DECLINED",
  complete: "COMPLETED",
  noShow: "NO_SHOW",
  cancel: "CANCELLED",
};

/**
 * The referral's transitions, applied at once on screen (optimistic) with the expected version.
 * When the server answers ConflictError (someone else changed it) the optimistic change is rolled
 * back by Apollo, the referral is reloaded and the person is told to check and try again.
 */
export function useReferralActions() {
  const client = useApolloClient();
  const { t, locale } = useI18n();

  return useCallback(
    async (referral: BoardReferralFragment, action: Action): Promise<ActionOutcome> => {
      const status = TARGET[action.kind];
      const now = new Date().toISOString();
      const optimistic = {
        ...referral,
        __typename: "Referral" as const,
        status,
        version: referral.version + 1,
        updatedAt: now,
        answeredAt:
          action.kind === "accept" || action.kind === "decline" ? now : referral.answeredAt,
        declineReason: action.kind === "decline" ? action.reason : referral.declineReason,
        outcome: action.kind === "complete" ? action.outcome : referral.outcome,
      };
      const variables = { id: referral.id, expectedVersion: referral.version };
      let result: ReferralActionResultFragment | undefined;
      try {
        switch (action.kind) {
          case "accept":
            result = (
              await client.mutate({
                mutation: AcceptReferralDocument,
                variables,
                optimisticResponse: { acceptReferral: optimistic },
              })
            ).data?.acceptReferral;
            break;
          case "decline":
            result = (
              await client.mutate({
                mutation: DeclineReferralDocument,
                variables: {
                  ...variables,
                  input: { reason: action.reason, comment: action.comment.trim() || null },
                },
                optimisticResponse: { declineReferral: optimistic },
              })
            ).data?.declineReferral;
            break;
          case "complete":
            result = (
              await client.mutate({
                mutation: CompleteReferralDocument,
                variables: {
                  ...variables,
                  input: { outcome: action.outcome, comment: action.comment.trim() || null },
                },
                optimisticResponse: { completeReferral: optimistic },
              })
            ).data?.completeReferral;
            break;
          case "noShow":
            result = (
              await client.mutate({
                mutation: MarkReferralNoShowDocument,
                variables,
                optimisticResponse: { markReferralNoShow: optimistic },
              })
            ).data?.markReferralNoShow;
            break;
          case "cancel":
            result = (
              await client.mutate({
                mutation: CancelReferralDocument,
                variables,
                optimisticResponse: { cancelReferral: optimistic },
              })
            ).data?.cancelReferral;
            break;
        }
      } catch {
        return { ok: false, message: t("board.action.network") };
      }
      if (result?.__typename === "Referral") return { ok: true, status: result.status };
      if (result?.__typename === "ValidationError")
        return {
          ok: false,
          message: t("board.action.invalid"),
          fields: fieldErrorMap(result.fields, locale),
        };
      // Conflict or a transition no longer possible: show the referral as it now is.
      await client
        .query({
          query: ReferralFreshDocument,
          variables: { id: referral.id },
          fetchPolicy: "network-only",
        })
        .catch(() => undefined);
      if (result?.__typename === "ConflictError")
        return { ok: false, message: t("board.action.conflict") };
      if (result?.__typename === "InvalidTransitionError")
        return { ok: false, message: t("board.action.transition") };
      return { ok: false, message: result?.message ?? t("common.error.hint") };
    },
    [client, locale, t],
  );
}
