import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { RequestPasswordResetDocument } from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { TextField } from "@/shared/components/Field";

/** `/mot-de-passe-oublie`: asks for a reset link; the answer never tells whether the address is known. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  usePageTitle(t("forgot.title"));
  const [request, { loading }] = useMutation(RequestPasswordResetDocument);
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setSent(null);
    try {
      const { data } = await request({ variables: { email } });
      const result = data?.requestPasswordReset;
      if (result?.__typename === "TooManyAttemptsError")
        setProblem(t("forgot.tooMany", { minutes: Math.ceil(result.retryAfterSeconds / 60) }));
      else setSent(t("forgot.sent"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <div className="narrow">
      <h1>{t("forgot.title")}</h1>
      <p>{t("forgot.intro")}</p>
      <ErrorSummary errors={{}} labels={{}} message={problem ?? undefined} />
      <form onSubmit={submit} className="form" noValidate>
        <TextField
          name="email"
          type="email"
          label={t("forgot.email")}
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={loading}>
          {t("forgot.submit")}
        </button>
      </form>
      <p role="status">{sent}</p>
    </div>
  );
}
