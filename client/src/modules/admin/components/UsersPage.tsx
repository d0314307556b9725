import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { AccountsDocument, type GlobalRole, SetGlobalRoleDocument } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { FieldError } from "@/shared/components/Field";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { fieldErrorMap } from "@/shared/format/field-errors";
import { InviteForm } from "./InviteForm";
import { PendingInvitations } from "./PendingInvitations";

const ROLES: GlobalRole[] = ["COORDINATOR", "ADMIN"];

/**
 * `/admin/comptes`, for admins: every account with its network role, the SIRET ProConnect gave
 * and the last sign-in; invite a coordinator or an admin; the network invitations pending.
 */
export function UsersPage() {
  const { t, locale, dateTime } = useI18n();
  usePageTitle(t("accounts.title"));
  const viewer = useViewer();
  const { data, loading, error, refetch, fetchMore } = useQuery(AccountsDocument, {
    fetchPolicy: "cache-and-network",
  });
  const [setRole] = useMutation(SetGlobalRoleDocument);
  const [status, setStatus] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const users = data.users.edges.map((e) => e.node);

  async function changeRole(userId: string, name: string, next: GlobalRole | null) {
    setStatus(null);
    setRowErrors({});
    try {
      const { data: answer } = await setRole({ variables: { userId, role: next } });
      const result = answer?.setGlobalRole;
      if (result?.__typename === "User") setStatus(t("accounts.roleChanged", { name }));
      else if (result?.__typename === "ValidationError")
        setRowErrors({ [userId]: fieldErrorMap(result.fields, locale).role ?? result.message });
      else setRowErrors({ [userId]: result?.message ?? t("common.error.network") });
    } catch {
      setRowErrors({ [userId]: t("common.error.network") });
    }
  }

  return (
    <div>
      <h1>{t("accounts.title")}</h1>
      <p>{t("accounts.intro", { count: data.users.totalCount })}</p>
      <p role="status">{status}</p>
      <ScrollTable label={t("accounts.list")}>
        <thead>
          <tr>
            <th scope="col">{t("members.name")}</th>
            <th scope="col">{t("members.email")}</th>
            <th scope="col">{t("accounts.networkRole")}</th>
            <th scope="col">{t("accounts.siret")}</th>
            <th scope="col">{t("members.lastSignIn")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.displayName}</td>
              <td>{u.email}</td>
              <td>
                <select
                  aria-label={t("accounts.roleOf", { name: u.displayName })}
                  aria-invalid={rowErrors[u.id] ? true : undefined}
                  aria-describedby={rowErrors[u.id] ? `role-${u.id}-error` : undefined}
                  value={u.globalRole ?? ""}
                  // An admin keeps its own role: the server refuses it too (SELF_DEMOTION).
                  disabled={u.id === viewer.viewer?.user?.id}
                  onChange={(e) =>
                    void changeRole(
                      u.id,
                      u.displayName,
                      (e.target.value || null) as GlobalRole | null,
                    )
                  }
                >
                  <option value="">{t("accounts.role.none")}</option>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`accounts.role.${r}`)}
                    </option>
                  ))}
                </select>
                <FieldError id={`role-${u.id}`} error={rowErrors[u.id]} />
              </td>
              <td>{u.siret ?? "—"}</td>
              <td>{u.lastSignInAt ? dateTime(u.lastSignInAt) : t("members.never")}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {data.users.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button"
          onClick={() => void fetchMore({ variables: { after: data.users.pageInfo.endCursor } })}
        >
          {t("accounts.more")}
        </button>
      )}
      <InviteForm
        title={t("accounts.invite")}
        roles={ROLES.map((r) => ({ value: r, label: t(`accounts.role.${r}`) }))}
        roleField="globalRole"
        toInput={(email, globalRole) => ({ email, globalRole })}
      />
      <PendingInvitations structureId={null} />
    </div>
  );
}
