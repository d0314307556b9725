import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { MultiPolygon } from "./district.entity";

export interface Locatable {
  code: string;
  geometry: MultiPolygon;
}

/** Finds the district containing a point (point-in-polygon on the districts' GeoJSON). */
export function locateDistrict(
  districts: readonly Locatable[],
  lat: number,
  lon: number,
): string | null {
  const point: [number, number] = [lon, lat];
  return districts.find((d) => booleanPointInPolygon(point, d.geometry))?.code ?? null;
}
