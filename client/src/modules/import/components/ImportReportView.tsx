import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { MessageKey } from "@/app/i18n/messages";
import type { ImportReportFieldsFragment } from "@/gql/graphql";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { downloadText, toCsv } from "../report-csv";

type Report = ImportReportFieldsFragment;
type CountKey = keyof Pick<
  Report,
  | "records"
  | "created"
  | "updated"
  | "unchanged"
  | "skipped"
  | "rejected"
  | "withoutLocationCount"
  | "outsideDistrictsCount"
  | "geocoded"
  | "toCheck"
  | "merged"
  | "possibleDuplicates"
  | "offersCreated"
  | "offersUpdated"
  | "offersDeactivated"
>;

const COUNTS: [CountKey, MessageKey][] = [
  ["records", "import.count.records"],
  ["created", "import.count.created"],
  ["updated", "import.count.updated"],
  ["unchanged", "import.count.unchanged"],
  ["rejected", "import.count.rejected"],
  ["skipped", "import.count.skipped"],
  ["withoutLocationCount", "import.count.withoutLocation"],
  ["outsideDistrictsCount", "import.count.outsideDistricts"],
  ["geocoded", "import.count.geocoded"],
  ["toCheck", "import.count.toCheck"],
  ["merged", "import.count.merged"],
  ["possibleDuplicates", "import.count.possibleDuplicates"],
  ["offersCreated", "import.count.offersCreated"],
  ["offersUpdated", "import.count.offersUpdated"],
  ["offersDeactivated", "import.count.offersDeactivated"],
];

/**
 * What an import did or would do: the refusal of the whole file if any, the counts, the reasons
 * for rejection and the issues line by line, which can be saved as a CSV file. `children` (the
 * "Importer" button of a preview) comes after the counts. The heading takes the focus when a
 * new report arrives.
 */
export function ImportReportView({ report, children }: { report: Report; children?: ReactNode }) {
  const { t, number } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  useEffect(() => {
    heading.current?.focus();
    setDownloaded(null);
  }, [report]);

  const title = report.fileError
    ? t("import.report.refused")
    : report.dryRun
      ? t("import.report.preview")
      : t("import.report.done");
  const listed = report.fileError ? [report.fileError, ...report.issues] : report.issues;

  function download() {
    const rows = [
      [
        t("import.issues.line"),
        t("import.issues.recordId"),
        t("import.issues.column"),
        t("import.issues.severity"),
        t("import.issues.code"),
        t("import.issues.message"),
        t("import.issues.value"),
      ],
      ...listed.map((issue) => [
        issue.line,
        issue.recordId,
        issue.column,
        issue === report.fileError
          ? t("import.severity.FILE")
          : t(`import.severity.${issue.severity}`),
        issue.code,
        issue.message,
        issue.value,
      ]),
    ];
    const fileName = `rapport-import-${report.dryRun ? "verification-" : ""}${new Date()
      .toISOString()
      .slice(0, 10)}.csv`;
    downloadText(toCsv(rows), fileName);
    setDownloaded(t("import.download.done", { file: fileName }));
  }

  return (
    <section aria-labelledby="import-report" className="import-report">
      <h2 id="import-report" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {report.fileError ? (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>{t("import.report.fileError")}</strong>
          </p>
          <p>
            {report.fileError.line !== null &&
              `${t("import.report.fileErrorAt", { line: report.fileError.line })} : `}
            {report.fileError.message}
          </p>
        </div>
      ) : (
        <p>{report.dryRun ? t("import.report.preview.hint") : t("import.report.done.hint")}</p>
      )}
      <h3>{t("import.report.counts")}</h3>
      <dl className="kpis">
        {COUNTS.map(([key, label]) => (
          <div key={key}>
            <dt>{t(label)}</dt>
            <dd>{number(report[key])}</dd>
          </div>
        ))}
      </dl>
      {report.committed && report.possibleDuplicates > 0 && (
        <p>
          <Link to="/admin/doublons">{t("import.report.reviewDuplicates")}</Link>
        </p>
      )}
      {children}
      {report.rejectionReasons.length > 0 && (
        <>
          <h3>{t("import.reasons")}</h3>
          <ScrollTable
            label={t("import.reasons")}
            caption={<span className="visually-hidden">{t("import.reasons")}</span>}
          >
            <thead>
              <tr>
                <th scope="col">{t("import.reasons.column")}</th>
                <th scope="col">{t("import.reasons.code")}</th>
                <th scope="col">{t("import.reasons.count")}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejectionReasons.map((reason) => (
                <tr key={`${reason.column ?? ""}:${reason.code}`}>
                  <td>{reason.column ?? "—"}</td>
                  <td>
                    <code>{reason.code}</code>
                  </td>
                  <td>{number(reason.count)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </>
      )}
      <h3>{t("import.issues", { count: number(report.issueCount) })}</h3>
      {listed.length === 0 ? (
        <p>{t("import.issues.none")}</p>
      ) : (
        <>
          {report.issueCount > report.issues.length && (
            <p>
              {t("import.issues.truncated", {
                shown: number(report.issues.length),
                count: number(report.issueCount),
              })}
            </p>
          )}
          <p className="button-row">
            <button type="button" className="button" onClick={download}>
              {t("import.download")}
            </button>
          </p>
          <p role="status">{downloaded}</p>
          <ScrollTable
            label={t("import.issues", { count: number(report.issueCount) })}
            caption={
              <span className="visually-hidden">
                {t("import.issues", { count: number(report.issueCount) })}
              </span>
            }
            className="data-table import-issues"
          >
            <thead>
              <tr>
                <th scope="col">{t("import.issues.line")}</th>
                <th scope="col">{t("import.issues.recordId")}</th>
                <th scope="col">{t("import.issues.column")}</th>
                <th scope="col">{t("import.issues.severity")}</th>
                <th scope="col">{t("import.issues.message")}</th>
                <th scope="col">{t("import.issues.value")}</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((issue, index) => (
                <tr key={index}>
                  <td>{issue.line ?? "—"}</td>
                  <td>{issue.recordId ?? "—"}</td>
                  <td>{issue.column ?? "—"}</td>
                  <td>
                    {issue === report.fileError
                      ? t("import.severity.FILE")
                      : t(`import.severity.${issue.severity}`)}
                  </td>
                  <td>{issue.message}</td>
                  <td>{issue.value ? <code>{issue.value}</code> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </>
      )}
    </section>
  );
}
