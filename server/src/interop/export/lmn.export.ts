import type { DataSource } from "typeorm";
import type { ServiceOffer } from "../../modules/offer/offer.entity";
import { Fee, RecordSource } from "../../modules/vocabulary/vocabulary.enums";
import { LMN_COLUMNS } from "../lmn/lmn.columns";
import { LMN_MATCHERS } from "../lmn/lmn.mapping";
import { typologiesForExport } from "../typologies";
import type { TermMatcher } from "../vocabulary-match";
import { type ExportRecord, exportRecords, updatedOn } from "./export-source";

/** Who collected the data, for structures entered in Maillage. */
export const EXPORT_COLLECTOR = "Maillage";

const quote = (value: string) => (value === "" ? "" : `"${value.replace(/"/g, '""')}"`);
const csvLine = (values: string[]) => `${values.map(quote).join(",")}\n`;

/** Values of several offers as one set, in the order they first appear. */
function union<T>(offers: ServiceOffer[], pick: (o: ServiceOffer) => T[]): T[] {
  return [...new Set(offers.flatMap(pick))];
}

function labels<E extends string>(matcher: TermMatcher<E>, values: E[]): string {
  return values.map((v) => matcher.label(v)).join("|");
}

/**
 * One structure as a row of the national standard, or null when the directory lacks a value the
 * standard requires (commune, code postal, adresse): such a row would not be valid.
 */
export function lmnRow(record: ExportRecord): string[] | null {
  const { structure: s, extras, offers } = record;
  if (!s.city || !s.postalCode || !s.street) return null;
  const m = LMN_MATCHERS;
  const fees = union(offers, (o) => o.fees).filter((f) => f !== Fee.PASS_NUMERIQUE);
  const values: Record<string, string> = {
    id: s.source === RecordSource.LIEUX_MEDIATION_NUMERIQUE && s.sourceRef ? s.sourceRef : s.id,
    pivot: s.pivot,
    nom: s.name,
    commune: s.city,
    code_postal: s.postalCode,
    code_insee: s.inseeCode ?? "",
    adresse: s.street,
    complement_adresse: s.addressComplement ?? "",
    latitude: s.latitude === null ? "" : String(s.latitude),
    longitude: s.longitude === null ? "" : String(s.longitude),
    typologie: typologiesForExport(s.kind, extras?.typologies ?? []).join("|"),
    telephone: s.phone ?? "",
    courriels: s.emails.join("|"),
    site_web: s.websites.join("|"),
    horaires: s.openingHours ?? "",
    presentation_resume: s.summary ?? "",
    presentation_detail: s.description ?? "",
    source: extras?.collectedBy ?? EXPORT_COLLECTOR,
    itinerance: labels(m.itinerance, s.mobility),
    structure_parente: record.parentName ?? extras?.parentName ?? "",
    date_maj: updatedOn(record),
    services: labels(m.services, [...new Set(offers.map((o) => o.category))]),
    publics_specifiquement_adresses: labels(
      m.publics_specifiquement_adresses,
      union(offers, (o) => o.publics),
    ),
    prise_en_charge_specifique: labels(m.prise_en_charge_specifique, s.specificSupports),
    frais_a_charge: labels(m.frais_a_charge, fees as Exclude<Fee, Fee.PASS_NUMERIQUE>[]),
    dispositif_programmes_nationaux: labels(m.dispositif_programmes_nationaux, s.programmes),
    formations_labels: labels(m.formations_labels, s.labels),
    autres_formations_labels: s.otherLabels ?? "",
    modalites_acces: labels(
      m.modalites_acces,
      union(offers, (o) => o.accessModes),
    ),
    modalites_accompagnement: labels(
      m.modalites_accompagnement,
      union(offers, (o) => o.supportModes),
    ),
    fiche_acces_libre: s.accessibilityUrl ?? "",
    prise_rdv: s.appointmentUrl ?? "",
  };
  return LMN_COLUMNS.map((column) => values[column] ?? "");
}

/** The directory as a "lieux de médiation numérique" v1.0.2 CSV (UTF-8, comma, quoted values). */
export async function* lmnCsv(dataSource: DataSource): AsyncGenerator<string> {
  yield csvLine(LMN_COLUMNS);
  for await (const batch of exportRecords(dataSource)) {
    const rows = batch.map(lmnRow).filter((row): row is string[] => row !== null);
    if (rows.length > 0) yield rows.map(csvLine).join("");
  }
}
