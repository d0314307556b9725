import { useApolloClient, useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { LogoutEverywhereDocument, ViewerDocument } from "@/gql/graphql";
import { ConfirmButton } from "@/shared/components/ConfirmButton";

/** Closes every session of the account, this one too (a lost phone, a shared computer). */
export function SessionsPanel() {
  const { t } = useI18n();
  const client = useApolloClient();
  const navigate = useNavigate();
  const [logoutEverywhere] = useMutation(LogoutEverywhereDocument);
  const [problem, setProblem] = useState<string | null>(null);

  async function run() {
    setProblem(null);
    try {
      await logoutEverywhere();
      await client.clearStore();
      client.writeQuery({ query: ViewerDocument, data: { viewer: null } });
      await client.refetchQueries({ include: "active" });
      navigate("/connexion", { replace: true });
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t("settings.sessions.title")}</h2>
      <p className="hint">{t("settings.sessions.hint")}</p>
      <ConfirmButton
        question={t("settings.sessions.confirm")}
        confirmLabel={t("settings.sessions.yes")}
        onConfirm={run}
      >
        {t("settings.sessions.button")}
      </ConfirmButton>
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}
