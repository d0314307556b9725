import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { ResetPasswordDocument } from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { TextField } from "@/shared/components/Field";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

/** The one-time link of a reset e-mail: `/mot-de-passe/<token>`. */
export function ResetPasswordPage() {
  const { t, locale } = useI18n();
  usePageTitle(t("reset.title"));
  const { token = "" } = useParams();
  const [reset, { loading }] = useMutation(ResetPasswordDocument);
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const { data } = await reset({ variables: { token, password } });
      const result = data?.resetPassword;
      if (result?.__typename === "PasswordResetDone") setDone(true);
      else if (result?.__typename === "ValidationError")
        setErrors(fieldErrorMap(result.fields, locale));
      else setProblem(t("reset.invalid"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  if (done)
    return (
      <div className="narrow">
        <h1>{t("reset.title")}</h1>
        <p role="status">{t("reset.done")}</p>
        <Link to="/connexion">{t("nav.signIn")}</Link>
      </div>
    );
  const labels = { password: t("reset.password") };
  return (
    <div className="narrow">
      <h1>{t("reset.title")}</h1>
      <ErrorSummary errors={errors} labels={labels} message={problem ?? undefined} />
      <form onSubmit={submit} className="form" noValidate>
        <TextField
          name="password"
          type="password"
          label={labels.password}
          hint={t("reset.password.hint")}
          autoComplete="new-password"
          required
          minLength={12}
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={loading}>
          {t("reset.submit")}
        </button>
      </form>
    </div>
  );
}
