import type { DataSource, EntityManager } from "typeorm";
import { District } from "../modules/district/district.entity";
import type { CheckedRecord, ServiceCandidate, StructureCandidate } from "./candidate";
import { checkDiRecord } from "./data-inclusion/di.mapping";
import { readDiRecords } from "./data-inclusion/di.reader";
import type { AddressLocator } from "./geocoding/address-locator";
import { ImportGeocoding } from "./geocoding/import-geocoding";
import { type ImportReport, ReportBuilder } from "./import-report";
import { ImportFormat, SOURCE_OF } from "./interop.enums";
import { checkLmnRow } from "./lmn/lmn.mapping";
import { type LmnHeader, readLmnRows } from "./lmn/lmn.reader";
import { decodeUtf8, ImportFileError } from "./read/decode";
import { type Actor, auditMany } from "./write/batch-sql";
import { DirectoryWriter } from "./write/directory-writer";
import { directoryWritten } from "../db/directory-writes";

/** One file to import: its bytes, as a stream (files are never read whole). */
export interface ImportSource {
  name: string;
  stream: AsyncIterable<Buffer | Uint8Array | string>;
}

export interface ImportProgress {
  records: number;
  bytes: number;
  /** Records located by the geocoder so far, and flagged "to check". */
  geocoded?: number;
  toCheck?: number;
  /** Records matched so far to structures of other sources (see `ImportReport.merged`). */
  merged?: number;
}

export interface ImportOptions {
  format: ImportFormat;
  dryRun: boolean;
  actor: Actor;
  ip?: string | null;
  /** Records written per batch (default 500). */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Locates records with an address and no coordinates (GEOCODER_URL); null: off. */
  geocoding?: AddressLocator | null;
  /**
   * Loading the demo network at seed time: its structures get the source `demo`; those already
   * there (by id) are left as they are; no comparison with other sources; the file's `services`
   * are not read (the seed's offers file describes them); no audit trail.
   */
  seed?: boolean;
}

class DryRunRollback extends Error {}

const IMPORT_LOCK = "maillage.import";

function headerWarnings(report: ReportBuilder, header: LmnHeader): void {
  for (const name of header.unknown) {
    report.warn({
      line: 1,
      column: name,
      code: "UNKNOWN_COLUMN",
      message: `Colonne « ${name} » inconnue du standard « lieux de médiation numérique » v1.0.2 : ignorée.`,
    });
  }
  if (header.missingOptional.length > 0) {
    report.warn({
      line: 1,
      code: "MISSING_COLUMNS",
      message: `Colonne(s) facultative(s) absente(s) : ${header.missingOptional.join(", ")}. Ce que Maillage en sait déjà est conservé.`,
    });
  }
}

/** Reads the records of every file in turn and hands them to the writer by batches. */
async function readAll(
  sources: ImportSource[],
  options: ImportOptions,
  report: ReportBuilder,
  writer: DirectoryWriter,
  geocoding: (batch: StructureCandidate[]) => Promise<void>,
): Promise<void> {
  const batchSize = options.batchSize ?? 500;
  const firstLine = { structure: new Map<string, number>(), service: new Map<string, number>() };
  let structures: StructureCandidate[] = [];
  let services: ServiceCandidate[] = [];
  // The next batch is read and checked while the previous one is written.
  let writing: Promise<void> | null = null;
  const flush = async () => {
    const batch = { structures, services };
    structures = [];
    services = [];
    // Geocoding a batch (mostly waiting for the geocoder) overlaps the writing of the previous one.
    const located = geocoding(batch.structures);
    located.catch(() => undefined); // surfaced below
    if (writing) await writing;
    writing = (async () => {
      await located;
      await writer.writeStructures(batch.structures);
      await writer.writeServices(batch.services);
    })();
    writing.catch(() => undefined); // surfaced by the next await
  };
  const handle = async (checked: CheckedRecord) => {
    report.report.records++;
    if (checked.kind === "rejected") return report.reject(checked.issues);
    if (checked.kind === "skipped") {
      report.warn(checked.warning);
      return report.count("skipped");
    }
    const seen = firstLine[checked.kind];
    const before = seen.get(checked.recordId);
    if (before !== undefined) {
      return report.reject([
        {
          line: checked.line,
          recordId: checked.recordId,
          column: "id",
          code: "DUPLICATE_ID",
          message: `Identifiant déjà utilisé par l'enregistrement ${before} du fichier : chaque enregistrement a un id unique.`,
          value: checked.recordId,
        },
      ]);
    }
    seen.set(checked.recordId, checked.line);
    if (checked.kind === "structure") structures.push(checked);
    else services.push(checked);
    if (structures.length + services.length >= batchSize) await flush();
  };

  let bytes = 0;
  for (const source of sources) {
    const text = decodeUtf8(source.stream, (n) => {
      bytes += n;
    });
    const before = report.report.records;
    const progress = () =>
      options.onProgress?.({
        records: report.report.records,
        bytes,
        geocoded: report.report.geocoded,
        toCheck: report.report.toCheck,
        merged: report.report.merged,
      });
    if (options.format === ImportFormat.LIEUX_MEDIATION_NUMERIQUE) {
      for await (const row of readLmnRows(text, (header) => headerWarnings(report, header))) {
        await handle(checkLmnRow(row));
        progress();
      }
    } else {
      for await (const { position, value } of readDiRecords(text)) {
        await handle(checkDiRecord(position, value));
        progress();
      }
    }
    if (report.report.records === before) {
      report.warn({
        code: "NO_RECORDS",
        message: `Le fichier ${source.name} ne contient aucun enregistrement.`,
      });
    }
  }
  await flush();
  await writing;
}

/** The import itself, with the caller's transaction (the lock is held until it ends). */
async function importWith(
  em: EntityManager,
  sources: ImportSource[],
  options: ImportOptions,
  report: ReportBuilder,
): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [IMPORT_LOCK]);
  directoryWritten(em); // told after the commit only (a dry run rolls back: nothing is told)
  const districts = await em
    .getRepository(District)
    .find({ select: { code: true, geometry: true } });
  const writer = new DirectoryWriter({
    em,
    format: options.format,
    districts,
    actor: options.actor,
    ip: options.ip ?? null,
    report,
    seed: options.seed,
  });
  const geocoding = new ImportGeocoding(
    options.geocoding ?? null,
    report,
    SOURCE_OF[options.format],
  );
  await readAll(sources, options, report, writer, (batch) => geocoding.locate(em, batch));
  if (options.dryRun) throw new DryRunRollback();
  if (options.seed) return;
  const r = report.report;
  await auditMany(em, options.actor, options.ip ?? null, [
    {
      action: "directory.imported",
      subjectType: "import",
      subjectId: options.format,
      structureId: null,
      details: {
        files: sources.map((s) => s.name),
        records: r.records,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        skipped: r.skipped,
        rejected: r.rejected,
        geocoded: r.geocoded,
        toCheck: r.toCheck,
        merged: r.merged,
        possibleDuplicates: r.possibleDuplicates,
      },
    },
  ]);
}

/**
 * Imports files with a transaction the caller holds (the seed): a file that cannot be read
 * throws its ImportFileError, and the caller's transaction rolls back.
 */
export async function importInTransaction(
  em: EntityManager,
  sources: ImportSource[],
  options: Omit<ImportOptions, "dryRun">,
): Promise<ImportReport> {
  const report = new ReportBuilder(options.format, false);
  await importWith(em, sources, { ...options, dryRun: false }, report);
  return report.finish(true);
}

/**
 * Imports files of one format in a single transaction (imports run one at a time): every record
 * is checked and written whole or rejected whole with its reasons; a file that cannot be read
 * (encoding, quoting, header, JSON syntax) rolls everything back. A dry run does all of it, then
 * rolls back: its report is exactly what the import would do.
 */
export async function runImport(
  dataSource: DataSource,
  sources: ImportSource[],
  options: ImportOptions,
): Promise<ImportReport> {
  const report = new ReportBuilder(options.format, options.dryRun);
  try {
    await dataSource.transaction((em) => importWith(em, sources, options, report));
    return report.finish(true);
  } catch (error) {
    if (error instanceof DryRunRollback) return report.finish(false);
    if (error instanceof ImportFileError) {
      report.refuse({ line: error.line, code: error.code, message: error.message });
      return report.finish(false);
    }
    throw error;
  }
}
