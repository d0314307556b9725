import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  PassBookletsDocument,
  PassNumeriqueBalanceDocument,
  RedeemPassTicketDocument,
} from "@/gql/graphql";
import { TextField } from "@/shared/components/Field";
import { fieldErrorMap } from "@/shared/format/field-errors";
import { useProgrammeFormat } from "../hooks/format";
import { errorCode } from "../hooks/graphql-errors";

/**
 * Redeems a ticket by the code printed on it, at a structure labelled Pass numérique. A ticket
 * redeemed before is refused, with the day it was: the person must not take it.
 */
export function RedeemTicketForm({ structureId }: { structureId: string }) {
  const { t, locale, dateTime } = useI18n();
  const f = useProgrammeFormat();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | undefined>();
  /** When it was redeemed before: said in full in the alert, briefly next to the field. */
  const [already, setAlready] = useState<string | null>(null);
  const [done, setDone] = useState("");
  const [redeem, { loading }] = useMutation(RedeemPassTicketDocument, {
    refetchQueries: [PassNumeriqueBalanceDocument, PassBookletsDocument],
  });

  function refuse(message: string, before: string | null = null) {
    setError(message);
    setAlready(before);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone("");
    setError(undefined);
    setAlready(null);
    if (!code.trim()) return refuse(t("form.required"));
    try {
      const { data } = await redeem({ variables: { structureId, code: code.trim() } });
      const result = data?.redeemPassTicket;
      switch (result?.__typename) {
        case "PassTicket":
          setCode("");
          setDone(
            t("programme.redeem.done", {
              code: result.code,
              value: f.money(result.valueCents),
              booklet: result.bookletNumber,
            }),
          );
          return;
        case "TicketAlreadyRedeemedError":
          return refuse(t("programme.redeem.alreadyShort"), result.alreadyRedeemedAt);
        case "PassBookletVoidedError":
          return refuse(t("programme.redeem.voided", { when: dateTime(result.bookletVoidedAt) }));
        case "NotFoundError":
          return refuse(t("programme.redeem.unknown"));
        case "ValidationError":
          return refuse(fieldErrorMap(result.fields, locale).code ?? t("programme.redeem.invalid"));
      }
      refuse(t("common.error.hint"));
    } catch (e) {
      refuse(
        errorCode(e) === "FORBIDDEN" ? t("programme.redeem.forbidden") : t("common.error.network"),
      );
    }
  }

  return (
    <form
      className={`form redeem-form${already ? " is-already" : ""}`}
      onSubmit={submit}
      noValidate
      aria-labelledby="redeem-heading"
    >
      <div className="lookup-row">
        <TextField
          name="code"
          label={t("programme.redeem.code")}
          hint={t("programme.redeem.codeHint")}
          required
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          value={code}
          error={error}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={loading}>
          {t("programme.redeem.submit")}
        </button>
      </div>
      {/* Announced at once; the same words stay next to the field. */}
      <div role="alert">
        {already ? (
          <div className="alert alert-error">
            <p>
              <strong>{t("programme.redeem.alreadyTitle")}</strong>
            </p>
            <p>{t("programme.redeem.already", { when: dateTime(already) })}</p>
          </div>
        ) : (
          error && <p className="visually-hidden">{error}</p>
        )}
      </div>
      <p className="status-message" aria-live="polite">
        {done}
      </p>
    </form>
  );
}
