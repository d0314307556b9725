import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

// The JavaScript a first visit downloads (the entry and what index.html preloads) stays within
// 250 KB gzip; the map (Leaflet) and the dashboard come in chunks of their own, on demand.
const dist = path.resolve(__dirname, "../../client/dist");
const BUDGET = 250 * 1024;

function initialScripts(): string[] {
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  return [...new Set(refs)];
}

const gzipped = (file: string) =>
  gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;

test("initial JavaScript fits the budget", () => {
  const scripts = initialScripts();
  expect(scripts.length).toBeGreaterThan(0);
  const total = scripts.reduce((sum, file) => sum + gzipped(file), 0);
  expect(total).toBeLessThanOrEqual(BUDGET);
});

test("the map and the dashboard are lazy chunks", () => {
  const initial = initialScripts().map((f) => fs.readFileSync(path.join(dist, f), "utf8"));
  const chunks = fs.readdirSync(path.join(dist, "assets"));
  expect(chunks.some((f) => /^DirectoryMap-.*\.js$/.test(f))).toBe(true);
  expect(chunks.some((f) => /^DashboardPage-.*\.js$/.test(f))).toBe(true);
  for (const code of initial) {
    expect(code).not.toContain("leaflet-container"); // Leaflet's own class names
    expect(code).not.toContain("heat-legend"); // the dashboard's markup
  }
});
