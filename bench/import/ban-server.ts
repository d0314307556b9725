/**
 * A local server in the format of the national address base's batch endpoint (`POST /search/csv/`,
 * multipart `data` + `columns` + `result_columns`), for the geocoding benchmark. It answers every
 * address with a point in the Nantes area drawn from a hash of the address (the same answer on
 * every run), a score from 0.55 to 1 (about one address in nine below 0.6), and waits, per
 * request, `baseMs + perRowMs × rows` before answering: the time a geocoder takes.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "csv-parse/sync";

export interface BenchBanServer {
  url: string;
  requests: number;
  rows: number;
  stop(): Promise<void>;
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function startBenchBanServer(delay: {
  baseMs: number;
  perRowMs: number;
}): Promise<BenchBanServer> {
  const state = { url: "", requests: 0, rows: 0, stop: async () => {} };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !req.url?.startsWith("/search/csv/")) {
      res.writeHead(404).end();
      return;
    }
    const form = await new Response(Buffer.concat(chunks), {
      headers: { "content-type": req.headers["content-type"] ?? "" },
    }).formData();
    const data = form.get("data") as Blob;
    const columns = form.getAll("columns").map(String);
    const rows: Record<string, string>[] = parse(await data.text(), { columns: true });
    state.requests++;
    state.rows += rows.length;
    await new Promise((r) => setTimeout(r, delay.baseMs + delay.perRowMs * rows.length));
    const input = rows.length > 0 ? Object.keys(rows[0]) : [];
    const result = [
      "latitude",
      "longitude",
      "result_label",
      "result_score",
      "result_citycode",
      "result_status",
    ];
    const lines = [[...input, ...result].join(",")];
    for (const row of rows) {
      const text = columns.map((c) => row[c] ?? "").join(" ");
      const h = createHash("sha1").update(text).digest();
      const lat = 47.18 + (h.readUInt16BE(0) / 65535) * 0.09;
      const lon = -1.62 + (h.readUInt16BE(2) / 65535) * 0.14;
      const score = 0.55 + (h[4] / 255) * 0.45;
      lines.push(
        [
          ...input.map((c) => row[c] ?? ""),
          lat.toFixed(6),
          lon.toFixed(6),
          text,
          score.toFixed(4),
          "44109",
          "ok",
        ]
          .map(quote)
          .join(","),
      );
    }
    res.writeHead(200, { "content-type": "text/csv; charset=utf-8" }).end(`${lines.join("\n")}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
