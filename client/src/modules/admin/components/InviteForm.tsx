import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  InviteMemberDocument,
  type InviteUserInput,
  PendingInvitationsDocument,
} from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { SelectField, TextField } from "@/shared/components/Field";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

/**
 * Invites a person by e-mail with one of `roles` (only those the viewer may give), shows the
 * link once, and refreshes the pending invitations. `roleField` is the input field the role
 * goes to, so that the server's errors land next to it.
 */
export function InviteForm<R extends string>(props: {
  title: string;
  roles: readonly { value: R; label: string }[];
  roleField: "role" | "globalRole";
  toInput: (email: string, role: R) => InviteUserInput;
}) {
  const { t, locale } = useI18n();
  const [invite, inviting] = useMutation(InviteMemberDocument, {
    refetchQueries: [PendingInvitationsDocument],
  });
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<R>(props.roles[0].value);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<{ email: string; link: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    setSent(null);
    const address = email.trim();
    try {
      const { data } = await invite({ variables: { input: props.toInput(address, role) } });
      const result = data?.inviteUser;
      if (result?.__typename === "InvitationCreated") {
        setSent({ email: address, link: result.link });
        setEmail("");
      } else if (result?.__typename === "ValidationError") {
        const map = fieldErrorMap(result.fields, locale);
        // Without a role, the server names `role` whichever field carries it.
        setErrors({ ...map, [props.roleField]: map[props.roleField] ?? map.role });
      } else setProblem(result?.message ?? t("common.error.network"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  const labels = { email: t("members.email"), [props.roleField]: t("members.role") };
  return (
    <section aria-labelledby="invite">
      <h2 id="invite">{props.title}</h2>
      <p role="status">{sent && t("members.invited", { email: sent.email })}</p>
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
          name={props.roleField}
          label={t("members.role")}
          value={role}
          error={errors[props.roleField]}
          options={[...props.roles]}
          onChange={(e) => setRole(e.target.value as R)}
        />
        <button type="submit" className="button button-primary" disabled={inviting.loading}>
          {t("members.send")}
        </button>
      </form>
      {sent && (
        <p>
          {t("members.link")} <code>{sent.link}</code>
        </p>
      )}
    </section>
  );
}
