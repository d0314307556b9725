import { fullFormats } from "ajv-formats/dist/formats";
import type { DataSource } from "typeorm";
import type { ServiceOffer } from "../../modules/offer/offer.entity";
import { Fee, RecordSource } from "../../modules/vocabulary/vocabulary.enums";
import {
  categoryTerms,
  categoryThematiques,
  feeTerms,
  structureKindTerms,
} from "../../modules/vocabulary/vocabulary.terms";
import {
  accessModesToDi,
  feesToDi,
  modesAccueilToDi,
  publicsToDi,
  typeToDi,
} from "../data-inclusion/di.vocabulary";
import { networksOf } from "../typologies";
import { type ExportRecord, exportRecords, parisDay, updatedOn } from "./export-source";

/** The producer named in records that Maillage itself holds. */
export const DI_SOURCE = "maillage";

const EMAIL = fullFormats.email as RegExp;
const isUri = fullFormats.uri as (value: string) => boolean;

/** A web address as data·inclusion's `uri` format wants it (percent-encoded), or null. */
function uri(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const href = new URL(value).href;
    return href.length <= 2083 && isUri(href) ? href : null;
  } catch {
    return null;
  }
}

const length = (text: string) => [...text].length;
const clip = (text: string, max: number) =>
  length(text) <= max ? text : `${[...text].slice(0, max - 1).join("")}…`;

/** A name of 3 to 150 characters, as data·inclusion requires. */
function diName(name: string, fallback: string): string {
  const clipped = clip(name.trim(), 150);
  return length(clipped) >= 3 ? clipped : clip(`${clipped} – ${fallback}`, 150);
}

function diText(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim();
  return length(t) >= 5 ? clip(t, 10_000) : null;
}

const fromDataInclusion = (r: ExportRecord) =>
  r.structure.source === RecordSource.DATA_INCLUSION && r.structure.sourceRef !== null;

const structureId = (r: ExportRecord) =>
  fromDataInclusion(r) ? r.structure.sourceRef! : r.structure.id;
const producer = (r: ExportRecord) =>
  fromDataInclusion(r) ? (r.extras?.collectedBy ?? DI_SOURCE) : DI_SOURCE;

/** Where a structure and its services are. */
function place(r: ExportRecord) {
  const s = r.structure;
  return {
    adresse: s.street,
    complement_adresse: s.addressComplement,
    code_postal: s.postalCode,
    commune: s.city,
    code_insee: s.inseeCode,
    latitude: s.latitude,
    longitude: s.longitude,
    telephone: s.phone,
    courriel: s.emails.find((e) => EMAIL.test(e)) ?? null,
  };
}

/** One structure as a data·inclusion v1 structure. */
export function diStructure(r: ExportRecord): Record<string, unknown> {
  const s = r.structure;
  const networks = networksOf(s.kind, s.programmes, s.labels);
  return {
    id: structureId(r),
    source: producer(r),
    nom: diName(s.name, structureKindTerms[s.kind].fr),
    siret: /^\d{14}$/.test(s.pivot) ? s.pivot : null,
    ...place(r),
    site_web: s.websites.map(uri).find(Boolean) ?? null,
    description: diText(s.description) ?? diText(s.summary),
    horaires_accueil: s.openingHours,
    accessibilite_lieu: uri(s.accessibilityUrl),
    lien_source: null,
    reseaux_porteurs: networks.length > 0 ? networks : null,
    date_maj: updatedOn(r),
  };
}

function feePrecisions(fees: Fee[]): string | null {
  const precise = fees.filter((f) => f === Fee.FREE_UNDER_CONDITION || f === Fee.PASS_NUMERIQUE);
  return precise.length > 0 ? fees.map((f) => feeTerms[f].fr).join(", ") : null;
}

/** One offer as a data·inclusion v1 service of its structure. */
export function diService(r: ExportRecord, offer: ServiceOffer): Record<string, unknown> {
  const category = categoryTerms[offer.category].fr;
  const title = diName(offer.title, category);
  return {
    id: fromDataInclusion(r) && offer.sourceRef ? offer.sourceRef : offer.id,
    structure_id: structureId(r),
    source: producer(r),
    nom: title,
    description: diText(offer.description) ?? `${category}, à ${r.structure.name}.`,
    type: typeToDi(offer.supportModes),
    thematiques: categoryThematiques[offer.category],
    frais: feesToDi(offer.fees),
    frais_precisions: feePrecisions(offer.fees),
    publics: publicsToDi(offer.publics),
    publics_precisions: null,
    conditions_acces: null,
    ...place(r),
    contact_nom_prenom: null,
    horaires_accueil: null,
    modes_accueil: modesAccueilToDi(offer.supportModes),
    modes_mobilisation: accessModesToDi(offer.accessModes),
    mobilisable_par: null,
    mobilisation_precisions: null,
    lien_mobilisation: uri(r.structure.appointmentUrl),
    lien_source: null,
    nombre_semaines: null,
    volume_horaire_hebdomadaire: null,
    zone_eligibilite: null,
    date_maj: parisDay(offer.updatedAt),
  };
}

/** A JSON array streamed one batch of elements at a time. */
export async function* diJson(
  dataSource: DataSource,
  what: "structures" | "services",
): AsyncGenerator<string> {
  let first = true;
  yield "[";
  for await (const batch of exportRecords(dataSource)) {
    const items =
      what === "structures"
        ? batch.map(diStructure)
        : batch.flatMap((r) => r.offers.map((o) => diService(r, o)));
    if (items.length === 0) continue;
    yield `${first ? "\n" : ",\n"}${items.map((item) => JSON.stringify(item)).join(",\n")}`;
    first = false;
  }
  yield first ? "]\n" : "\n]\n";
}
