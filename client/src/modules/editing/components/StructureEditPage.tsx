import { useMutation, useQuery } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { useFormDraft } from "@/shared/drafts/form-drafts";
import { Link, useLocation, useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  ArchiveStructureDocument,
  StructureForEditingDocument,
  UpdateStructureDocument,
} from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import { fromStructure, type StructureFormValues, toUpdateInput } from "../hooks/structure-form";
import { OffersEditor } from "./OffersEditor";
import { StructureForm } from "./StructureForm";

/** Edit a structure and its offers (its managers, coordinators, admins). */
export function StructureEditPage() {
  const { id = "" } = useParams();
  const { t, locale } = useI18n();
  const viewer = useViewer();
  const location = useLocation();
  const { data, loading, error, refetch } = useQuery(StructureForEditingDocument, {
    variables: { id },
  });
  const s = data?.structure;
  usePageTitle(s ? t("editing.edit.title", { name: s.name }) : t("editing.edit.short"));
  const [original, setOriginal] = useState<StructureFormValues | null>(null);
  // What was typed is kept if the session ends before it is saved (see useFormDraft).
  const [values, setValues] = useFormDraft<StructureFormValues | null>(
    `structure:${id}`,
    () => null,
  );
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(
    (location.state as { created?: boolean } | null)?.created ? t("editing.created") : "",
  );
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [update, updating] = useMutation(UpdateStructureDocument);
  const [archive, archiving] = useMutation(ArchiveStructureDocument);

  useEffect(() => {
    if (s && !original) {
      setOriginal(fromStructure(s));
      setValues((kept) => kept ?? fromStructure(s));
    }
  }, [s, original, setValues]);

  if (!viewer.canEdit(id))
    return (
      <div className="narrow">
        <h1>{t("auth.forbidden.title")}</h1>
        <p>{t("auth.forbidden.hint")}</p>
      </div>
    );
  if (loading && !s) return <LoadingState />;
  if (error || !s) return <ErrorState onRetry={() => void refetch()} />;
  if (!values || !original) return <LoadingState />;

  async function reload() {
    const fresh = await refetch();
    if (fresh.data) {
      setOriginal(fromStructure(fresh.data.structure));
      setValues(fromStructure(fresh.data.structure));
      setProblem(null);
      setErrors({});
    }
  }

  async function save() {
    setProblem(null);
    setSaved("");
    const input = toUpdateInput(original!, values!);
    if (Object.keys(input).length === 0) return setSaved(t("editing.nothing"));
    try {
      const { data: result } = await update({
        variables: { id, expectedVersion: s!.version, input },
      });
      const r = result?.updateStructure;
      if (r?.__typename === "Structure") {
        setErrors({});
        setOriginal(fromStructure(r));
        setValues(fromStructure(r));
        setSaved(t("editing.saved"));
      } else if (r?.__typename === "ValidationError") setErrors(fieldErrorMap(r.fields, locale));
      else if (r?.__typename === "ConflictError")
        setProblem(t("editing.conflict", { version: r.currentVersion }));
      else setProblem(r?.message ?? t("common.error.hint"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  async function doArchive() {
    const { data: result } = await archive({ variables: { id, expectedVersion: s!.version } });
    const r = result?.archiveStructure;
    if (r?.__typename === "Structure") setSaved(t("editing.archived"));
    else
      setProblem(
        r?.__typename === "ConflictError"
          ? t("editing.conflict", { version: r.currentVersion })
          : (r?.message ?? t("common.error.hint")),
      );
    setConfirmArchive(false);
  }

  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/structures/${id}`}>{s.name}</Link>
      </p>
      <h1>{t("editing.edit.title", { name: s.name })}</h1>
      {s.archivedAt && <p className="alert">{t("editing.isArchived")}</p>}
      {s.locationCheck?.toCheck && (
        <div className="alert" role="note" aria-label={t("editing.locationCheck.title")}>
          <p>
            <strong>{t("editing.locationCheck.title")}</strong>
          </p>
          <p>
            {s.locationCheck.label && s.locationCheck.score !== null
              ? t("editing.locationCheck.found", {
                  label: s.locationCheck.label,
                  score: Math.round(s.locationCheck.score * 100).toLocaleString(locale),
                })
              : t("editing.locationCheck.none")}
          </p>
        </div>
      )}
      <p role="status" className="status-message">
        {saved}
      </p>
      {problem && (
        <div className="alert alert-error" role="alert">
          <p>{problem}</p>
          <button type="button" className="button button-secondary" onClick={() => void reload()}>
            {t("editing.reload")}
          </button>
        </div>
      )}
      <StructureForm
        values={values}
        errors={errors}
        problem={null}
        submitting={updating.loading}
        submitLabel={t("common.save")}
        onChange={(patch) => setValues((v) => (v ? { ...v, ...patch } : v))}
        onSubmit={() => void save()}
      />
      <section aria-labelledby="offers-heading" className="form-section">
        <h2 id="offers-heading">{t("structure.offers")}</h2>
        <OffersEditor structureId={id} offers={s.offers} />
      </section>
      {!s.archivedAt && (
        <section aria-labelledby="archive-heading" className="form-section danger-zone">
          <h2 id="archive-heading">{t("editing.archive.title")}</h2>
          <p>{t("editing.archive.hint")}</p>
          {confirmArchive ? (
            <div className="button-row">
              <button
                type="button"
                className="button button-danger"
                disabled={archiving.loading}
                onClick={() => void doArchive()}
              >
                {t("editing.archive.confirm")}
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setConfirmArchive(false)}
              >
                {t("common.cancel")}
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setConfirmArchive(true)}
            >
              {t("editing.archive.button")}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
