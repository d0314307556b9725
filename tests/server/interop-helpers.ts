import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { TestApp } from "./support/test-app";

/* Shared by the interop*.test.ts files: the import mutation, fixtures, and an independent check of the standard. */

export const FIXTURES = path.resolve(__dirname, "../fixtures/interop");
export const STANDARDS = path.resolve(__dirname, "../../server/src/interop/standards");

export const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
export const fixtureBytes = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

export const REPORT = `
  __typename
  ... on ImportReport {
    format dryRun committed records created updated unchanged skipped rejected
    offersCreated offersUpdated offersDeactivated issueCount withoutLocationCount outsideDistrictsCount
    merged possibleDuplicates
    durationMs
    fileError { severity line code message column }
    issues { severity line recordId column code message value }
    rejectionReasons { column code count }
    withoutLocation { line recordId name }
    updatedRecords { line recordId name fields }
  }
  ... on ErrorResult { errorCode message }
  ... on ValidationError { fields { path code message } }`;

export const IMPORT = `mutation ($format: ImportFormat!, $content: String, $uploadId: ID, $dryRun: Boolean!) {
  importDirectory(format: $format, content: $content, uploadId: $uploadId, dryRun: $dryRun) { ${REPORT} }
}`;

export type Format = "LIEUX_MEDIATION_NUMERIQUE" | "DATA_INCLUSION";

/** Runs the import mutation and returns its result (throws on a GraphQL error). */
export async function importFile(
  t: TestApp,
  cookie: string,
  variables: { format?: Format; content?: string; uploadId?: string; dryRun?: boolean },
): Promise<any> {
  const res = await t.gql(
    IMPORT,
    { format: "LIEUX_MEDIATION_NUMERIQUE", dryRun: false, ...variables },
    { cookie },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.importDirectory;
}

/** POST /imports/uploads; returns the status and the JSON body. */
export async function upload(
  t: TestApp,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.url}/imports/uploads`, { method: "POST", headers, body });
  return { status: res.status, body: await res.json() };
}

export const parseCsv = (text: string): Record<string, string>[] =>
  parse(text, { columns: true, skip_empty_lines: true, bom: true });

interface TableSchemaField {
  name: string;
  type: string;
  constraints?: { required?: boolean; pattern?: string; maxLength?: number };
}

export const lmnSchema: { fields: TableSchemaField[] } = JSON.parse(
  fs.readFileSync(path.join(STANDARDS, "lieux-mediation-numerique.schema.json"), "utf8"),
);

/**
 * What a Table Schema validator reports for one record, written here from the schema alone
 * (not with the importer's code): required values, whole-value patterns, lengths, dates, numbers.
 */
export function tableSchemaErrors(record: Record<string, string>): string[] {
  const errors: string[] = [];
  for (const field of lmnSchema.fields) {
    const value = record[field.name] ?? "";
    const c = field.constraints ?? {};
    if (value === "") {
      if (c.required) errors.push(`${field.name}: required`);
      continue;
    }
    if (c.pattern && !new RegExp(`^(?:${c.pattern})$`, "u").test(value)) {
      errors.push(`${field.name}: "${value}" does not match ${c.pattern}`);
    }
    if (c.maxLength && [...value].length > c.maxLength) errors.push(`${field.name}: too long`);
    if (field.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      errors.push(`${field.name}: not a date`);
    }
    if (field.type === "number" && !Number.isFinite(Number(value))) {
      errors.push(`${field.name}: not a number`);
    }
  }
  return errors;
}
