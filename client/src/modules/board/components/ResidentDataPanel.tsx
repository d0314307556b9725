import { useLazyQuery, useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { EraseResidentDataDocument, ReferralAccessJournalDocument } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ConfirmButton } from "@/shared/components/ConfirmButton";

/** The journal's actions, in words; another action shows as its code. */
const ACTIONS = {
  "resident.recorded": "board.journal.recorded",
  "resident.read": "board.journal.read",
  "resident.erased": "board.journal.erased",
} as const;

/**
 * The resident's data on an opened card: who read or changed it (loaded when asked), and, for
 * the sending structure's managers and admins, erasing it now (right to erasure).
 */
export function ResidentDataPanel({
  referralId,
  senderStructureId,
  anonymised,
  onErased,
}: {
  referralId: string;
  senderStructureId: string;
  anonymised: boolean;
  onErased: () => void;
}) {
  const { t, dateTime } = useI18n();
  const viewer = useViewer();
  const [loadJournal, journal] = useLazyQuery(ReferralAccessJournalDocument, {
    fetchPolicy: "network-only",
  });
  const [erase] = useMutation(EraseResidentDataDocument);
  const [status, setStatus] = useState<string | null>(null);
  const mayErase =
    viewer.isAdmin ||
    viewer.memberships.some((m) => m.structure.id === senderStructureId && m.role === "MANAGER");

  async function eraseNow() {
    setStatus(null);
    try {
      const { data } = await erase({ variables: { id: referralId } });
      const result = data?.eraseResidentData;
      if (result?.__typename === "Referral") {
        setStatus(t("board.erase.done"));
        onErased();
      } else setStatus(result?.message ?? t("common.error.network"));
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  const entries = journal.data?.referral.accessJournal;
  return (
    <div className="resident-data">
      <details
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open)
            void loadJournal({ variables: { id: referralId } });
        }}
      >
        <summary>{t("board.journal.title")}</summary>
        {journal.error && <p role="alert">{t("common.error.network")}</p>}
        {entries && entries.length === 0 && <p>{t("board.journal.empty")}</p>}
        {entries && entries.length > 0 && (
          <ol className="history">
            {entries.map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <time dateTime={e.at}>{dateTime(e.at)}</time> —{" "}
                {e.action in ACTIONS ? t(ACTIONS[e.action as keyof typeof ACTIONS]) : e.action} —{" "}
                {e.actorName ??
                  t(e.actorKind === "system" ? "board.journal.system" : "board.journal.unknown")}
              </li>
            ))}
          </ol>
        )}
      </details>
      {mayErase && !anonymised && (
        <ConfirmButton
          question={t("board.erase.confirm")}
          confirmLabel={t("board.erase.yes")}
          onConfirm={eraseNow}
        >
          {t("board.erase.button")}
        </ConfirmButton>
      )}
      <p role="status">{status}</p>
    </div>
  );
}
