import { Field, Int, ObjectType } from "type-graphql";
import { ImportFormat, ImportIssueSeverity } from "./interop.enums";

/** How many issues and rows without location a report lists (all are counted). */
export const REPORT_LIST_LIMIT = 1000;

@ObjectType({ description: "What is wrong with a record, or with the whole file." })
export class ImportIssue {
  @Field(() => ImportIssueSeverity)
  severity: ImportIssueSeverity;

  @Field(() => Int, {
    nullable: true,
    description:
      "CSV: line of the file (1 is the header). JSON: position of the record (1 is the first).",
  })
  line: number | null;

  @Field(() => String, { nullable: true, description: "The record's `id` in the file." })
  recordId: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The column (CSV) or field (JSON) concerned, as the standard names it.",
  })
  column: string | null;

  @Field({ description: "Machine-readable reason, e.g. `REQUIRED`, `UNKNOWN_VALUE`, `NOT_UTF8`." })
  code: string;

  @Field({ description: "What is wrong and how to fix it, in French." })
  message: string;

  @Field(() => String, { nullable: true, description: "The value found (200 characters at most)." })
  value: string | null;
}

@ObjectType({ description: "How many records one reason rejected." })
export class ImportReasonCount {
  @Field(() => String, { nullable: true })
  column: string | null;

  @Field()
  code: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: "A record imported without a location (no coordinates in the file)." })
export class ImportedRecordRef {
  @Field(() => Int)
  line: number;

  @Field()
  recordId: string;

  @Field()
  name: string;
}

@ObjectType({ description: "A record that changes a structure already in the directory." })
export class ImportedRecordChange {
  @Field(() => Int)
  line: number;

  @Field()
  recordId: string;

  @Field()
  name: string;

  @Field(() => [String], {
    description:
      "Fields of Structure that change (`name`, `phone`, `districtCode`…), `offers` when its " +
      "offers change, `sourceRecord` when only what the producer says of it (its date) changes.",
  })
  fields: string[];
}

@ObjectType({
  description:
    "What an import did, or would do (dry run), record by record: each record is imported whole " +
    "or rejected whole, in one transaction per import; a refused file imports nothing.",
})
export class ImportReport {
  @Field(() => ImportFormat)
  format: ImportFormat;

  @Field()
  dryRun: boolean;

  @Field({ description: "True when the changes were written (not a dry run, file not refused)." })
  committed: boolean;

  @Field(() => ImportIssue, {
    nullable: true,
    description:
      "Why the whole file was refused (encoding, syntax, header…): nothing was imported.",
  })
  fileError: ImportIssue | null;

  @Field(() => Int, { description: "Records read: CSV rows, or JSON structures and services." })
  records: number;

  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int, { description: "Records already in the directory exactly as in the file." })
  unchanged: number;

  @Field(() => Int, {
    description: "Records left out on purpose (archived structure, service outside digital needs).",
  })
  skipped: number;

  @Field(() => Int, { description: "Records refused: see `issues` and `rejectionReasons`." })
  rejected: number;

  @Field(() => Int, {
    description:
      "Records matched to a structure of the directory by SIRET or by name and address (not by " +
      "their id in this source): the structure now keeps this source too. Counted in `updated` or `unchanged` as well.",
  })
  merged: number;

  @Field(() => Int, {
    description:
      "Pairs of structures close but not enough to be merged, listed for a coordinator (`possibleDuplicates`).",
  })
  possibleDuplicates: number;

  @Field(() => Int)
  offersCreated: number;

  @Field(() => Int)
  offersUpdated: number;

  @Field(() => Int, { description: "Imported offers whose need the file no longer lists." })
  offersDeactivated: number;

  @Field(() => [ImportIssue], {
    description: `The first ${REPORT_LIST_LIMIT} issues, in file order.`,
  })
  issues: ImportIssue[];

  @Field(() => Int, { description: "Every issue, listed or not." })
  issueCount: number;

  @Field(() => [ImportReasonCount], { description: "Rejected records by column and reason." })
  rejectionReasons: ImportReasonCount[];

  @Field(() => [ImportedRecordRef], {
    description: `The first ${REPORT_LIST_LIMIT} records imported without coordinates (no district).`,
  })
  withoutLocation: ImportedRecordRef[];

  @Field(() => Int)
  withoutLocationCount: number;

  @Field(() => [ImportedRecordChange], {
    description: `The first ${REPORT_LIST_LIMIT} updated records, with what changes in each (for a preview).`,
  })
  updatedRecords: ImportedRecordChange[];

  @Field(() => Int, {
    description: "Records with coordinates outside every district of the city (no district).",
  })
  outsideDistrictsCount: number;

  @Field(() => Int, {
    description: "Records without coordinates in the file that the geocoder located surely.",
  })
  geocoded: number;

  @Field(() => Int, {
    description:
      "Records whose address the geocoder could not locate surely (low score, not found, " +
      "geocoder unavailable): imported without coordinates and flagged « location to check ».",
  })
  toCheck: number;

  @Field(() => Int)
  durationMs: number;
}

export type IssueInput = Omit<ImportIssue, "severity" | "value" | "line" | "recordId" | "column"> &
  Partial<Pick<ImportIssue, "line" | "recordId" | "column">> & { value?: string | null };

export type RecordOutcome = "created" | "updated" | "unchanged" | "skipped" | "rejected";

const clip = (value: string | null | undefined) =>
  value === null || value === undefined ? null : [...value].slice(0, 200).join("");

/** Collects a report while an import runs. */
export class ReportBuilder {
  readonly report: ImportReport;
  private readonly reasons = new Map<string, ImportReasonCount>();
  private readonly started = performance.now();

  constructor(format: ImportFormat, dryRun: boolean) {
    this.report = Object.assign(new ImportReport(), {
      format,
      dryRun,
      committed: false,
      fileError: null,
      records: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      rejected: 0,
      merged: 0,
      possibleDuplicates: 0,
      offersCreated: 0,
      offersUpdated: 0,
      offersDeactivated: 0,
      issues: [],
      issueCount: 0,
      rejectionReasons: [],
      withoutLocation: [],
      withoutLocationCount: 0,
      updatedRecords: [],
      outsideDistrictsCount: 0,
      geocoded: 0,
      toCheck: 0,
      durationMs: 0,
    });
  }

  private toIssue(severity: ImportIssueSeverity, issue: IssueInput): ImportIssue {
    return Object.assign(new ImportIssue(), {
      severity,
      line: issue.line ?? null,
      recordId: issue.recordId ?? null,
      column: issue.column ?? null,
      code: issue.code,
      message: issue.message,
      value: clip(issue.value),
    });
  }

  add(severity: ImportIssueSeverity, issue: IssueInput): void {
    this.report.issueCount++;
    if (this.report.issues.length < REPORT_LIST_LIMIT) {
      this.report.issues.push(this.toIssue(severity, issue));
    }
  }

  /** A record refused: its issues are listed and counted by reason. */
  reject(issues: IssueInput[]): void {
    this.report.rejected++;
    for (const issue of issues) {
      this.add(ImportIssueSeverity.ERROR, issue);
      const key = `${issue.column ?? ""}\u0000${issue.code}`;
      const reason = this.reasons.get(key);
      if (reason) reason.count++;
      else this.reasons.set(key, { column: issue.column ?? null, code: issue.code, count: 1 });
    }
  }

  warn(issue: IssueInput): void {
    this.add(ImportIssueSeverity.WARNING, issue);
  }

  count(outcome: Exclude<RecordOutcome, "rejected"> | "merged"): void {
    this.report[outcome]++;
  }

  withoutLocation(ref: ImportedRecordRef): void {
    this.report.withoutLocationCount++;
    if (this.report.withoutLocation.length < REPORT_LIST_LIMIT)
      this.report.withoutLocation.push(ref);
  }

  updatedRecord(change: ImportedRecordChange): void {
    if (this.report.updatedRecords.length < REPORT_LIST_LIMIT)
      this.report.updatedRecords.push(change);
  }

  /** The file was refused: nothing is imported, whatever the records said. */
  refuse(issue: IssueInput): void {
    this.report.fileError = this.toIssue(ImportIssueSeverity.ERROR, issue);
    for (const key of [
      "created",
      "updated",
      "unchanged",
      "skipped",
      "merged",
      "possibleDuplicates",
      "offersCreated",
      "offersUpdated",
      "offersDeactivated",
    ] as const) {
      this.report[key] = 0;
    }
    this.report.withoutLocation = [];
    this.report.withoutLocationCount = 0;
    this.report.outsideDistrictsCount = 0;
    this.report.updatedRecords = [];
    this.report.geocoded = 0;
    this.report.toCheck = 0;
  }

  finish(committed: boolean): ImportReport {
    this.report.committed = committed;
    this.report.rejectionReasons = [...this.reasons.values()].sort((a, b) => b.count - a.count);
    this.report.durationMs = Math.round(performance.now() - this.started);
    return this.report;
  }
}
