import { useMutation, useQuery } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  ChangeMemberRoleDocument,
  InviteMemberDocument,
  type MembershipRole,
  PendingInvitationsDocument,
  RemoveMemberDocument,
  StructureMembersDocument,
} from "@/gql/graphql";
import { PendingInvitations } from "@/modules/admin/components/PendingInvitations";
import { ProConnectRequirement } from "@/modules/admin/components/ProConnectRequirement";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { TextField } from "@/shared/components/Field";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

/**
 * `/structures/:id/membres`: who works in a structure. Managers invite staff, send pending
 * invitations again or revoke them, and remove staff; admins also invite managers, change roles
 * and may require ProConnect for the members. What a role may not do is not offered (and the
 * server refuses it anyway).
 */
export function MembersPage() {
  const { t, locale, dateTime } = useI18n();
  usePageTitle(t("members.title"));
  const { id = "" } = useParams();
  const viewer = useViewer();
  const manages =
    viewer.isAdmin || viewer.memberships.some((m) => m.structure.id === id && m.role === "MANAGER");
  const { data, loading, error, refetch } = useQuery(StructureMembersDocument, {
    variables: { structureId: id },
    skip: !manages,
  });
  const [invite, inviting] = useMutation(InviteMemberDocument, {
    refetchQueries: [PendingInvitationsDocument],
  });
  const [changeRole] = useMutation(ChangeMemberRoleDocument);
  const [remove] = useMutation(RemoveMemberDocument);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MembershipRole>("STAFF");
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  if (!viewer.loading && !manages)
    return <EmptyState title={t("auth.forbidden.title")}>{t("members.forbidden")}</EmptyState>;
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const roles: MembershipRole[] = viewer.isAdmin ? ["STAFF", "MANAGER"] : ["STAFF"];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    setLink(null);
    try {
      const { data: answer } = await invite({
        variables: { input: { email: email.trim(), structureId: id, role } },
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

  const labels = { email: t("members.email"), role: t("members.role") };
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
      <section aria-labelledby="invite">
        <h2 id="invite">{t("members.invite")}</h2>
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
          <div className="field">
            <label htmlFor="invite-role">{labels.role}</label>
            <select
              id="invite-role"
              value={role}
              onChange={(e) => setRole(e.target.value as MembershipRole)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`members.role.${r}`)}
                </option>
              ))}
            </select>
          </div>
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
      <PendingInvitations structureId={id} />
      {viewer.isAdmin && (
        <ProConnectRequirement structureId={id} required={data.structure.requiresProConnect} />
      )}
    </div>
  );
}
