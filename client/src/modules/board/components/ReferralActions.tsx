import {
  type FormEvent,
  type ReactElement,
  type RefObject,
  useEffect,
  useRef,
  useState,
} from "react";
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
        <AnswerForm<DeclineReason>
          formLabel={t("board.decline.form")}
          choice={{
            name: `decline-reason-${r.id}`,
            label: t("board.decline.reason"),
            placeholder: t("board.decline.choose"),
            options: DECLINE_REASONS.map((v) => ({ value: v, label: t(`declineReason.${v}`) })),
            value: reason,
            onChange: setReason,
          }}
          comment={{
            name: `decline-comment-${r.id}`,
            hint: t("board.decline.commentHint"),
            value: comment,
            error: commentError,
            onChange: setComment,
          }}
          confirm={t("board.decline.confirm")}
          busy={busy}
          firstField={firstField}
          onSubmit={submitDecline}
          onCancel={() => setForm(null)}
        />
      )}
      {form === "complete" && (
        <AnswerForm<ReferralOutcome>
          formLabel={t("board.complete.form")}
          choice={{
            name: `outcome-${r.id}`,
            label: t("board.complete.outcome"),
            placeholder: t("board.complete.choose"),
            options: OUTCOMES.map((v) => ({ value: v, label: t(`outcome.${v}`) })),
            value: outcome,
            onChange: setOutcome,
          }}
          comment={{
            name: `complete-comment-${r.id}`,
            value: comment,
            error: commentError,
            onChange: setComment,
          }}
          confirm={t("board.complete.confirm")}
          busy={busy}
          firstField={firstField}
          onSubmit={submitComplete}
          onCancel={() => setForm(null)}
        />
      )}
    </div>
  );
}

/** The inline form of an answer that needs a choice (a reason, an outcome) and allows a comment. */
function AnswerForm<V extends string>(props: {
  formLabel: string;
  choice: {
    name: string;
    label: string;
    placeholder: string;
    options: { value: V; label: string }[];
    value: V | "";
    onChange(value: V): void;
  };
  comment: {
    name: string;
    hint?: string;
    value: string;
    error: string | undefined;
    onChange(value: string): void;
  };
  confirm: string;
  busy: boolean;
  firstField: RefObject<HTMLDivElement | null>;
  onSubmit(event: FormEvent): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const { choice, comment } = props;
  return (
    <form className="inline-form" onSubmit={props.onSubmit} aria-label={props.formLabel}>
      <div ref={props.firstField}>
        <SelectField
          name={choice.name}
          label={choice.label}
          required
          placeholder={choice.placeholder}
          options={choice.options}
          value={choice.value}
          onChange={(e) => choice.onChange(e.target.value as V)}
        />
      </div>
      <TextAreaField
        name={comment.name}
        label={t("board.comment")}
        hint={comment.hint}
        rows={2}
        maxLength={1000}
        value={comment.value}
        error={comment.error}
        onChange={(e) => comment.onChange(e.target.value)}
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={props.busy}>
          {props.confirm}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
