/**
 * The map's optional tile layer, fixed at build time from MAP_TILE_URL (see vite.config.mts):
 * empty means no tile server — the districts are drawn on a plain background.
 */
export const MAP_TILE_URL: string = import.meta.env.VITE_MAP_TILE_URL ?? "";
export const MAP_TILE_ATTRIBUTION: string = import.meta.env.VITE_MAP_TILE_ATTRIBUTION ?? "";
