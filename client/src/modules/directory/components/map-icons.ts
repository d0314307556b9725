import L from "leaflet";

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/**
 * Markers are drawn in CSS (no image to resolve, nothing blocked by the CSP). Leaflet makes each
 * icon a focusable role="button": its text content is its accessible name.
 */
export function structureIcon(name: string, selected: boolean): L.DivIcon {
  return L.divIcon({
    className: `map-marker${selected ? " is-selected" : ""}`,
    html: `<span class="visually-hidden">${escapeHtml(name)}</span>`,
    iconSize: selected ? [26, 26] : [20, 20],
    iconAnchor: selected ? [13, 13] : [10, 10],
  });
}

export function clusterIcon(count: number, label: string): L.DivIcon {
  return L.divIcon({
    className: "map-cluster",
    html: `<span aria-hidden="true">${count}</span><span class="visually-hidden">${escapeHtml(label)}</span>`,
    iconSize: [36, 36],
  });
}
