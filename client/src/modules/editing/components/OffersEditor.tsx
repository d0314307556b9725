import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  type EditableOfferFragment,
  ResumeOfferDocument,
  SuspendOfferDocument,
} from "@/gql/graphql";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { OfferForm } from "./OfferForm";

/**
 * The structure's offers: change, suspend, resume, add. The API lists active offers only, so an
 * offer suspended here stays listed (to resume it) until the page is left.
 */
export function OffersEditor(props: {
  structureId: string;
  offers: readonly EditableOfferFragment[];
}) {
  const { t } = useI18n();
  const { label } = useReferenceData();
  const [editing, setEditing] = useState<string | null>(null);
  const [suspended, setSuspended] = useState<EditableOfferFragment[]>([]);
  const [message, setMessage] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [suspend] = useMutation(SuspendOfferDocument);
  const [resume] = useMutation(ResumeOfferDocument);

  const listed = [
    ...props.offers,
    ...suspended.filter((s) => !props.offers.some((o) => o.id === s.id)),
  ];

  async function toggle(offer: EditableOfferFragment) {
    setProblem(null);
    const variables = { id: offer.id, expectedVersion: offer.version };
    try {
      const result = offer.active
        ? (await suspend({ variables })).data?.suspendOffer
        : (await resume({ variables })).data?.resumeOffer;
      if (result?.__typename === "ServiceOffer") {
        setSuspended((list) => [
          ...list.filter((o) => o.id !== result.id),
          ...(result.active ? [] : [result]),
        ]);
        setMessage(
          t(result.active ? "editing.offer.resumed" : "editing.offer.suspended", {
            title: result.title,
          }),
        );
      } else if (result?.__typename === "ConflictError")
        setProblem(t("editing.conflict", { version: result.currentVersion }));
      else setProblem(result?.message ?? t("common.error.hint"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <div className="offers-editor">
      <p role="status" className="status-message">
        {message}
      </p>
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      <ul className="offer-list">
        {listed.map((o) => (
          <li key={o.id} className={`card${o.active ? "" : " is-suspended"}`}>
            <h3>{o.title}</h3>
            <p className="meta">
              {label("categories", o.category)} ·{" "}
              {o.active ? t("editing.offer.active") : t("editing.offer.inactive")}
            </p>
            {editing === o.id ? (
              <OfferForm
                structureId={props.structureId}
                offer={o}
                onCancel={() => setEditing(null)}
                onDone={(m) => {
                  setEditing(null);
                  setMessage(m);
                }}
              />
            ) : (
              <div className="button-row">
                {o.active && (
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setEditing(o.id)}
                  >
                    {t("editing.offer.edit")}
                    <span className="visually-hidden"> : {o.title}</span>
                  </button>
                )}
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void toggle(o)}
                >
                  {o.active ? t("editing.offer.suspend") : t("editing.offer.resume")}
                  <span className="visually-hidden"> : {o.title}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing === "new" ? (
        <OfferForm
          structureId={props.structureId}
          offer={null}
          onCancel={() => setEditing(null)}
          onDone={(m) => {
            setEditing(null);
            setMessage(m);
          }}
        />
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setEditing("new")}>
          {t("editing.offer.add")}
        </button>
      )}
    </div>
  );
}
