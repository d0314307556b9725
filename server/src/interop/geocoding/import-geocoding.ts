import type { EntityManager } from "typeorm";
import type { StructureCandidate } from "../candidate";
import type { ReportBuilder } from "../import-report";
import type { AddressLocator } from "./address-locator";
import { type AddressQuery, addressKey, addressQuery } from "./geocoder";

const score = (value: number) => value.toLocaleString("fr-FR", { maximumFractionDigits: 2 });

/**
 * The import's geocoding step, a batch of records at a time before they are written: a record
 * with an address and empty coordinates is located (cache, then geocoder); below the minimum
 * score, not found, or with the geocoder down, it is imported without coordinates and flagged
 * "to check". Once the geocoder has failed, the rest of the import reads the cache only.
 * Coordinates given by the file clear the flag; a structure already located at the same
 * address keeps its location.
 */
export class ImportGeocoding {
  private unavailable = false;

  constructor(
    private readonly locator: AddressLocator | null,
    private readonly report: ReportBuilder,
    /** The import's source (`structure.source`), to find what the directory already knows. */
    private readonly source: string,
  ) {}

  /**
   * Records already in the directory, located (not "to check"), at the same address: their
   * location is kept rather than asked again (or erased).
   */
  private async alreadyLocated(
    em: EntityManager,
    pending: { candidate: StructureCandidate; query: AddressQuery }[],
  ): Promise<Set<StructureCandidate>> {
    const rows: {
      source_ref: string;
      street: string | null;
      postal_code: string | null;
      city: string | null;
    }[] = await em.query(
      `SELECT source_ref, street, postal_code, city FROM structure
          WHERE source = $1 AND source_ref = ANY($2::text[])
            AND latitude IS NOT NULL AND NOT location_to_check`,
      [this.source, pending.map((p) => p.candidate.recordId)],
    );
    const known = new Map<string, string>();
    for (const r of rows) {
      const query = addressQuery({ street: r.street, postalCode: r.postal_code, city: r.city });
      if (query) known.set(r.source_ref, addressKey(query));
    }
    return new Set(
      pending
        .filter((p) => known.get(p.candidate.recordId) === addressKey(p.query))
        .map((p) => p.candidate),
    );
  }

  /** The batch before, geocoded first: batches are geocoded one at a time, in file order. */
  private previous: Promise<void> = Promise.resolve();

  /** Locates a batch once the previous one is done (they may overlap the writing of others). */
  locate(em: EntityManager, batch: StructureCandidate[]): Promise<void> {
    const next = this.previous.then(() => this.locateBatch(em, batch));
    this.previous = next.catch(() => undefined); // the caller awaits `next` and sees its error
    return next;
  }

  private async locateBatch(em: EntityManager, batch: StructureCandidate[]): Promise<void> {
    const pending: { candidate: StructureCandidate; query: AddressQuery }[] = [];
    for (const candidate of batch) {
      const { values } = candidate;
      if (values.latitude !== undefined && values.latitude !== null) {
        Object.assign(values, {
          locationToCheck: false,
          geocodeScore: null,
          geocodeLabel: null,
          geocodeCitycode: null,
        });
        continue;
      }
      const query = values.latitude === null ? addressQuery(values) : null;
      if (query && this.locator) pending.push({ candidate, query });
    }
    if (pending.length === 0 || !this.locator) return;
    const kept = await this.alreadyLocated(em, pending);
    for (const c of kept) {
      delete c.values.latitude;
      delete c.values.longitude;
    }
    const asked = pending.filter((p) => !kept.has(p.candidate));
    if (asked.length === 0) return;

    const { answers, error } = await this.locator.locateMany(
      em,
      asked.map((p) => p.query),
      !this.unavailable,
    );
    if (error) {
      this.unavailable = true;
      this.report.warn({
        code: "GEOCODER_UNAVAILABLE",
        message:
          "Le service de géocodage ne répond pas : les lieux sans coordonnées qu'il n'a pas localisés " +
          "sont importés sans coordonnées et marqués « à vérifier ». Relancez l'import plus tard pour les localiser.",
      });
    }
    for (const { candidate: c, query } of asked) {
      const key = addressKey(query);
      const answer = answers.get(key);
      if (answer && this.locator.isSure(answer)) {
        Object.assign(c.values, {
          latitude: answer.lat,
          longitude: answer.lon,
          locationToCheck: false,
          geocodeScore: answer.score,
          geocodeLabel: answer.label,
          geocodeCitycode: answer.citycode,
        });
        this.report.report.geocoded++;
        continue;
      }
      Object.assign(c.values, {
        locationToCheck: true,
        geocodeScore: answer?.score ?? null,
        geocodeLabel: answer?.label ?? null,
        geocodeCitycode: answer?.citycode ?? null,
      });
      this.report.report.toCheck++;
      if (answer === undefined) continue; // the geocoder's failure is reported once, above
      this.report.warn({
        line: c.line,
        recordId: c.recordId,
        column: "adresse",
        code: answer ? "GEOCODE_LOW_SCORE" : "GEOCODE_NOT_FOUND",
        message: answer
          ? `Adresse localisée avec peu de certitude (score ${score(answer.score)}, « ${answer.label} ») : ` +
            "importée sans coordonnées, à vérifier."
          : "Adresse introuvable dans la base adresse nationale : importée sans coordonnées, à vérifier.",
        value: query.street,
      });
    }
  }
}
