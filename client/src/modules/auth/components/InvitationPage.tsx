import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { AcceptInvitationDocument } from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { TextField } from "@/shared/components/Field";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import { useSession } from "../hooks/useSession";
import { landingPath } from "./LoginPage";

/** The one-time link of an invitation: `/invitation/<token>`. */
export function InvitationPage() {
  const { t, locale } = useI18n();
  usePageTitle(t("invitation.title"));
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [accept, { loading }] = useMutation(AcceptInvitationDocument);
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const { data } = await accept({
        variables: { input: { token, password, displayName: displayName.trim() || null } },
      });
      const result = data?.acceptInvitation;
      if (result?.__typename === "Viewer") {
        await signedIn(result);
        navigate(landingPath(null, result), { replace: true });
      } else if (result?.__typename === "ValidationError") {
        setErrors(fieldErrorMap(result.fields, locale));
      } else if (result?.__typename === "InvalidCredentialsError") {
        setProblem(t("invitation.wrongPassword"));
      } else {
        setProblem(t("invitation.invalid"));
      }
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  const labels = { displayName: t("invitation.displayName"), password: t("invitation.password") };
  return (
    <div className="narrow">
      <h1>{t("invitation.title")}</h1>
      <p>{t("invitation.intro")}</p>
      <ErrorSummary errors={errors} labels={labels} message={problem ?? undefined} />
      <form onSubmit={submit} className="form" noValidate>
        <TextField
          name="displayName"
          label={labels.displayName}
          hint={t("invitation.displayName.hint")}
          autoComplete="name"
          value={displayName}
          error={errors.displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <TextField
          name="password"
          type="password"
          label={labels.password}
          hint={t("invitation.password.hint")}
          autoComplete="new-password"
          required
          minLength={12}
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={loading}>
          {t("invitation.submit")}
        </button>
      </form>
    </div>
  );
}
