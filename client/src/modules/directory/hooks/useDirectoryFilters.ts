import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { DirectoryFilter, DirectoryOrder, Public, ServiceCategory } from "@/gql/graphql";

/** Where "near" points: the person's position, or a district (the resident's address). */
export type NearOrigin =
  { kind: "point"; lat: number; lon: number } | { kind: "district"; code: string };

/** The directory's filters, exactly as the URL holds them (shareable, back-button friendly). */
export interface DirectoryFilters {
  need: ServiceCategory | null;
  district: string | null;
  publics: Public[];
  free: boolean;
  passNumerique: boolean;
  openNow: boolean;
  text: string;
  near: NearOrigin | null;
  radiusMeters: number;
  /** The structure selected in the list or on the map. */
  selected: string | null;
}

export const RADII = [1000, 2000, 5000, 10000] as const;
const DEFAULT_RADIUS = 2000;

export function parseFilters(params: URLSearchParams): DirectoryFilters {
  const nearRaw = params.get("near");
  let near: NearOrigin | null = null;
  if (nearRaw?.startsWith("district:")) near = { kind: "district", code: nearRaw.slice(9) };
  else if (nearRaw) {
    const [lat, lon] = nearRaw.split(",").map(Number);
    if (Number.isFinite(lat) && Number.isFinite(lon)) near = { kind: "point", lat, lon };
  }
  const radius = Number(params.get("radius"));
  return {
    need: (params.get("need") as ServiceCategory | null) || null,
    district: params.get("district") || null,
    publics: params.getAll("public") as Public[],
    free: params.get("free") === "1",
    passNumerique: params.get("pass") === "1",
    openNow: params.get("open") === "1",
    text: params.get("q") ?? "",
    near,
    radiusMeters: (RADII as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS,
    selected: params.get("s") || null,
  };
}

export function serialiseFilters(f: DirectoryFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.need) p.set("need", f.need);
  if (f.district) p.set("district", f.district);
  for (const pub of f.publics) p.append("public", pub);
  if (f.free) p.set("free", "1");
  if (f.passNumerique) p.set("pass", "1");
  if (f.openNow) p.set("open", "1");
  if (f.text.trim()) p.set("q", f.text.trim());
  if (f.near) {
    p.set(
      "near",
      f.near.kind === "district"
        ? `district:${f.near.code}`
        : `${f.near.lat.toFixed(4)},${f.near.lon.toFixed(4)}`,
    );
    if (f.radiusMeters !== DEFAULT_RADIUS) p.set("radius", String(f.radiusMeters));
  }
  if (f.selected) p.set("s", f.selected);
  return p;
}

/** How many filters narrow the search (the selection is not one). */
export function activeFilterCount(f: DirectoryFilters): number {
  return [
    f.need,
    f.district,
    f.publics.length,
    f.free,
    f.passNumerique,
    f.openNow,
    f.text,
    f.near,
  ].filter(Boolean).length;
}

/** The API's filter and order; `point` is the resolved origin of `near` (null while unknown). */
export function toDirectoryQuery(
  f: DirectoryFilters,
  point: { lat: number; lon: number } | null,
): { filter: DirectoryFilter; orderBy: DirectoryOrder } {
  const fees = [
    ...(f.free ? (["FREE"] as const) : []),
    ...(f.passNumerique ? (["PASS_NUMERIQUE"] as const) : []),
  ];
  const filter: DirectoryFilter = {
    categories: f.need ? [f.need] : null,
    districtCodes: f.district ? [f.district] : null,
    publics: f.publics.length ? f.publics : null,
    fees: fees.length ? fees : null,
    openNow: f.openNow || null,
    text: f.text.trim() || null,
    near: point ? { lat: point.lat, lon: point.lon, radiusMeters: f.radiusMeters } : null,
  };
  const orderBy: DirectoryOrder = point ? "DISTANCE" : filter.text ? "RELEVANCE" : "NAME";
  return { filter, orderBy };
}

export function useDirectoryFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);

  const update = useCallback(
    (change: Partial<DirectoryFilters>) => {
      setParams((current) => serialiseFilters({ ...parseFilters(current), ...change }), {
        replace: true,
      });
    },
    [setParams],
  );

  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);

  return { filters, update, clear };
}
