import fs from "node:fs";
import { parse } from "csv-parse/sync";

/**
 * A data·inclusion structures file drawn from the benchmark's national CSV, for the merging
 * path: `count` structures from rows with coordinates, one in two the same place under another
 * wording of its name (upper case, a few metres away: found by name and address, merged), the
 * others a new place 1 km away (compared, then created). Another SIRET than the CSV's, so that
 * no record is found by its SIRET.
 */
export function generateDiFromLmn(csvFile: string, target: string, count: number): number {
  const rows: Record<string, string>[] = parse(fs.readFileSync(csvFile), { columns: true });
  const structures: Record<string, unknown>[] = [];
  for (const [i, r] of rows.entries()) {
    if (structures.length >= count) break;
    if (!r.latitude || !/^\d{5}$/.test(r.code_postal)) continue;
    const same = structures.length % 2 === 0;
    structures.push({
      id: `bench-di-${i}`,
      source: "bench",
      nom: same ? r.nom.toUpperCase() : `Permanence numérique ${i}`,
      siret: "88456789000014",
      adresse: r.adresse,
      code_postal: r.code_postal,
      commune: r.commune,
      latitude: Number(r.latitude) + (same ? 0.0001 : 0.01),
      longitude: Number(r.longitude),
      date_maj: "2025-02-14",
    });
  }
  fs.writeFileSync(target, JSON.stringify(structures));
  return structures.length;
}
