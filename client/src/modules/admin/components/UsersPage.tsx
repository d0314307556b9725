import { useMutation, useQuery } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  AccountsDocument,
  type GlobalRole,
  InviteMemberDocument,
  PendingInvitationsDocument,
  SetGlobalRoleDocument,
} from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { FieldError, SelectField, TextField } from "@/shared/components/Field";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
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
  const [invite, inviting] = useMutation(InviteMemberDocument, {
    refetchQueries: [PendingInvitationsDocument],
  });
  const [status, setStatus] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [email, setEmail] = useState("");
  const [role, setInviteRole] = useState<GlobalRole>("COORDINATOR");
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
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

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    setLink(null);
    try {
      const { data: answer } = await invite({
        variables: { input: { email: email.trim(), globalRole: role } },
      });
      const result = answer?.inviteUser;
      if (result?.__typename === "InvitationCreated") {
        setLink(result.link);
        setStatus(t("members.invited", { email: email.trim() }));
        setEmail("");
      } else if (result?.__typename === "ValidationError")
        setErrors(fieldErrorMap(result.fields, locale));
      else setProblem(result?.message ?? t("common.error.network"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  const labels = {
    email: t("members.email"),
    globalRole: t("members.role"),
    role: t("members.role"),
  };
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
      <section aria-labelledby="invite-network">
        <h2 id="invite-network">{t("accounts.invite")}</h2>
        <ErrorSummary errors={errors} labels={labels} message={problem ?? undefined} />
        <form onSubmit={submit} className="form" noValidate>
          <TextField
            name="email"
            type="email"
            label={labels.email}
            required
            value={email}
            error={errors.email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <SelectField
            name="globalRole"
            label={labels.globalRole}
            value={role}
            error={errors.globalRole ?? errors.role}
            options={ROLES.map((r) => ({ value: r, label: t(`accounts.role.${r}`) }))}
            onChange={(e) => setInviteRole(e.target.value as GlobalRole)}
          />
          <button type="submit" className="button button-primary" disabled={inviting.loading}>
            {t("members.send")}
          </button>
        </form>
        {link && (
          <p>
            {t("members.link")} <code>{link}</code>
          </p>
        )}
      </section>
      <PendingInvitations structureId={null} />
    </div>
  );
}
