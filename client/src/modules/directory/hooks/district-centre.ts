/** A district's reference point: the mean of its largest ring's vertices (as the server does). */
export function districtCentre(
  geometry: Record<string, unknown>,
): { lat: number; lon: number } | null {
  const type = geometry.type;
  const coordinates = geometry.coordinates as unknown;
  const polygons: number[][][][] =
    type === "MultiPolygon"
      ? (coordinates as number[][][][])
      : type === "Polygon"
        ? [coordinates as number[][][]]
        : [];
  let ring: number[][] = [];
  for (const polygon of polygons)
    if (polygon[0] && polygon[0].length > ring.length) ring = polygon[0];
  if (ring.length === 0) return null;
  const sum = ring.reduce((acc, [lon, lat]) => [acc[0] + lon, acc[1] + lat], [0, 0]);
  return { lon: sum[0] / ring.length, lat: sum[1] / ring.length };
}
