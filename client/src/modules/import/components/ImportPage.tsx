import { useMutation } from "@apollo/client/react";
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  ImportDirectoryDocument,
  type ImportFormat,
  type ImportReportFieldsFragment,
} from "@/gql/graphql";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { TextField } from "@/shared/components/Field";
import { RadioGroup } from "@/shared/components/RadioGroup";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import { formatOfFileName, UPLOAD_LIMIT_BYTES, UploadError, uploadFile } from "../upload";
import { ImportReportView } from "./ImportReportView";
import "../import.css";

const FORMATS = ["LIEUX_MEDIATION_NUMERIQUE", "DATA_INCLUSION"] as const satisfies ImportFormat[];

const EXPORTS = [
  { href: "/exports/lieux-mediation-numerique.csv", label: "import.export.lmn" },
  { href: "/exports/data-inclusion/structures.json", label: "import.export.diStructures" },
  { href: "/exports/data-inclusion/services.json", label: "import.export.diServices" },
] as const;

type Phase = "idle" | "uploading" | "checking" | "importing";

/**
 * `/admin/import`, for coordinators and admins (the route's rule, and the server's): a file in a
 * national format is sent (`POST /imports/uploads`, with its progress), checked (a dry run and
 * its report), then imported; the directory's public exports are linked below.
 */
export function ImportPage() {
  const { t } = useI18n();
  usePageTitle(t("import.title"));
  return (
    <div>
      <h1>{t("import.title")}</h1>
      <p className="lead">{t("import.intro")}</p>
      <ImportForm />
      <section aria-labelledby="export-title">
        <h2 id="export-title">{t("import.export.title")}</h2>
        <p>{t("import.export.intro")}</p>
        <ul className="export-links">
          {EXPORTS.map((e) => (
            <li key={e.href}>
              <a href={e.href} download>
                {t(e.label)}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ImportForm() {
  const { t, locale, number } = useI18n();
  const [importDirectory] = useMutation(ImportDirectoryDocument);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat | "">("");
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  // The file sent, kept by the server until it is imported (or for 24 hours).
  const [upload, setUpload] = useState<{ file: File; id: string } | null>(null);
  const [report, setReport] = useState<ImportReportFieldsFragment | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const busy = phase !== "idle";

  const size = (bytes: number) =>
    bytes < 1024
      ? t("import.size.bytes", { n: bytes })
      : bytes < 1024 * 1024
        ? t("import.size.kb", { n: number(bytes / 1024) })
        : t("import.size.mb", { n: number(bytes / (1024 * 1024), 1) });

  function uploadMessage(error: unknown): string {
    if (!(error instanceof UploadError) || error.status === 0) return t("common.error.network");
    if (error.status === 413) return t("import.error.tooLarge");
    if (error.status === 415) return t("import.error.type");
    if (error.status === 401) return t("import.error.unauthenticated");
    if (error.status === 403) return t("import.error.forbidden");
    return t("import.error.upload", { status: error.status });
  }

  function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const next = event.target.files?.[0] ?? null;
    setFile(next);
    setReport(null);
    setErrors({});
    setProblem(null);
    setStatus(null);
    setProgress(null);
    const guessed = next ? formatOfFileName(next.name) : null;
    if (guessed) setFormat(guessed);
  }

  function chooseFormat(next: ImportFormat) {
    setFormat(next);
    // A preview holds for the format it was made with.
    setReport(null);
    setErrors((current) => {
      const next = { ...current };
      delete next.format;
      return next;
    });
  }

  async function run(uploadId: string, chosen: ImportFormat, dryRun: boolean) {
    setPhase(dryRun ? "checking" : "importing");
    if (!dryRun) setStatus(t("import.status.importing"));
    try {
      const { data } = await importDirectory({
        variables: { uploadId, format: chosen, dryRun },
      });
      const result = data?.importDirectory;
      if (result?.__typename === "ImportReport") {
        setReport(result);
        if (result.committed) setUpload(null); // the server forgets a file once imported
        setStatus(
          result.fileError
            ? t("import.status.refused")
            : dryRun
              ? t("import.status.checked")
              : t("import.status.imported"),
        );
      } else if (result?.__typename === "ValidationError") {
        setStatus(null);
        setErrors({
          file: Object.values(fieldErrorMap(result.fields, locale)).join(" ") || result.message,
        });
      } else if (result?.__typename === "NotFoundError") {
        setStatus(null);
        setUpload(null);
        setReport(null);
        setErrors({ file: t("import.error.expired") });
      } else {
        setStatus(null);
        setProblem(t("common.error.network"));
      }
    } catch {
      setStatus(null);
      setProblem(t("common.error.network"));
    } finally {
      setPhase("idle");
    }
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    setStatus(null);
    setReport(null);
    const found: FieldErrorMap = {};
    if (!file) found.file = t("import.error.required");
    else if (file.size === 0) found.file = t("import.error.empty");
    else if (file.size > UPLOAD_LIMIT_BYTES) found.file = t("import.error.tooLarge");
    if (!format) found.format = t("import.error.format");
    if (!file || !format || Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    let uploadId = upload?.file === file ? upload.id : null;
    if (!uploadId) {
      setPhase("uploading");
      setStatus(t("import.status.uploading"));
      setProgress({ loaded: 0, total: file.size });
      const controller = new AbortController();
      abort.current = controller;
      try {
        const stored = await uploadFile(
          file,
          format,
          (loaded, total) => setProgress({ loaded, total }),
          controller.signal,
        );
        uploadId = stored.uploadId;
        setUpload({ file, id: stored.uploadId });
      } catch (error) {
        setPhase("idle");
        setStatus(null);
        if (error instanceof UploadError && error.code === "ABORTED") return;
        setErrors({ file: uploadMessage(error) });
        return;
      } finally {
        abort.current = null;
      }
    }
    setStatus(t("import.status.checking", { size: size(file.size) }));
    await run(uploadId, format, true);
  }

  const labels = { file: t("import.file"), format: t("import.format") };
  const percent = progress ? Math.round((progress.loaded / (progress.total || 1)) * 100) : 0;
  const canImport = report?.dryRun && !report.fileError && upload && format === report.format;
  return (
    <>
      <section aria-labelledby="import-form">
        <h2 id="import-form">{t("import.form.title")}</h2>
        <ErrorSummary errors={errors} labels={labels} message={problem ?? undefined} />
        <form onSubmit={check} className="form" noValidate>
          <TextField
            name="file"
            type="file"
            label={labels.file}
            hint={t("import.file.hint")}
            accept=".csv,.json,text/csv,application/json"
            required
            error={errors.file}
            onChange={chooseFile}
          />
          <RadioGroup<ImportFormat>
            name="format"
            legend={labels.format}
            options={FORMATS.map((f) => ({ value: f, label: t(`import.format.${f}`) }))}
            value={format}
            required
            error={errors.format}
            onChange={chooseFormat}
          />
          {progress && (
            <div className="field upload-progress">
              <label htmlFor="upload-progress">{t("import.progress")}</label>
              <div>
                <progress id="upload-progress" max={progress.total || 1} value={progress.loaded}>
                  {t("import.progress.value", { percent })}
                </progress>
                <span aria-hidden="true">{t("import.progress.value", { percent })}</span>
              </div>
            </div>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            {t("import.check")}
          </button>
          <p role="status">{status}</p>
        </form>
      </section>
      {report && (
        <ImportReportView report={report}>
          {canImport && (
            <div className="import-run">
              <p className="hint" id="import-run-hint">
                {t("import.run.hint")}
              </p>
              <button
                type="button"
                className="button button-primary"
                aria-describedby="import-run-hint"
                disabled={busy}
                onClick={() => void run(upload.id, report.format, false)}
              >
                {t("import.run")}
              </button>
            </div>
          )}
        </ImportReportView>
      )}
    </>
  );
}
