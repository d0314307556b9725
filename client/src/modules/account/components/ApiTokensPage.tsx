import { useMutation, useQuery } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { TextField } from "@/shared/components/Field";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

/** `/structures/:id/jetons`: a structure's API tokens, for its managers and admins. */
export function ApiTokensPage() {
  const { t } = useI18n();
  usePageTitle(t("tokens.title"));
  const { id = "" } = useParams();
  const viewer = useViewer();
  const allowed =
    viewer.isAdmin || viewer.memberships.some((m) => m.structure.id === id && m.role === "MANAGER");
  if (!viewer.loading && !allowed)
    return <EmptyState title={t("auth.forbidden.title")}>{t("tokens.forbidden")}</EmptyState>;
  return <Tokens structureId={id} />;
}

function Tokens({ structureId }: { structureId: string }) {
  const { t, locale, dateTime } = useI18n();
  const { data, loading, error, refetch } = useQuery(ApiTokensDocument, {
    variables: { structureId },
  });
  const [create, creating] = useMutation(CreateApiTokenDocument);
  const [revoke, revoking] = useMutation(RevokeApiTokenDocument);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    setStatus(null);
    try {
      const { data: answer } = await create({
        variables: { structureId, name: name.trim() },
        refetchQueries: [ApiTokensDocument],
      });
      const result = answer?.createApiToken;
      if (result?.__typename === "CreatedApiToken") {
        setCreated({ name: name.trim(), token: result.token });
        setName("");
      } else if (result?.__typename === "ValidationError") {
        setErrors(fieldErrorMap(result.fields, locale));
      } else setProblem(result?.message ?? t("common.error.network"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  async function revokeToken(id: string, tokenName: string) {
    setStatus(null);
    try {
      await revoke({ variables: { id }, refetchQueries: [ApiTokensDocument] });
      setStatus(t("tokens.revoked", { name: tokenName }));
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  const labels = { name: t("tokens.name") };
  return (
    <div>
      <h1>{t("tokens.title")}</h1>
      <p>{t("tokens.intro")}</p>
      <section aria-labelledby="new-token">
        <h2 id="new-token">{t("tokens.new")}</h2>
        <ErrorSummary errors={errors} labels={labels} message={problem ?? undefined} />
        <form onSubmit={submit} className="form" noValidate>
          <TextField
            name="name"
            label={labels.name}
            hint={t("tokens.name.hint")}
            required
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={creating.loading}>
            {t("tokens.create")}
          </button>
        </form>
        {created && (
          <div className="alert" role="status">
            <p>
              <strong>{t("tokens.once", { name: created.name })}</strong>
            </p>
            <label htmlFor="created-token">{t("tokens.value")}</label>
            <input id="created-token" readOnly value={created.token} />
            <button
              type="button"
              className="button"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(created.token)
                  .then(() => setStatus(t("tokens.copied")))
              }
            >
              {t("tokens.copy")}
            </button>
          </div>
        )}
      </section>
      <section aria-labelledby="token-list">
        <h2 id="token-list">{t("tokens.list")}</h2>
        <p role="status">{status}</p>
        {loading && !data ? (
          <LoadingState />
        ) : error || !data ? (
          <ErrorState onRetry={() => void refetch()} />
        ) : data.apiTokens.length === 0 ? (
          <p>{t("tokens.none")}</p>
        ) : (
          <ScrollTable label={`${t("tokens.list")} (${data.apiTokens.length})`}>
            <thead>
              <tr>
                <th scope="col">{t("tokens.name")}</th>
                <th scope="col">{t("tokens.prefix")}</th>
                <th scope="col">{t("tokens.createdAt")}</th>
                <th scope="col">{t("tokens.lastUsedAt")}</th>
                <th scope="col">{t("tokens.state")}</th>
              </tr>
            </thead>
            <tbody>
              {data.apiTokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? dateTime(token.lastUsedAt) : t("tokens.neverUsed")}</td>
                  <td>
                    {token.revokedAt ? (
                      t("tokens.revokedOn", { date: dateTime(token.revokedAt) })
                    ) : (
                      <button
                        type="button"
                        className="button"
                        disabled={revoking.loading}
                        onClick={() => void revokeToken(token.id, token.name)}
                      >
                        {t("tokens.revoke")}
                        <span className="visually-hidden"> ({token.name})</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>
    </div>
  );
}
