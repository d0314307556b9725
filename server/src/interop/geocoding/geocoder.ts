/*
 * Geocoding: from a postal address to a point, with how sure the geocoder is of it. The
 * importer and the structure form depend on this interface only; ban-geocoder.ts speaks HTTP.
 */

/** An address to locate: a street line, and the commune by its postal code and/or name. */
export interface AddressQuery {
  street: string;
  postalCode: string | null;
  city: string | null;
}

/** The geocoder's best match for an address. */
export interface GeocodeMatch {
  lat: number;
  lon: number;
  /** The BAN's `score`, from 0 to 1. */
  score: number;
  /** The address found, as the BAN writes it (`result_label`). */
  label: string;
  /** INSEE code of the commune found (`result_citycode`). */
  citycode: string | null;
}

/** A match, or null when the geocoder knows no such address. */
export type GeocodeAnswer = GeocodeMatch | null;

export interface Geocoder {
  /** One address (the structure form). Throws `GeocoderUnavailableError`. */
  search(query: AddressQuery): Promise<GeocodeAnswer>;
  /**
   * Many addresses (imports), answered in the same order; `undefined` for an address the
   * geocoder could not process (asked again next time). Throws `GeocoderUnavailableError`.
   */
  searchMany(queries: AddressQuery[]): Promise<(GeocodeAnswer | undefined)[]>;
}

/** The geocoder could not be reached or kept failing after its retries. */
export class GeocoderUnavailableError extends Error {
  override name = "GeocoderUnavailableError";
}

// Abbreviations files use for street kinds; the BAN writes them in full.
const ABBREVIATIONS: Record<string, string> = {
  av: "avenue",
  ave: "avenue",
  bd: "boulevard",
  bld: "boulevard",
  bvd: "boulevard",
  pl: "place",
  imp: "impasse",
  rte: "route",
  chem: "chemin",
  sq: "square",
  st: "saint",
  ste: "sainte",
};

/** Lower case, without accents, punctuation or repeated spaces, common abbreviations spelt out. */
export function normaliseText(text: string | null): string {
  return (text ?? "")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join(" ");
}

/**
 * The key of an address in the cache: two spellings of one address (case, accents, "bd" for
 * "boulevard", punctuation) share it.
 */
export function addressKey(query: AddressQuery): string {
  return [query.street, query.postalCode, query.city].map(normaliseText).join("|");
}

/** The address as one line of text, for `/search/?q=`. */
export function addressText(query: AddressQuery): string {
  return [query.street, query.postalCode, query.city]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
}

/** The query for a structure's address, or null when it cannot be located (no street, no commune). */
export function addressQuery(address: {
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
}): AddressQuery | null {
  const street = address.street?.trim();
  const postalCode = address.postalCode?.trim() || null;
  const city = address.city?.trim() || null;
  if (!street || (!postalCode && !city)) return null;
  return { street, postalCode, city };
}
