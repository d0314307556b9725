/**
 * The benchmark's national-scale data set: 300 districts on a grid over France, 20,000
 * structures and 60,000 offers, drawn from a seeded PRNG so every run loads the same rows.
 * Loaded with a plain `pg` client in a few multi-row statements, inside one transaction.
 */
import type { Client } from "pg";
import {
  checkOpeningHours,
  weeklyIntervals,
} from "../../server/src/modules/structure/opening-hours";
import {
  ACTIVITIES,
  AUDIENCES,
  EPONYMS,
  KIND_NAMES,
  NEIGHBOURHOODS,
  OFFERS,
  OPENING_HOURS,
  SECTORS,
  SUMMARY_OPENINGS,
  TOWNS,
} from "./french";

/** Bump whenever the generator or its word lists change: a stored data set is then rebuilt. */
export const GENERATOR_VERSION = "directory-1";

export const SIZES = { districts: 300, structures: 20_000, offers: 60_000 } as const;

const SEED = 0x6d61696c; // "mail"

// ---------------------------------------------------------------- PRNG

/** sfc32: small, fast, and the same sequence on every platform. */
export function prng(seed: number) {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const chance = (p: number) => next() < p;
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return entries[entries.length - 1][0];
  };
  const some = <T>(list: readonly T[], p: number): T[] => list.filter(() => next() < p);
  const gaussian = () => {
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const uuid = () => {
    const hex: string[] = [];
    for (let i = 0; i < 16; i++) hex.push(int(0, 255).toString(16).padStart(2, "0"));
    hex[6] = ((parseInt(hex[6], 16) & 0x0f) | 0x40).toString(16);
    hex[8] = ((parseInt(hex[8], 16) & 0x3f) | 0x80).toString(16);
    const h = hex.join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return { next, int, pick, chance, weighted, some, gaussian, uuid };
}

// ---------------------------------------------------------------- districts

/** 20 × 15 square cells of 0.6° over metropolitan France. */
const GRID = { columns: 20, west: -4.8, south: 42.0, cell: 0.6 };

export interface BenchDistrict {
  code: string;
  name: string;
  city: string;
  /** Cell centre: the "town centre" structures cluster around. */
  lat: number;
  lon: number;
  south: number;
  west: number;
  structures: number;
}

export const slug = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * District `i` is town `⌊i/3⌋`'s sector `i mod 3`, in grid cell `i`. Structures are shared out
 * by town rank (Zipf-like: Paris Centre gets about 1,100, the smallest districts about 20).
 */
export function districts(): BenchDistrict[] {
  const list = TOWNS.flatMap((town, t) =>
    SECTORS.map((sector, k) => {
      const i = t * SECTORS.length + k;
      const south = GRID.south + Math.floor(i / GRID.columns) * GRID.cell;
      const west = GRID.west + (i % GRID.columns) * GRID.cell;
      return {
        code: slug(`${town} ${sector}`),
        name: `${town} ${sector}`,
        city: town,
        lat: south + GRID.cell / 2,
        lon: west + GRID.cell / 2,
        south,
        west,
        weight: (k === 0 ? 1.6 : 1) / Math.pow(t + 1, 0.85),
        structures: 0,
      };
    }),
  );
  // Largest remainders, at least 5 structures each, exactly SIZES.structures in all.
  const spare = SIZES.structures - 5 * list.length;
  const total = list.reduce((s, d) => s + d.weight, 0);
  const shares = list.map((d) => (d.weight / total) * spare);
  list.forEach((d, i) => (d.structures = 5 + Math.floor(shares[i])));
  let missing = SIZES.structures - list.reduce((s, d) => s + d.structures, 0);
  const byRemainder = list
    .map((_, i) => i)
    .sort((a, b) => (shares[b] % 1) - (shares[a] % 1) || a - b);
  for (const i of byRemainder) {
    if (missing-- <= 0) break;
    list[i].structures += 1;
  }
  return list.map(({ weight: _weight, ...d }) => d);
}

function square(d: BenchDistrict) {
  const [w, s, e, n] = [d.west, d.south, d.west + GRID.cell, d.south + GRID.cell];
  return {
    type: "MultiPolygon" as const,
    coordinates: [
      [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    ],
  };
}

// ---------------------------------------------------------------- structures and offers

const PROGRAMME_ODDS: [string, number][] = [
  ["CONSEILLERS_NUMERIQUES", 0.35],
  ["AIDANTS_CONNECT", 0.15],
  ["PIX_CERTIFICATION", 0.1],
  ["EMMAUS_CONNECT", 0.02],
  ["GRANDE_ECOLE_DU_NUMERIQUE", 0.03],
  ["CROIX_ROUGE", 0.02],
  ["CAF_DIGITAL_ACCESS_POINT", 0.05],
  ["PROMENEURS_DU_NET", 0.03],
];

interface StructureRow {
  id: string;
  name: string;
  kind: string;
  pivot: string;
  street: string;
  postal_code: string;
  city: string;
  insee_code: string;
  latitude: number;
  longitude: number;
  district_code: string;
  phone: string;
  emails: string[];
  websites: string[];
  opening_hours: string | null;
  summary: string;
  programmes: string[];
  pass_numerique: boolean;
  mobility: string[];
  source: string;
  source_ref: string;
  archived: boolean;
}

interface OfferRow {
  id: string;
  structure_id: string;
  title: string;
  description: string;
  category: string;
  publics: string[];
  support_modes: string[];
  access_modes: string[];
  fees: string[];
  capacity_per_week: number | null;
  active: boolean;
}

const STREETS = ["rue", "avenue", "place", "boulevard", "allée", "impasse"];

export interface DataSet {
  districts: BenchDistrict[];
  structures: StructureRow[];
  offers: OfferRow[];
  /** Canonical opening-hours value (as the app stores it) → its weekly intervals. */
  intervals: Map<string, { opensAt: number; closesAt: number }[]>;
}

/** Builds the whole data set in memory (a second or so); the same rows on every call. */
export function generate(): DataSet {
  const r = prng(SEED);
  const districtList = districts();
  const kinds = Object.entries(KIND_NAMES).map(([k, v]) => [k, v.weight] as const);
  const categories = Object.entries(OFFERS).map(([k, v]) => [k, v.weight] as const);

  // Opening hours are stored in the canonical form the app writes (checkOpeningHours.normalized).
  const intervals = new Map<string, { opensAt: number; closesAt: number }[]>();
  const canonical = OPENING_HOURS.map(([value, weight]) => {
    const check = checkOpeningHours(value);
    if (!check.ok) throw new Error(`bench opening hours "${value}": ${check.message}`);
    intervals.set(check.normalized, weeklyIntervals(check.parser));
    return [check.normalized, weight] as const;
  });

  const structures: StructureRow[] = [];
  districtList.forEach((d, di) => {
    const department = String((di % 95) + 1).padStart(2, "0");
    for (let j = 0; j < d.structures; j++) {
      const kind = r.weighted(kinds);
      const name = r
        .pick(KIND_NAMES[kind].names)
        .replace("{e}", r.pick(EPONYMS))
        .replace("{t}", d.city)
        .replace("{n}", r.pick(NEIGHBOURHOODS));
      // Clustered around the town centre (σ ≈ 6 km), inside the district's cell.
      const clamp = (v: number, lo: number) => Math.min(Math.max(v, lo + 0.001), lo + 0.599);
      const lat = clamp(d.lat + r.gaussian() * 0.055, d.south);
      const lon = clamp(d.lon + r.gaussian() * 0.08, d.west);
      const activities = [r.pick(ACTIVITIES), r.pick(ACTIVITIES), r.pick(ACTIVITIES)];
      const summary = `${SUMMARY_OPENINGS[kind]} à ${d.city} : ${activities[0]}, ${activities[1]} et ${activities[2]}. ${r.pick(AUDIENCES)}`;
      const programmes = PROGRAMME_ODDS.filter(([, p]) => r.chance(p)).map(([code]) => code);
      if (kind === "FRANCE_SERVICES") programmes.unshift("FRANCE_SERVICES");
      if (kind === "LIBRARY" && r.chance(0.3)) programmes.push("REFERENCE_DIGITAL_LIBRARIES");
      const n = structures.length;
      structures.push({
        id: r.uuid(),
        name: name.slice(0, 200),
        kind,
        pivot: String(r.int(100_000_000, 999_999_999)) + String(r.int(10_000, 99_999)),
        street: `${r.int(1, 180)} ${r.pick(STREETS)} ${r.pick(EPONYMS)}`,
        postal_code: `${department}${String(r.int(0, 999)).padStart(3, "0")}`,
        city: d.city,
        insee_code: `${department}${String(r.int(1, 400)).padStart(3, "0")}`,
        latitude: Math.round(lat * 1e6) / 1e6,
        longitude: Math.round(lon * 1e6) / 1e6,
        district_code: d.code,
        phone: `+33${r.int(1, 5)}${String(r.int(0, 99_999_999)).padStart(8, "0")}`,
        emails: [`contact-${n}@structures.example.org`],
        websites: r.chance(0.6) ? [`https://structures.example.org/${n}`] : [],
        opening_hours: r.chance(0.05) ? null : r.weighted(canonical),
        summary: summary.slice(0, 280),
        programmes,
        pass_numerique: r.chance(0.2),
        mobility: [r.chance(0.95) ? "FIXED" : "MOBILE"],
        source: "bench",
        source_ref: `s${n}`,
        archived: r.chance(0.01),
      });
    }
  });

  // 3 offers per structure on average, exactly SIZES.offers in all: pairs get 3+δ and 3−δ.
  const offers: OfferRow[] = [];
  for (let i = 0; i < structures.length; i += 2) {
    const delta = r.int(-2, 2);
    const counts = [3 + delta, 3 - delta];
    for (const [k, count] of counts.entries()) {
      const s = structures[i + k];
      if (!s) continue;
      for (let j = 0; j < count; j++) {
        const category = r.weighted(categories);
        const [title, description] = r.pick(OFFERS[category].offers);
        const fees: string[] = [
          r.weighted([
            ["FREE", 65],
            ["FREE_UNDER_CONDITION", 12],
            ["PAID", 23],
          ] as const),
        ];
        if (r.chance(s.pass_numerique ? 0.6 : 0.05)) fees.push("PASS_NUMERIQUE");
        const supportModes = r.some(["AUTONOMY", "INDIVIDUAL", "COLLECTIVE", "REMOTE"], 0.35);
        const accessModes = r.some(["WALK_IN", "PHONE", "EMAIL", "ONLINE_APPOINTMENT"], 0.4);
        offers.push({
          id: r.uuid(),
          structure_id: s.id,
          title,
          description,
          category,
          publics: r.chance(0.6)
            ? []
            : r.some(["YOUTH", "STUDENTS", "FAMILIES", "SENIORS", "WOMEN"], 0.3),
          support_modes: supportModes.length ? supportModes : ["INDIVIDUAL"],
          access_modes: accessModes.length ? accessModes : ["WALK_IN"],
          fees,
          capacity_per_week: r.chance(0.7) ? r.int(2, 60) : null,
          active: r.chance(0.95),
        });
      }
    }
  }
  if (offers.length !== SIZES.offers) throw new Error(`generated ${offers.length} offers`);
  return { districts: districtList, structures, offers, intervals };
}

// ---------------------------------------------------------------- loading

async function insertJson(client: Client, sql: string, rows: object[], batch = 5_000) {
  for (let i = 0; i < rows.length; i += batch) {
    await client.query(sql, [JSON.stringify(rows.slice(i, i + batch))]);
  }
}

/**
 * Loads `data` into a migrated, empty database in one transaction. The search-vector triggers
 * are off during the load (the offer trigger would rewrite a structure per offer inserted) and
 * the vectors are computed once at the end, by the structure trigger itself. `phase` is called
 * after each step, for timings.
 */
export async function load(
  client: Client,
  data: DataSet,
  phase: (name: string) => void = () => undefined,
): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(`ALTER TABLE service_offer DISABLE TRIGGER offer_search_touch`);
    await client.query(`ALTER TABLE structure DISABLE TRIGGER structure_search_refresh`);
    await insertJson(
      client,
      `INSERT INTO district (code, name, city, geometry)
       SELECT code, name, city, geometry FROM json_to_recordset($1::json)
         AS r(code text, name text, city text, geometry jsonb)`,
      data.districts.map((d) => ({
        code: d.code,
        name: d.name,
        city: d.city,
        geometry: square(d),
      })),
    );
    phase("districts");
    await insertJson(
      client,
      `INSERT INTO structure (id, name, kind, pivot, street, postal_code, city, insee_code,
         latitude, longitude, district_code, phone, emails, websites, opening_hours, summary,
         programmes, pass_numerique, mobility, source, source_ref, archived_at)
       SELECT id, name, kind, pivot, street, postal_code, city, insee_code, latitude, longitude,
         district_code, phone, emails, websites, opening_hours, summary, programmes,
         pass_numerique, mobility, source, source_ref,
         CASE WHEN archived THEN now() - interval '30 days' END
       FROM json_to_recordset($1::json) AS r(id uuid, name text, kind text, pivot text,
         street text, postal_code text, city text, insee_code text, latitude float8,
         longitude float8, district_code text, phone text, emails text[], websites text[],
         opening_hours text, summary text, programmes text[], pass_numerique boolean,
         mobility text[], source text, source_ref text, archived boolean)`,
      data.structures,
    );
    phase("structures");
    await insertJson(
      client,
      `INSERT INTO service_offer (id, structure_id, title, description, category, publics,
         support_modes, access_modes, fees, capacity_per_week, active)
       SELECT id, structure_id, title, description, category, publics, support_modes,
         access_modes, fees, capacity_per_week, active
       FROM json_to_recordset($1::json) AS r(id uuid, structure_id uuid, title text,
         description text, category text, publics text[], support_modes text[],
         access_modes text[], fees text[], capacity_per_week int, active boolean)`,
      data.offers,
      10_000,
    );
    phase("offers");
    // Weekly intervals: computed once per distinct value, joined to the structures holding it.
    const values = [...data.intervals.entries()].flatMap(([osm, list]) =>
      list.map((i) => ({ osm, opens: i.opensAt, closes: i.closesAt })),
    );
    await client.query(
      `INSERT INTO structure_opening_interval (structure_id, opens_at, closes_at)
       SELECT s.id, v.opens, v.closes
         FROM json_to_recordset($1::json) AS v(osm text, opens int, closes int)
         JOIN structure s ON s.opening_hours = v.osm`,
      [JSON.stringify(values)],
    );
    phase("opening intervals");
    await client.query(`ALTER TABLE service_offer ENABLE TRIGGER offer_search_touch`);
    await client.query(`ALTER TABLE structure ENABLE TRIGGER structure_search_refresh`);
    // Statistics first: without them the document's offer subquery is planned as a scan.
    await client.query(`ANALYZE structure, service_offer`);
    await client.query(`UPDATE structure SET search_vector = NULL`); // the trigger computes it
    await client.query("COMMIT");
    phase("search vectors");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  // The UPDATE above left a dead version of every structure: rewrite the table compactly, so
  // that every run reads the same pages, then refresh the planner's statistics.
  await client.query(`VACUUM (FULL) structure`);
  await client.query(
    `VACUUM (ANALYZE) district, structure, service_offer, structure_opening_interval`,
  );
  // Write the load out now rather than during the measurements (needs superuser or pg_checkpoint).
  await client.query(`CHECKPOINT`).catch(() => undefined);
  phase("vacuum, analyze and checkpoint");
}
