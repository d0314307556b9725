import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  PendingInvitationsDocument,
  ResendInvitationDocument,
  RevokeInvitationDocument,
} from "@/gql/graphql";
import { ConfirmButton } from "@/shared/components/ConfirmButton";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { ErrorState } from "@/shared/components/States";

/**
 * Invitations not yet accepted, with "send again" (a new link, the old one stops working) and
 * "revoke". A structure's for its managers and admins; `structureId` null: the network roles'.
 * A new invitation refetches it (`refetchQueries: [PendingInvitationsDocument]`).
 */
export function PendingInvitations({ structureId }: { structureId: string | null }) {
  const { t, dateTime } = useI18n();
  const { data, error, refetch } = useQuery(PendingInvitationsDocument, {
    variables: { structureId },
    fetchPolicy: "cache-and-network",
  });
  const [resend] = useMutation(ResendInvitationDocument);
  const [revoke] = useMutation(RevokeInvitationDocument);
  const [status, setStatus] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  if (error) return <ErrorState onRetry={() => void refetch()} />;
  if (!data) return null;

  async function sendAgain(id: string, email: string) {
    setStatus(null);
    setLink(null);
    try {
      const { data: answer } = await resend({ variables: { invitationId: id } });
      const result = answer?.resendInvitation;
      if (result?.__typename === "InvitationCreated") {
        setLink(result.link);
        setStatus(t("invitations.resent", { email }));
      } else setStatus(result?.message ?? t("common.error.network"));
      await refetch();
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  async function cancel(id: string, email: string) {
    setStatus(null);
    setLink(null);
    try {
      const { data: answer } = await revoke({ variables: { invitationId: id } });
      const result = answer?.revokeInvitation;
      setStatus(
        result?.__typename === "Invitation"
          ? t("invitations.revoked", { email })
          : (result?.message ?? t("common.error.network")),
      );
      await refetch();
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  const now = Date.now();
  return (
    <section aria-labelledby="pending-invitations">
      <h2 id="pending-invitations">{t("invitations.title")}</h2>
      <p role="status">{status}</p>
      {link && (
        <p>
          {t("invitations.link")} <code>{link}</code>
        </p>
      )}
      {data.pendingInvitations.length === 0 ? (
        <p>{t("invitations.none")}</p>
      ) : (
        <ScrollTable label={t("invitations.list")}>
          <thead>
            <tr>
              <th scope="col">{t("invitations.email")}</th>
              <th scope="col">{t("invitations.role")}</th>
              <th scope="col">{t("invitations.sent")}</th>
              <th scope="col">{t("invitations.expires")}</th>
              <th scope="col">{t("invitations.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {data.pendingInvitations.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>
                  {i.globalRole
                    ? t(`accounts.role.${i.globalRole}`)
                    : t(`members.role.${i.membershipRole ?? "STAFF"}`)}
                </td>
                <td>{dateTime(i.createdAt)}</td>
                <td>
                  {new Date(i.expiresAt).getTime() < now
                    ? t("invitations.expired")
                    : dateTime(i.expiresAt)}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => void sendAgain(i.id, i.email)}
                  >
                    {t("invitations.resend")}
                    <span className="visually-hidden"> ({i.email})</span>
                  </button>
                  <ConfirmButton
                    question={t("invitations.revoke.confirm", { email: i.email })}
                    confirmLabel={t("invitations.revoke.yes")}
                    onConfirm={() => cancel(i.id, i.email)}
                  >
                    {t("invitations.revoke")}
                    <span className="visually-hidden"> ({i.email})</span>
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  );
}
