import { registerEnumType } from "type-graphql";
import { RecordSource } from "../modules/vocabulary/vocabulary.enums";

/** The exchange formats Maillage reads and writes. */
export enum ImportFormat {
  /** The national standard "lieux de médiation numérique" v1.0.2 (CSV). */
  LIEUX_MEDIATION_NUMERIQUE = "LIEUX_MEDIATION_NUMERIQUE",
  /** data·inclusion v1 structures and services (JSON). */
  DATA_INCLUSION = "DATA_INCLUSION",
}

export enum ImportIssueSeverity {
  /** The record was rejected. */
  ERROR = "ERROR",
  /** The record was imported, or skipped, as the message says. */
  WARNING = "WARNING",
}

registerEnumType(ImportFormat, { name: "ImportFormat" });
registerEnumType(ImportIssueSeverity, { name: "ImportIssueSeverity" });

/** The `structure.source` of records imported in each format. */
export const SOURCE_OF: Record<ImportFormat, RecordSource> = {
  LIEUX_MEDIATION_NUMERIQUE: RecordSource.LIEUX_MEDIATION_NUMERIQUE,
  DATA_INCLUSION: RecordSource.DATA_INCLUSION,
};
