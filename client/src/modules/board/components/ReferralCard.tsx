import { useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { BoardReferralFragment } from "@/gql/graphql";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { type BoardTab, isNearExpiry } from "../hooks/board-columns";
import type { ActionOutcome } from "../hooks/useReferralActions";
import { ReferralActions } from "./ReferralActions";
import { ReferralDetails } from "./ReferralDetails";

/** One referral on the board; takes the focus when asked to (after it moved column). */
export function ReferralCard(props: {
  referral: BoardReferralFragment;
  tab: BoardTab;
  now: number;
  focused: boolean;
  updated: boolean;
  /** What became of the last action on this card, when it failed. */
  notice?: string;
  onStart(id: string): void;
  onDone(id: string, outcome: ActionOutcome): void;
}) {
  const { t, dateTime } = useI18n();
  const { label } = useReferenceData();
  const r = props.referral;
  const ref = useRef<HTMLElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (props.focused) ref.current?.focus();
  }, [props.focused]);

  const other = props.tab === "received" ? r.senderStructure : r.receiverStructure;
  const need = label("categories", r.need);
  const headingId = `referral-${r.id}`;
  const nearExpiry = isNearExpiry(r, props.now);
  const classes = [
    "card",
    "referral-card",
    r.needsReminder && "needs-reminder",
    nearExpiry && "near-expiry",
    props.updated && "is-updated",
  ];
  return (
    <article
      ref={ref}
      tabIndex={-1}
      className={classes.filter(Boolean).join(" ")}
      aria-labelledby={headingId}
    >
      <h3 id={headingId}>{need}</h3>
      <p className="meta">
        {t(props.tab === "received" ? "board.from" : "board.to", { name: other.name })}
        {r.residentDistrict && <> · {r.residentDistrict.name}</>}
      </p>
      {r.receiverOffer && <p className="meta">{r.receiverOffer.title}</p>}
      <p className="meta">{t("board.createdAt", { when: dateTime(r.createdAt) })}</p>
      <p className="status-line">
        <span className={`status status-${r.status.toLowerCase()}`}>{t(`status.${r.status}`)}</span>
        {r.needsReminder && <span className="tag tag-warning">{t("board.reminder")}</span>}
        {nearExpiry && (
          <span className="tag tag-warning">
            {t("board.nearExpiry", { when: dateTime(r.expiresAt) })}
          </span>
        )}
        {r.declineReason && <span className="tag">{t(`declineReason.${r.declineReason}`)}</span>}
        {r.outcome && <span className="tag">{t(`outcome.${r.outcome}`)}</span>}
      </p>
      {props.notice && (
        <p className="alert alert-error" role="alert">
          {props.notice}
        </p>
      )}
      <ReferralActions
        referral={r}
        tab={props.tab}
        label={`${need} — ${other.name}`}
        onStart={props.onStart}
        onDone={props.onDone}
      />
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? t("board.details.hide") : t("board.details.show")}
        <span className="visually-hidden">
          {" "}
          ({need} — {other.name})
        </span>
      </button>
      {open && <ReferralDetails id={r.id} />}
    </article>
  );
}
