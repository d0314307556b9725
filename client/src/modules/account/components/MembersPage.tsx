import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  ChangeMemberRoleDocument,
  type MembershipRole,
  RemoveMemberDocument,
  StructureMembersDocument,
} from "@/gql/graphql";
import { InviteForm } from "@/modules/admin/components/InviteForm";
import { PendingInvitations } from "@/modules/admin/components/PendingInvitations";
import { ProConnectRequirement } from "@/modules/admin/components/ProConnectRequirement";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";

/**
 * `/structures/:id/membres`: who works in a structure. Managers invite staff, send pending
 * invitations again or revoke them, and remove staff; admins also invite managers, change roles
 * and may require ProConnect for the members. What a role may not do is not offered (and the
 * server refuses it anyway).
 */
export function MembersPage() {
  const { t, dateTime } = useI18n();
  usePageTitle(t("members.title"));
  const { id = "" } = useParams();
  const viewer = useViewer();
  const manages =
    viewer.isAdmin || viewer.memberships.some((m) => m.structure.id === id && m.role === "MANAGER");
  const { data, loading, error, refetch } = useQuery(StructureMembersDocument, {
    variables: { structureId: id },
    skip: !manages,
  });
  const [changeRole] = useMutation(ChangeMemberRoleDocument);
  const [remove] = useMutation(RemoveMemberDocument);
  const [status, setStatus] = useState<string | null>(null);

  if (!viewer.loading && !manages)
    return <EmptyState title={t("auth.forbidden.title")}>{t("members.forbidden")}</EmptyState>;
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const roles: MembershipRole[] = viewer.isAdmin ? ["STAFF", "MANAGER"] : ["STAFF"];

  async function act(run: () => Promise<unknown>, done: string) {
    setStatus(null);
    try {
      await run();
      await refetch();
      setStatus(done);
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  return (
    <div>
      <h1>{t("members.heading", { name: data.structure.name })}</h1>
      <p role="status">{status}</p>
      <ScrollTable label={t("members.list")}>
        <thead>
          <tr>
            <th scope="col">{t("members.name")}</th>
            <th scope="col">{t("members.email")}</th>
            <th scope="col">{t("members.role")}</th>
            <th scope="col">{t("members.lastSignIn")}</th>
            <th scope="col">{t("members.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {data.structureMembers.map((m) => (
            <tr key={m.id}>
              <td>{m.user.displayName}</td>
              <td>{m.user.email}</td>
              <td>
                {viewer.isAdmin ? (
                  <select
                    aria-label={t("members.roleOf", { name: m.user.displayName })}
                    value={m.role}
                    onChange={(e) => {
                      const next = e.target.value as MembershipRole;
                      void act(
                        () => changeRole({ variables: { membershipId: m.id, role: next } }),
                        t("members.roleChanged", { name: m.user.displayName }),
                      );
                    }}
                  >
                    <option value="STAFF">{t("members.role.STAFF")}</option>
                    <option value="MANAGER">{t("members.role.MANAGER")}</option>
                  </select>
                ) : (
                  t(`members.role.${m.role}`)
                )}
              </td>
              <td>{m.lastSignInAt ? dateTime(m.lastSignInAt) : t("members.never")}</td>
              <td>
                {(viewer.isAdmin || m.role === "STAFF") && (
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      void act(
                        () => remove({ variables: { membershipId: m.id } }),
                        t("members.removed", { name: m.user.displayName }),
                      )
                    }
                  >
                    {t("members.remove")}
                    <span className="visually-hidden"> ({m.user.displayName})</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <InviteForm
        title={t("members.invite")}
        roles={roles.map((r) => ({ value: r, label: t(`members.role.${r}`) }))}
        roleField="role"
        toInput={(email, role) => ({ email, structureId: id, role })}
      />
      <PendingInvitations structureId={id} />
      {viewer.isAdmin && (
        <ProConnectRequirement structureId={id} required={data.structure.requiresProConnect} />
      )}
    </div>
  );
}
