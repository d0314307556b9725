import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { normaliseText } from "../../../server/src/interop/geocoding/geocoder";

/*
 * A local HTTP server answering like the national address base's API (api-adresse.data.gouv.fr):
 * `GET /search/?q=` with a GeoJSON FeatureCollection, `POST /search/csv/` (multipart: `data`,
 * `columns`, `result_columns`) with the CSV rows and their result columns. What it answers for
 * each street line is in tests/fixtures/geocoding/ban-answers.json: found (with its score),
 * not found, 429 once then found, 503 always, no answer in time.
 */

interface Fixture {
  answer: "found" | "not-found" | "429-once" | "503" | "timeout";
  lat?: number;
  lon?: number;
  score?: number;
  label?: string;
  citycode?: string;
  type?: string;
}

const FIXTURES: Record<string, Fixture> = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, "../../fixtures/geocoding/ban-answers.json"), "utf8"),
);

export interface BanRequest {
  method: string;
  path: string;
  /** The street lines asked (one for /search/, every row for /search/csv/). */
  streets: string[];
  columns: string[];
}

export interface BanServer {
  url: string;
  requests: BanRequest[];
  /** "down": every request gets 503; "ok": the fixtures. */
  mode: "ok" | "down";
  /** How long a "timeout" fixture makes the server wait before answering. */
  slowMs: number;
  /** Back to the fixtures, no request seen (the 429 fixture refuses once again). */
  reset(): void;
  stop(): Promise<void>;
}

/** The fixture for a line of text: the one whose street it starts with. */
function fixtureFor(text: string): Fixture | undefined {
  const normal = normaliseText(text);
  const key = Object.keys(FIXTURES).find((k) => k !== "_comment" && normal.startsWith(k));
  return key ? FIXTURES[key] : undefined;
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function startBanServer(): Promise<BanServer> {
  const seen429 = new Set<Fixture>();
  const sockets = new Set<import("node:net").Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state: BanServer = {
    url: "",
    requests: [],
    mode: "ok",
    slowMs: 3_000,
    reset: () => {
      state.requests = [];
      state.mode = "ok";
      seen429.clear();
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** Status for a request asking these fixtures, or null for 200. */
  const failure = async (fixtures: (Fixture | undefined)[], res: http.ServerResponse) => {
    if (state.mode === "down" || fixtures.some((f) => f?.answer === "503")) {
      res.writeHead(503, { "content-type": "text/plain" }).end("Service Unavailable");
      return true;
    }
    const quota = fixtures.find((f) => f?.answer === "429-once" && !seen429.has(f));
    if (quota) {
      seen429.add(quota);
      res
        .writeHead(429, { "retry-after": "1", "content-type": "text/plain" })
        .end("Too Many Requests");
      return true;
    }
    if (fixtures.some((f) => f?.answer === "timeout")) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, state.slowMs);
        timers.add(timer);
      });
    }
    return false;
  };
  const found = (f: Fixture | undefined) =>
    f &&
    (f.answer === "found" || f.answer === "429-once" || f.answer === "timeout") &&
    f.lat !== undefined
      ? f
      : null;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://ban.test");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    try {
      if (req.method === "GET" && url.pathname === "/search/") {
        const q = url.searchParams.get("q") ?? "";
        state.requests.push({ method: "GET", path: url.pathname, streets: [q], columns: [] });
        if (q.trim().length < 3) {
          res.writeHead(400, { "content-type": "application/json" });
          return res.end(
            JSON.stringify({ code: 400, message: "q must contain between 3 and 200 chars" }),
          );
        }
        const fixture = fixtureFor(q);
        if (await failure([fixture], res)) return;
        const f = found(fixture);
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        return res.end(
          JSON.stringify({
            type: "FeatureCollection",
            version: "draft",
            features: f
              ? [
                  {
                    type: "Feature",
                    geometry: { type: "Point", coordinates: [f.lon, f.lat] },
                    properties: {
                      label: f.label,
                      score: f.score,
                      type: f.type,
                      citycode: f.citycode,
                      city: "Nantes",
                    },
                  },
                ]
              : [],
            attribution: "BAN",
            licence: "ETALAB-2.0",
            query: q,
            limit: Number(url.searchParams.get("limit") ?? 5),
          }),
        );
      }
      if (req.method === "POST" && url.pathname === "/search/csv/") {
        const form = await new Response(body, {
          headers: { "content-type": req.headers["content-type"] ?? "" },
        }).formData();
        const data = form.get("data");
        if (!(data instanceof Blob)) {
          res.writeHead(400).end("data is required");
          return;
        }
        const columns = form.getAll("columns").map(String);
        const wanted = form.getAll("result_columns").map(String);
        const rows: Record<string, string>[] = parse(await data.text(), { columns: true });
        const texts = rows.map((r) => columns.map((c) => r[c] ?? "").join(" "));
        state.requests.push({ method: "POST", path: url.pathname, streets: texts, columns });
        const fixtures = texts.map(fixtureFor);
        if (await failure(fixtures, res)) return;
        const all = [
          "latitude",
          "longitude",
          "result_label",
          "result_score",
          "result_type",
          "result_citycode",
          "result_status",
        ];
        const result = wanted.length > 0 ? all.filter((c) => wanted.includes(c)) : all;
        const input = rows.length > 0 ? Object.keys(rows[0]) : [];
        const lines = [[...input, ...result].join(",")];
        rows.forEach((row, i) => {
          const f = found(fixtures[i]);
          const values: Record<string, string> = f
            ? {
                latitude: String(f.lat),
                longitude: String(f.lon),
                result_label: f.label ?? "",
                result_score: String(f.score),
                result_type: f.type ?? "",
                result_citycode: f.citycode ?? "",
                result_status: "ok",
              }
            : { result_status: "not-found" };
          lines.push(
            [...input.map((c) => row[c] ?? ""), ...result.map((c) => values[c] ?? "")]
              .map(quote)
              .join(","),
          );
        });
        res.writeHead(200, { "content-type": "text/csv; charset=utf-8" });
        return res.end(`${lines.join("\n")}\n`);
      }
      res.writeHead(404).end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
