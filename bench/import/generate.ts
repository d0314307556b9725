/**
 * A "lieux de médiation numérique" CSV of N rows drawn from a seeded PRNG (the same file on
 * every run): valid SIRETs, Nantes-area coordinates (one row in ten without), a few thousand
 * distinct opening hours, every enumerated column, and about one row in a hundred invalid the
 * way real files are (bad SIRET checksum, unknown value, postal code), so the report has work.
 */
import fs from "node:fs";
import { once } from "node:events";
import { LMN_COLUMNS } from "../../server/src/interop/lmn/lmn.columns";
import {
  accessModeTerms,
  categoryTerms,
  labelTerms,
  mobilityTerms,
  programmeTerms,
  publicTerms,
  specificSupportTerms,
  supportModeTerms,
} from "../../server/src/modules/vocabulary/vocabulary.terms";
import { ACTIVITIES, AUDIENCES, EPONYMS, NEIGHBOURHOODS, OPENING_HOURS } from "../directory/french";
import { prng } from "../directory/generate";

export const IMPORT_GENERATOR_VERSION = "import-1";
const SEED = 0x696d7074; // "impt"

const TYPOLOGIES = [
  ["ASSO"],
  ["BIB"],
  ["CCAS"],
  ["MSAP"],
  ["CS"],
  ["TIERS_LIEUX", "ASSO"],
  ["MUNI"],
  ["EPN"],
  ["PE"],
  ["MJC"],
] as const;
const KIND_WORDS = [
  "Espace numérique",
  "Médiathèque",
  "Centre social",
  "France Services",
  "Tiers-lieu",
  "Association",
  "Point numérique",
  "Maison de quartier",
];
const STREETS = ["rue", "avenue", "boulevard", "place", "allée", "impasse", "quai"];
const DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa"];

function luhnDigit(digits: string): string {
  for (let d = 0; d <= 9; d++) {
    const value = digits + d;
    let sum = 0;
    for (let i = 0; i < value.length; i++) {
      let x = Number(value[value.length - 1 - i]);
      if (i % 2 === 1) {
        x *= 2;
        if (x > 9) x -= 9;
      }
      sum += x;
    }
    if (sum % 10 === 0) return String(d);
  }
  throw new Error("unreachable");
}

const quote = (value: string) => (value === "" ? "" : `"${value.replace(/"/g, '""')}"`);

/** Writes `rows` data rows to `path`; resolves with the file's size in bytes. */
export async function generateLmnCsv(path: string, rows: number): Promise<number> {
  const r = prng(SEED);
  const some = <T>(list: readonly T[], max: number): T[] => {
    const count = r.int(0, max);
    const chosen = new Set<T>();
    for (let i = 0; i < count; i++) chosen.add(r.pick(list));
    return [...chosen];
  };
  const labels = (terms: Record<string, { fr: string }>, max: number) =>
    some(
      Object.values(terms).map((t) => t.fr),
      max,
    ).join("|");
  const hours = () => {
    if (r.chance(0.4)) return r.weighted(OPENING_HOURS);
    const from = r.int(0, 3);
    const to = r.int(from + 1, 5);
    const open = `${String(r.int(8, 10)).padStart(2, "0")}:${r.pick(["00", "30"])}`;
    const close = `${r.int(16, 19)}:${r.pick(["00", "30"])}`;
    const morning = r.chance(0.5)
      ? `,${String(r.int(8, 9)).padStart(2, "0")}:00-12:${r.pick(["00", "30"])}`
      : "";
    const main = morning ? `13:${r.pick(["30", "45"])}-${close}${morning}` : `${open}-${close}`;
    return `${DAYS[from]}-${DAYS[to]} ${main}${r.chance(0.3) ? `; Sa ${open}-12:00` : ""}`;
  };

  const out = fs.createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, "drain");
  };
  await write(`${LMN_COLUMNS.map(quote).join(",")}\n`);
  for (let i = 1; i <= rows; i++) {
    const base = `${r.int(100_000_000, 999_999_999)}${String(r.int(0, 9999)).padStart(4, "0")}`;
    let siret = base + luhnDigit(base);
    const broken = r.chance(0.01) ? r.int(1, 3) : 0;
    if (broken === 1) siret = `${base}${(Number(luhnDigit(base)) + 1) % 10}`;
    const located = r.chance(0.9);
    const name = `${r.pick(KIND_WORDS)} ${r.pick(EPONYMS)} ${i}`;
    const summary = `${r.pick(ACTIVITIES)} pour ${r.pick(AUDIENCES)}.`;
    const values: Record<string, string> = {
      id: `lieu-${String(i).padStart(6, "0")}`,
      pivot: siret,
      nom: name,
      commune: "Nantes",
      code_postal: broken === 2 ? "4400" : r.pick(["44000", "44100", "44200", "44300"]),
      code_insee: "44109",
      adresse: `${r.int(1, 250)} ${r.pick(STREETS)} ${r.pick(EPONYMS)}`,
      complement_adresse: r.chance(0.2) ? `Quartier ${r.pick(NEIGHBOURHOODS)}` : "",
      latitude: located ? (47.18 + r.int(0, 900) / 10_000).toFixed(5) : "",
      longitude: located ? (-1.62 + r.int(0, 1400) / 10_000).toFixed(5) : "",
      typologie: r.pick(TYPOLOGIES).join("|"),
      telephone: `+332${r.int(40_000_000, 99_999_999)}`,
      courriels: `contact${i}@exemple-mediation.fr`,
      site_web: r.chance(0.6) ? `https://www.exemple-mediation.fr/lieux/${i}` : "",
      horaires: hours(),
      presentation_resume: summary,
      presentation_detail: r.chance(0.5)
        ? `${summary} ${r.pick(ACTIVITIES)}, ${r.pick(ACTIVITIES)}.`
        : "",
      source: r.pick(["Hubik", "Conseiller numérique", "Coop numérique", ""]),
      itinerance: r.chance(0.05) ? labels(mobilityTerms, 2) : "",
      structure_parente: "",
      date_maj: `2024-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`,
      services: [
        ...new Set([
          r.pick(Object.values(categoryTerms)).fr,
          ...some(
            Object.values(categoryTerms).map((t) => t.fr),
            3,
          ),
        ]),
      ].join("|"),
      publics_specifiquement_adresses: labels(publicTerms, 2),
      prise_en_charge_specifique: labels(specificSupportTerms, 2),
      frais_a_charge:
        broken === 3
          ? "Gratos"
          : r.pick(["Gratuit", "Gratuit sous condition", "Payant", "Gratuit|Payant"]),
      dispositif_programmes_nationaux: labels(programmeTerms, 2),
      formations_labels: labels(labelTerms, 1),
      autres_formations_labels: "",
      modalites_acces: labels(accessModeTerms, 3),
      modalites_accompagnement: labels(supportModeTerms, 3),
      fiche_acces_libre: "",
      prise_rdv: r.chance(0.2) ? "https://www.rdv-solidarites.fr/" : "",
    };
    await write(`${LMN_COLUMNS.map((c) => quote(values[c] ?? "")).join(",")}\n`);
  }
  out.end();
  await once(out, "finish");
  return fs.statSync(path).size;
}
