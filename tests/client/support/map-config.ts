// Stands in for client/src/app/map-config.ts, whose `import.meta.env` only Vite provides.
export const MAP_TILE_URL = "";
export const MAP_TILE_ATTRIBUTION = "";
