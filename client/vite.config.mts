import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// The map's tile layer is optional: MAP_TILE_URL (or VITE_MAP_TILE_URL) at build time, e.g.
// https://tiles.example.org/{z}/{x}/{y}.png. Without it the map shows the districts on a plain
// background, so the client needs no tile server.
const mapTileUrl = process.env.VITE_MAP_TILE_URL ?? process.env.MAP_TILE_URL ?? "";
const mapTileAttribution =
  process.env.VITE_MAP_TILE_ATTRIBUTION ?? process.env.MAP_TILE_ATTRIBUTION ?? "";

export default defineConfig({
  root,
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  define: {
    "import.meta.env.VITE_MAP_TILE_URL": JSON.stringify(mapTileUrl),
    "import.meta.env.VITE_MAP_TILE_ATTRIBUTION": JSON.stringify(mapTileAttribution),
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
  server: {
    proxy: {
      "/graphql": { target: "http://localhost:4000", ws: true },
      "/imports": "http://localhost:4000",
      "/exports": "http://localhost:4000",
      "/auth": "http://localhost:4000",
    },
  },
});
