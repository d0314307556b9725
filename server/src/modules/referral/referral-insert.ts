import type { EntityManager } from "typeorm";
import { hydrate, selectColumns } from "../../db/hydrate";
import { StatementParams, type StatementPart } from "../../db/statement-params";
import { Referral } from "./referral.entity";

/**
 * Inserts a new referral (its id chosen by the caller) together with the writes that go with it,
 * its audit entry and, when the request has one, its idempotency key: one statement instead of
 * three round trips in the transaction. Columns left undefined take their defaults. Returns the
 * row as stored, and how many rows the key's insert returned (see IdempotencyClaim.check).
 */
export async function insertReferral(
  em: EntityManager,
  values: Partial<Referral> & Pick<Referral, "id">,
  alongside: { audit: StatementPart; idempotencyKey?: StatementPart },
): Promise<{ referral: Referral; keyRows: number }> {
  const p = new StatementParams();
  const columns = em.connection
    .getMetadata(Referral)
    .columns.filter((c) => values[c.propertyName as keyof Referral] !== undefined);
  const names = columns.map((c) => `"${c.databaseName}"`).join(", ");
  const placeholders = columns
    .map((c) => p.add(values[c.propertyName as keyof Referral]))
    .join(", ");
  const key = alongside.idempotencyKey?.(p);
  const rows = (await em.query(
    `WITH created AS (
       INSERT INTO referral (${names}) VALUES (${placeholders})
       RETURNING ${selectColumns(em.connection, Referral)}),
     audited AS (${alongside.audit(p)})${key ? `,\n     claimed AS (${key})` : ""}
     SELECT created.*${key ? ", (SELECT count(*)::int FROM claimed) AS key_rows" : ""}
       FROM created`,
    p.values,
  )) as Record<string, unknown>[];
  const [referral] = hydrate(em.connection, Referral, rows);
  return { referral, keyRows: key ? (rows[0].key_rows as number) : 0 };
}
