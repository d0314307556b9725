/**
 * The floor any HTTP API could reach on this machine: a `node:http` server with no GraphQL that
 * reads the JSON body, replays the search's recorded statements on the app's pool, and answers
 * their rows as JSON (`POST /rows`) or a fixed 11-byte body (`POST /transport`: the rows are
 * read and dropped). Measured next to the app and the bare SQL, it shows what HTTP alone costs
 * (request and response through the kernel, in this process), which a ratio against the bare
 * SQL counts as the GraphQL layer's.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Pool } from "pg";
import type { RecordedQuery } from "../../server/src/db/query-counter";

export interface HttpFloor {
  port: number;
  /** The statements the next requests replay. */
  replay(statements: readonly RecordedQuery[]): void;
  close(): Promise<void>;
}

export async function startHttpFloor(sql: Pick<Pool, "query">): Promise<HttpFloor> {
  let statements: readonly RecordedQuery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const data: unknown[] = [];
        for (const q of statements) data.push((await sql.query(q.sql, q.parameters)).rows);
        const text = req.url === "/transport" ? '{"data":{}}' : JSON.stringify({ data });
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.setHeader("content-length", Buffer.byteLength(text));
        res.end(text);
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    replay(next) {
      statements = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
