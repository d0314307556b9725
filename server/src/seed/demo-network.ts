import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { EntityManager } from "typeorm";
import { importInTransaction } from "../interop/importer";
import { ImportFormat } from "../interop/interop.enums";
import { ServiceOffer } from "../modules/offer/offer.entity";
import {
  AccessMode,
  Fee,
  Public,
  RecordSource,
  ServiceCategory,
  SupportMode,
} from "../modules/vocabulary/vocabulary.enums";

/*
 * The demo network: a realistic but fictitious network of digital-inclusion actors in Nantes.
 * Names of public venues are real venue types; identifiers (SIRET/RNA), phone numbers
 * (+33 2 40 00 0x xx) and e-mail addresses (example.org) are invented.
 *
 * - `demo-network.csv`: the structures, in the national standard "lieux de médiation numérique"
 *   v1.0.2, loaded by the directory's own importer (a structure's parent is named in
 *   `structure_parente`);
 * - `demo-offers.csv`: their offers in detail (title, description, vocabulary codes, capacity),
 *   which the standard's `services` column cannot hold. A structure with an offer paid by Pass
 *   numérique tickets accepts them (the standard has no column for it).
 */

/**
 * Both files stay in the sources, `server/src/seed/`: found from wherever this module was compiled
 * to (`server/dist/seed`, the benchmarks' `bench/dist/server/src/seed`) by walking up to the
 * folder that holds `server/src/seed`.
 */
function file(name: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "server/src/seed", name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "../../src/seed", name);
  }
}
export const DEMO_NETWORK_CSV = file("demo-network.csv");
export const DEMO_OFFERS_CSV = file("demo-offers.csv");

interface OfferRow {
  structure_id: string;
  title: string;
  description: string;
  category: string;
  publics: string;
  support_modes: string;
  access_modes: string;
  fees: string;
  capacity_per_week: string;
}

function codes<E extends string>(
  values: Record<string, E>,
  cell: string,
  column: string,
  line: number,
): E[] {
  const allowed = new Set<string>(Object.values(values));
  const list = cell.split("|").filter(Boolean);
  for (const value of list) {
    if (!allowed.has(value))
      throw new Error(`demo-offers.csv line ${line}: unknown ${column} ${value}`);
  }
  return list as E[];
}

/** The demo offers, by structure key, in file order. */
export function readDemoOffers(): Map<string, Partial<ServiceOffer>[]> {
  const rows: OfferRow[] = parse(fs.readFileSync(DEMO_OFFERS_CSV), { columns: true, bom: true });
  const byKey = new Map<string, Partial<ServiceOffer>[]>();
  rows.forEach((row, i) => {
    const line = i + 2;
    const offer: Partial<ServiceOffer> = {
      title: row.title,
      description: row.description || null,
      category: codes(ServiceCategory, row.category, "category", line)[0],
      publics: codes(Public, row.publics, "publics", line),
      supportModes: codes(SupportMode, row.support_modes, "support_modes", line),
      accessModes: codes(AccessMode, row.access_modes, "access_modes", line),
      fees: codes(Fee, row.fees, "fees", line),
      capacityPerWeek: row.capacity_per_week ? Number(row.capacity_per_week) : null,
    };
    const list = byKey.get(row.structure_id) ?? [];
    list.push(offer);
    byKey.set(row.structure_id, list);
  });
  return byKey;
}

/** Creates the demo structures and their offers that do not exist yet (by demo key). */
export async function seedDemoNetwork(
  em: EntityManager,
): Promise<{ structures: number; offers: number }> {
  const before: { source_ref: string }[] = await em.query(
    `SELECT source_ref FROM structure WHERE source = $1 AND source_ref IS NOT NULL`,
    [RecordSource.DEMO],
  );
  const report = await importInTransaction(
    em,
    [{ name: path.basename(DEMO_NETWORK_CSV), stream: fs.createReadStream(DEMO_NETWORK_CSV) }],
    {
      format: ImportFormat.LIEUX_MEDIATION_NUMERIQUE,
      actor: { type: "system", id: null },
      seed: true,
    },
  );
  if (report.rejected > 0) {
    const issue = report.issues.find((i) => i.severity === "ERROR");
    throw new Error(
      `demo-network.csv: ${report.rejected} row(s) rejected, e.g. line ${issue?.line} ${issue?.column}: ${issue?.message}`,
    );
  }
  if (report.created === 0) return { structures: 0, offers: 0 };

  const known = new Set(before.map((r) => r.source_ref));
  const created: { id: string; key: string; parent_name: string | null }[] = await em.query(
    `SELECT s.id, s.source_ref AS key, i.parent_name
       FROM structure s LEFT JOIN structure_interop i ON i.structure_id = s.id
      WHERE s.source = $1 AND NOT (s.source_ref = ANY($2))`,
    [RecordSource.DEMO, [...known]],
  );
  // Parents are named in the standard's `structure_parente` (demo names are unique).
  await em.query(
    `UPDATE structure c SET parent_id = p.id
       FROM jsonb_to_recordset($1::jsonb) AS n(id uuid, parent_name text), structure p
      WHERE c.id = n.id AND p.source = $2 AND p.name = n.parent_name`,
    [JSON.stringify(created.filter((c) => c.parent_name)), RecordSource.DEMO],
  );

  const offersByKey = readDemoOffers();
  const offers = created.flatMap(({ id, key }) =>
    (offersByKey.get(key) ?? []).map((o, i) =>
      em
        .getRepository(ServiceOffer)
        .create({ ...o, structureId: id, sourceRef: `${key}#${i + 1}` }),
    ),
  );
  await em.getRepository(ServiceOffer).save(offers, { chunk: 100 });
  const pass = created
    .filter(({ key }) => offersByKey.get(key)?.some((o) => o.fees!.includes(Fee.PASS_NUMERIQUE)))
    .map((c) => c.id);
  if (pass.length > 0) {
    await em.query(`UPDATE structure SET pass_numerique = true WHERE id = ANY($1::uuid[])`, [pass]);
  }
  return { structures: report.created, offers: offers.length };
}
