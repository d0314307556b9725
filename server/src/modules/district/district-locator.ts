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

/** A representative point of a district: the mean of its largest ring's vertices. */
export function districtCentre(geometry: MultiPolygon): { lat: number; lon: number } {
  const ring = geometry.coordinates
    .map((polygon) => polygon[0])
    .sort((a, b) => b.length - a.length)[0];
  const points = ring.slice(0, -1);
  const lon = points.reduce((s, p) => s + p[0], 0) / points.length;
  const lat = points.reduce((s, p) => s + p[1], 0) / points.length;
  return { lat, lon };
}
