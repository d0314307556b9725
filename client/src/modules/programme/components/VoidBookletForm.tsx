import { useApolloClient, useMutation } from "@apollo/client/react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  PassBookletDocument,
  PassNumeriqueBalanceDocument,
  VoidPassBookletDocument,
} from "@/gql/graphql";
import { TextAreaField } from "@/shared/components/Field";
import { fieldErrorMap, fieldId } from "@/shared/format/field-errors";
import { useProgrammeFormat } from "../hooks/format";
import { errorCode } from "../hooks/graphql-errors";
import { FocusAlert } from "./FocusAlert";

/** The server's rule, checked first here: 3 to 500 characters once trimmed. */
export function voidReasonError(
  reason: string,
  t: (k: "programme.void.reasonShort" | "programme.void.reasonLong") => string,
): string | undefined {
  const trimmed = reason.trim();
  if (trimmed.length < 3) return t("programme.void.reasonShort");
  if (trimmed.length > 500) return t("programme.void.reasonLong");
  return undefined;
}

/**
 * Voids a booklet, for its issuer's managers and admins (the page shows it to them only; the
 * server checks again): a reason, then a confirmation, since it cannot be undone.
 */
export function VoidBookletForm(props: {
  booklet: { id: string; number: string; remainingTickets: number; remainingValueCents: number };
  onDone(message: string): void;
}) {
  const { t, locale, dateTime } = useI18n();
  const f = useProgrammeFormat();
  const client = useApolloClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [alert, setAlert] = useState<{ message: string; at: number } | null>(null);
  const [voidBooklet, { loading }] = useMutation(VoidPassBookletDocument, {
    refetchQueries: [PassNumeriqueBalanceDocument],
  });
  const confirm = useRef<HTMLButtonElement>(null);
  const focusField = () => document.getElementById(fieldId("reason"))?.focus();
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);

  function refuse(message: string) {
    setConfirming(false);
    setAlert({ message, at: Date.now() });
  }

  function ask(event: FormEvent) {
    event.preventDefault();
    setAlert(null);
    const invalid = voidReasonError(reason, t);
    setError(invalid);
    if (invalid) focusField();
    else setConfirming(true);
  }

  async function send() {
    try {
      const { data } = await voidBooklet({
        variables: { id: props.booklet.id, reason: reason.trim() },
      });
      const result = data?.voidPassBooklet;
      switch (result?.__typename) {
        case "PassBooklet":
          return props.onDone(t("programme.void.done"));
        case "ValidationError":
          setConfirming(false);
          setError(fieldErrorMap(result.fields, locale).reason ?? t("programme.void.reasonShort"));
          focusField();
          return;
        case "PassBookletVoidedError":
          // Voided meanwhile by someone else: show the booklet as it now is.
          await client
            .query({
              query: PassBookletDocument,
              variables: { id: props.booklet.id },
              fetchPolicy: "network-only",
            })
            .catch(() => undefined);
          return refuse(t("programme.void.already", { when: dateTime(result.bookletVoidedAt) }));
        case "NotFoundError":
          return refuse(t("programme.void.notFound"));
      }
      refuse(t("common.error.hint"));
    } catch (e) {
      refuse(
        errorCode(e) === "FORBIDDEN" ? t("programme.void.forbidden") : t("common.error.network"),
      );
    }
  }

  return (
    <form className="form void-form" onSubmit={ask} noValidate aria-labelledby="void-heading">
      <p>{t("programme.void.intro")}</p>
      <FocusAlert message={alert?.message ?? null} id={alert?.at} />
      <TextAreaField
        name="reason"
        label={t("programme.void.reason")}
        hint={t("programme.void.reasonHint")}
        required
        rows={3}
        maxLength={600}
        value={reason}
        error={error}
        readOnly={confirming}
        onChange={(e) => setReason(e.target.value)}
      />
      {confirming ? (
        <div className="void-confirm">
          <p>
            <strong>
              {t("programme.void.confirmText", {
                number: props.booklet.number,
                tickets: f.tickets(
                  props.booklet.remainingTickets,
                  props.booklet.remainingValueCents,
                ),
              })}
            </strong>
          </p>
          <div className="button-row">
            <button
              ref={confirm}
              type="button"
              className="button button-danger"
              disabled={loading}
              onClick={() => void send()}
            >
              {loading ? t("programme.sending") : t("programme.void.confirm")}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setConfirming(false);
                focusField();
              }}
            >
              {t("programme.void.keep")}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="button button-danger">
          {t("programme.void.start")}
        </button>
      )}
    </form>
  );
}
