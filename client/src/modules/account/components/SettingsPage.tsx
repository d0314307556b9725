import { useMutation, useQuery } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  type MailLocale,
  type NotificationMode,
  NotificationSettingsDocument,
  SetStructureNotificationEmailDocument,
  StructureNotificationEmailDocument,
  UpdateNotificationSettingsDocument,
} from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { SessionsPanel } from "./SessionsPanel";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { TextField } from "@/shared/components/Field";
import { RadioGroup } from "@/shared/components/RadioGroup";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";

const MODES = ["EACH_EVENT", "DAILY_DIGEST", "NONE"] as const satisfies NotificationMode[];
const LOCALES = ["FR", "EN"] as const satisfies MailLocale[];

/** `/parametres`: each person's e-mail choices, and the managers' structure addresses. */
export function SettingsPage() {
  const { t } = useI18n();
  usePageTitle(t("settings.title"));
  const viewer = useViewer();
  const managed = viewer.memberships.filter((m) => m.role === "MANAGER");
  return (
    <div className="narrow">
      <h1>{t("settings.title")}</h1>
      <NotificationChoices />
      {managed.map((m) => (
        <StructureAddress key={m.structure.id} structureId={m.structure.id} />
      ))}
      <SessionsPanel />
    </div>
  );
}

function NotificationChoices() {
  const { t } = useI18n();
  const { data, loading, error, refetch } = useQuery(NotificationSettingsDocument);
  const [save, saving] = useMutation(UpdateNotificationSettingsDocument);
  const [mode, setMode] = useState<NotificationMode | "">("");
  const [locale, setLocale] = useState<MailLocale | "">("");
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;
  const current = data.notificationSettings;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    setProblem(null);
    try {
      await save({
        variables: { mode: mode || current.mode, locale: locale || current.locale },
        refetchQueries: [NotificationSettingsDocument],
      });
      setStatus(t("settings.saved"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <section aria-labelledby="mail-settings">
      <h2 id="mail-settings">{t("settings.mail.legend")}</h2>
      <p>{t("settings.mail.hint")}</p>
      <ErrorSummary errors={{}} labels={{}} message={problem ?? undefined} />
      <form onSubmit={submit} className="form" noValidate>
        <RadioGroup<NotificationMode>
          name="mode"
          legend={t("settings.mail.legend")}
          options={MODES.map((m) => ({ value: m, label: t(`settings.mode.${m}`) }))}
          value={mode || current.mode}
          onChange={setMode}
        />
        <RadioGroup<MailLocale>
          name="locale"
          legend={t("settings.locale.legend")}
          options={LOCALES.map((l) => ({ value: l, label: t(`settings.locale.${l}`) }))}
          value={locale || current.locale}
          onChange={setLocale}
        />
        <button type="submit" className="button button-primary" disabled={saving.loading}>
          {t("common.save")}
        </button>
        <p role="status">{status}</p>
      </form>
    </section>
  );
}

function StructureAddress({ structureId }: { structureId: string }) {
  const { t, locale } = useI18n();
  const { data } = useQuery(StructureNotificationEmailDocument, { variables: { id: structureId } });
  const [save, saving] = useMutation(SetStructureNotificationEmailDocument);
  const [email, setEmail] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!data) return null;
  const structure = data.structure;
  const value = email ?? structure.notificationEmail ?? "";
  const labels = { email: t("settings.structure.email") };
  const headingId = `address-${structureId}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setStatus(null);
    setProblem(null);
    try {
      const { data: answer } = await save({
        variables: { structureId, email: value.trim() || null },
      });
      const result = answer?.setStructureNotificationEmail;
      if (result?.__typename === "Structure") setStatus(t("settings.structure.saved"));
      else if (result?.__typename === "ValidationError")
        setErrors(fieldErrorMap(result.fields, locale));
      else setProblem(result?.message ?? t("common.error.network"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("settings.structure.title", { name: structure.name })}</h2>
      <ErrorSummary errors={errors} labels={labels} message={problem ?? undefined} />
      <form onSubmit={submit} className="form" noValidate>
        <TextField
          name={`email-${structureId}`}
          type="email"
          label={labels.email}
          hint={t("settings.structure.hint")}
          autoComplete="email"
          value={value}
          error={errors.email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={saving.loading}>
          {t("common.save")}
        </button>
        <p role="status">{status}</p>
      </form>
      <ul>
        <li>
          <Link to={`/structures/${structureId}/membres`}>
            {t("settings.structure.members", { name: structure.name })}
          </Link>
        </li>
        <li>
          <Link to={`/structures/${structureId}/jetons`}>
            {t("settings.structure.tokens", { name: structure.name })}
          </Link>
        </li>
      </ul>
    </section>
  );
}
