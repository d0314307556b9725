import schema from "../standards/lieux-mediation-numerique.schema.json";

/**
 * The columns of the national standard "lieux de médiation numérique", read from its Table Schema
 * (v1.0.2) so that the required flags, patterns and lengths checked are the standard's own.
 */
export interface LmnField {
  name: string;
  required: boolean;
  type: string;
  pattern: RegExp | null;
  maxLength: number | null;
}

interface TableSchemaField {
  name: string;
  type: string;
  constraints?: { required?: boolean; pattern?: string; maxLength?: number };
}

export const LMN_SCHEMA_VERSION = schema.version;

export const LMN_FIELDS: LmnField[] = (schema.fields as TableSchemaField[]).map((f) => ({
  name: f.name,
  required: f.constraints?.required === true,
  type: f.type,
  // Table Schema patterns match the whole value.
  pattern: f.constraints?.pattern ? new RegExp(`^(?:${f.constraints.pattern})$`, "u") : null,
  maxLength: f.constraints?.maxLength ?? null,
}));

export const LMN_COLUMNS: string[] = LMN_FIELDS.map((f) => f.name);
export const LMN_REQUIRED: string[] = LMN_FIELDS.filter((f) => f.required).map((f) => f.name);
export const LMN_FIELD = new Map(LMN_FIELDS.map((f) => [f.name, f]));
