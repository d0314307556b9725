import "leaflet/dist/leaflet.css";
import type { Feature, GeoJsonObject } from "geojson";
import L, { type PathOptions } from "leaflet";
import { useEffect, useMemo } from "react";
import { GeoJSON, MapContainer, Marker, Popup, TileLayer, useMap } from "react-leaflet";
import MarkerClusterGroup from "react-leaflet-cluster";
import { Link } from "react-router";
import { useQuery } from "@apollo/client/react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { MAP_TILE_ATTRIBUTION, MAP_TILE_URL } from "@/app/map-config";
import { type DirectoryStructureFragment, DistrictShapesDocument } from "@/gql/graphql";
import { clusterIcon, structureIcon } from "./map-icons";

const NANTES: [number, number] = [47.2184, -1.5536];
const TILE_URL = MAP_TILE_URL;
const TILE_ATTRIBUTION = MAP_TILE_ATTRIBUTION;

function districtStyle(feature?: Feature): PathOptions {
  const priority = Boolean(feature?.properties?.priority);
  return {
    color: priority ? "#8a3b00" : "#3d4a63",
    weight: priority ? 2.5 : 1.5,
    dashArray: priority ? undefined : "4 3",
    fillColor: priority ? "#f4c9a8" : "#dfe6f2",
    fillOpacity: TILE_URL ? 0.15 : 0.55,
  };
}

/** Frames the listed structures whenever the results change (not when one is selected). */
function FitResults({ points }: { points: [number, number][] }) {
  const map = useMap();
  const key = points.map((p) => p.join(",")).join(";");
  useEffect(() => {
    if (points.length === 0) return;
    map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 13, animate: false });
  }, [map, key]); // the key says when the points changed
  return null;
}

/** Follows the selection: the selected structure comes to the centre. */
function FollowSelection({ point }: { point: [number, number] | null }) {
  const map = useMap();
  useEffect(() => {
    if (point) map.setView(point, Math.max(map.getZoom(), 15), { animate: false });
  }, [map, point]);
  return null;
}

/**
 * The districts (from the API) on a plain background — or on tiles when MAP_TILE_URL was set at
 * build time — and the listed structures as markers, clustered when dense.
 */
export default function DirectoryMap(props: {
  structures: DirectoryStructureFragment[];
  selected: string | null;
  onSelect(id: string): void;
}) {
  const { t } = useI18n();
  const shapes = useQuery(DistrictShapesDocument);

  const districts = useMemo<GeoJsonObject | null>(() => {
    if (!shapes.data) return null;
    return {
      type: "FeatureCollection",
      features: shapes.data.districts.map((d) => ({
        type: "Feature",
        properties: { code: d.code, name: d.name, priority: d.qpv || d.rep || d.repPlus },
        geometry: d.geometry,
      })),
    } as GeoJsonObject;
  }, [shapes.data]);

  const located = props.structures.filter((s) => s.location);
  const points = useMemo<[number, number][]>(
    () => located.map((s) => [s.location!.lat, s.location!.lon]),
    [located],
  );
  const selected = located.find((s) => s.id === props.selected);
  const selectedPoint = useMemo<[number, number] | null>(
    () => (selected?.location ? [selected.location.lat, selected.location.lon] : null),
    [selected?.location],
  );

  return (
    <div className="map-frame">
      <MapContainer
        center={NANTES}
        zoom={12}
        minZoom={10}
        maxZoom={18}
        scrollWheelZoom={false}
        className={`map${TILE_URL ? "" : " map-plain"}`}
        attributionControl={Boolean(TILE_URL)}
      >
        {TILE_URL && <TileLayer url={TILE_URL} attribution={TILE_ATTRIBUTION || undefined} />}
        {districts && (
          <GeoJSON
            key={shapes.data?.districts.length}
            data={districts}
            style={districtStyle}
            interactive={false}
          />
        )}
        <MarkerClusterGroup
          chunkedLoading
          maxClusterRadius={40}
          iconCreateFunction={(cluster: { getChildCount(): number }) =>
            clusterIcon(
              cluster.getChildCount(),
              t("directory.map.cluster", { count: cluster.getChildCount() }),
            )
          }
        >
          {located.map((s) => (
            <Marker
              key={s.id}
              position={[s.location!.lat, s.location!.lon]}
              icon={structureIcon(s.name, s.id === props.selected)}
              zIndexOffset={s.id === props.selected ? 1000 : 0}
              eventHandlers={{ click: () => props.onSelect(s.id) }}
            >
              <Popup>
                <p className="popup-title">
                  <Link to={`/structures/${s.id}`}>{s.name}</Link>
                </p>
                {s.district && <p>{s.district.name}</p>}
              </Popup>
            </Marker>
          ))}
        </MarkerClusterGroup>
        <FitResults points={points} />
        <FollowSelection point={selectedPoint} />
      </MapContainer>
      <p className="map-legend">
        <span className="legend-swatch legend-priority" aria-hidden="true" />
        {t("directory.map.legend.priority")}
        <span className="legend-swatch legend-district" aria-hidden="true" />
        {t("directory.map.legend.district")}
      </p>
    </div>
  );
}
