import { Writable } from "node:stream";
import { createApp, type App } from "../../../server/src/app";
import { type Config, loadConfig } from "../../../server/src/config";
import { createLogger } from "../../../server/src/logger";
import { seed } from "../../../server/src/seed/seed";
import { createTestDatabase, type TestDatabase } from "./database";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; [k: string]: unknown };
  }[];
}

/** A running app on a throwaway database, with a GraphQL client and the captured log lines. */
export interface TestApp {
  url: string;
  app: App;
  database: TestDatabase;
  config: Config;
  logs: Record<string, any>[];
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  seed?: "none" | "districts" | "demo";
  env?: Record<string, string>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logs: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n")) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "info", ...options.env });
  const logger = createLogger(config, sink);
  const database = await createTestDatabase(logger);
  const mode = options.seed ?? "demo";
  if (mode !== "none") await seed(database.db.dataSource, { demo: mode === "demo" });
  const app = await createApp({ config, db: database.db, logger });
  const { port } = await app.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    database,
    config,
    logs,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GraphQLResponse<any>;
      return { ...body, status: res.status };
    },
    async stop() {
      await app.stop();
      await database.destroy();
    },
  };
}

/** The access-log line of the last GraphQL request named `operation` (written on response end). */
export async function lastRequestLog(t: TestApp, operation: string): Promise<Record<string, any>> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const line = t.logs.filter((l) => l.msg === "request" && l.operation === operation).at(-1);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no request log line for ${operation}`);
}
