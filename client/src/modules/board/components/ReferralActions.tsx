import { type FormEvent, type ReactElement, useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { BoardReferralFragment, DeclineReason, ReferralOutcome } from "@/gql/graphql";
import { SelectField, TextAreaField } from "@/shared/components/Field";
import type { BoardTab } from "../hooks/board-columns";
import { type ActionOutcome, useReferralActions } from "../hooks/useReferralActions";

const DECLINE_REASONS: DeclineReason[] = [
  "NO_CAPACITY",
  "NOT_THE_RIGHT_SERVICE",
  "RESIDENT_UNREACHABLE",
  "OTHER",
];
const OUTCOMES: ReferralOutcome[] = ["NEED_MET", "PARTIALLY_MET", "NOT_MET", "REFERRED_ELSEWHERE"];

type Form = null | "decline" | "complete";

/**
 * The buttons a person may use on a card: the receiver accepts or declines (with a reason) a
 * pending referral, completes it or marks a no-show once accepted; the sender cancels.
 */
export function ReferralActions(props: {
  referral: BoardReferralFragment;
  tab: BoardTab;
  /** Names the card in the buttons' accessible names ("Accepter (…)"). */
  label: string;
  /** Called before the (optimistic) change: the card may move, the focus follows it. */
  onStart(id: string): void;
  onDone(id: string, outcome: ActionOutcome): void;
}) {
  const { t } = useI18n();
  const act = useReferralActions();
  const r = props.referral;
  const [form, setForm] = useState<Form>(null);
  const [reason, setReason] = useState<DeclineReason | "">("");
  const [outcome, setOutcome] = useState<ReferralOutcome | "">("");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [commentError, setCommentError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (form) firstField.current?.querySelector("select")?.focus();
  }, [form]);

  async function run(action: Parameters<typeof act>[1]) {
    setBusy(true);
    setError(null);
    props.onStart(r.id);
    setCommentError(undefined);
    const result = await act(r, action);
    setBusy(false);
    if (!result.ok && result.fields) {
      // A correctable input error stays in the open form.
      setError(result.message);
      setCommentError(result.fields.comment);
      return;
    }
    // Anything else is reported by the board: the card may have moved (and been re-created).
    setForm(null);
    props.onDone(r.id, result);
  }

  function submitDecline(event: FormEvent) {
    event.preventDefault();
    if (!reason) return setError(t("board.decline.reasonRequired"));
    if (reason === "OTHER" && !comment.trim()) return setCommentError(t("form.required"));
    void run({ kind: "decline", reason, comment });
  }

  function submitComplete(event: FormEvent) {
    event.preventDefault();
    if (!outcome) return setError(t("board.complete.outcomeRequired"));
    void run({ kind: "complete", outcome, comment });
  }

  const name = <span className="visually-hidden"> ({props.label})</span>;
  const buttons: ReactElement[] = [];
  if (props.tab === "received" && r.status === "PENDING") {
    buttons.push(
      <button
        key="accept"
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={() => void run({ kind: "accept" })}
      >
        {t("board.accept")}
        {name}
      </button>,
      <button
        key="decline"
        type="button"
        className="button button-secondary"
        disabled={busy}
        aria-expanded={form === "decline"}
        onClick={() => setForm(form === "decline" ? null : "decline")}
      >
        {t("board.decline")}
        {name}
      </button>,
    );
  }
  if (props.tab === "received" && r.status === "ACCEPTED") {
    buttons.push(
      <button
        key="complete"
        type="button"
        className="button button-primary"
        disabled={busy}
        aria-expanded={form === "complete"}
        onClick={() => setForm(form === "complete" ? null : "complete")}
      >
        {t("board.complete")}
        {name}
      </button>,
      <button
        key="noShow"
        type="button"
        className="button button-secondary"
        disabled={busy}
        onClick={() => void run({ kind: "noShow" })}
      >
        {t("board.noShow")}
        {name}
      </button>,
    );
  }
  if (props.tab === "sent" && (r.status === "PENDING" || r.status === "ACCEPTED")) {
    buttons.push(
      <button
        key="cancel"
        type="button"
        className="button button-secondary"
        disabled={busy}
        onClick={() => void run({ kind: "cancel" })}
      >
        {t("board.cancel")}
        {name}
      </button>,
    );
  }
  if (buttons.length === 0) return null;

  return (
    <div className="referral-actions">
      <div className="button-row">{buttons}</div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {form === "decline" && (
        <form className="inline-form" onSubmit={submitDecline} aria-label={t("board.decline.form")}>
          <div ref={firstField}>
            <SelectField
              name={`decline-reason-${r.id}`}
              label={t("board.decline.reason")}
              required
              placeholder={t("board.decline.choose")}
              options={DECLINE_REASONS.map((v) => ({ value: v, label: t(`declineReason.${v}`) }))}
              value={reason}
              onChange={(e) => setReason(e.target.value as DeclineReason)}
            />
          </div>
          <TextAreaField
            name={`decline-comment-${r.id}`}
            label={t("board.comment")}
            hint={t("board.decline.commentHint")}
            rows={2}
            maxLength={1000}
            value={comment}
            error={commentError}
            onChange={(e) => setComment(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t("board.decline.confirm")}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setForm(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
      {form === "complete" && (
        <form
          className="inline-form"
          onSubmit={submitComplete}
          aria-label={t("board.complete.form")}
        >
          <div ref={firstField}>
            <SelectField
              name={`outcome-${r.id}`}
              label={t("board.complete.outcome")}
              required
              placeholder={t("board.complete.choose")}
              options={OUTCOMES.map((v) => ({ value: v, label: t(`outcome.${v}`) }))}
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as ReferralOutcome)}
            />
          </div>
          <TextAreaField
            name={`complete-comment-${r.id}`}
            label={t("board.comment")}
            rows={2}
            maxLength={1000}
            value={comment}
            error={commentError}
            onChange={(e) => setComment(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t("board.complete.confirm")}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setForm(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
