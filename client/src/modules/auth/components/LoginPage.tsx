import { useMutation, useQuery } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { LoginDocument, SignInOptionsDocument } from "@/gql/graphql";
import { TextField } from "@/shared/components/Field";
import { hasKeptForms, stashKeptForms } from "@/shared/drafts/form-drafts";
import { useSession } from "../hooks/useSession";
import { abilitiesOf } from "../hooks/useViewer";

/** Where to go after signing in: the page asked for, else the person's main page. */
export function landingPath(
  next: string | null,
  viewer: Parameters<typeof abilitiesOf>[0],
): string {
  if (next && next.startsWith("/") && !next.startsWith("//")) return next;
  const abilities = abilitiesOf(viewer);
  if (abilities.memberships.length > 0) return "/tableau";
  if (abilities.coordinates) return "/pilotage";
  return "/";
}

export function LoginPage() {
  const { t } = useI18n();
  usePageTitle(t("login.title"));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { signedIn } = useSession();
  const [login, { loading }] = useMutation(LoginDocument);
  const options = useQuery(SignInOptionsDocument).data?.signInOptions;
  const next = params.get("next");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      const { data } = await login({ variables: { email: email.trim(), password } });
      const result = data?.login;
      if (result?.__typename === "Viewer") {
        await signedIn(result);
        navigate(landingPath(params.get("next"), result), { replace: true });
      } else if (result?.__typename === "ProConnectRequiredError") {
        setProblem(t("login.proConnect.required"));
      } else if (result?.__typename === "TooManyAttemptsError") {
        setProblem(t("login.tooMany", { minutes: Math.ceil(result.retryAfterSeconds / 60) }));
      } else {
        setProblem(t("login.invalid"));
      }
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <div className="narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {params.get("session") === "expiree" && (
        <p className="alert" role="status">
          {t(hasKeptForms() ? "login.expired.kept" : "login.expired")}
        </p>
      )}
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      {options?.proConnect && (
        <section aria-labelledby="login-proconnect">
          <h2 id="login-proconnect">{t("login.proConnect.title")}</h2>
          <p>{t("login.proConnect.intro")}</p>
          <p>
            <a
              className="button button-primary"
              // What was typed before the session ended comes back after the round trip.
              onClick={stashKeptForms}
              href={`/auth/oidc/login?returnTo=${encodeURIComponent(next && next.startsWith("/") ? next : "/tableau")}`}
            >
              {t("login.proConnect.button")}
            </a>
          </p>
          <h2>{t("login.password.title")}</h2>
          <p>{t("login.password.intro")}</p>
        </section>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <TextField
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          name="password"
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={loading}>
          {loading ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
      <p>
        <Link to="/mot-de-passe-oublie">{t("forgot.link")}</Link>
      </p>
    </div>
  );
}
