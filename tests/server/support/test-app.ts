import { Writable } from "node:stream";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { type App, type AppDeps, createApp } from "../../../server/src/app";
import { type Config, loadConfig } from "../../../server/src/config";
import { createLogger } from "../../../server/src/logger";
import type { MailTransport, OutgoingMail } from "../../../server/src/modules/mail/transport";
import { seed } from "../../../server/src/seed/seed";
import { createTestDatabase, type TestDatabase } from "./database";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; [k: string]: unknown };
  }[];
}

/** A running app on a throwaway database, with GraphQL clients and the captured logs and mails. */
export interface TestApp {
  url: string;
  app: App;
  database: TestDatabase;
  config: Config;
  logs: Record<string, any>[];
  mails: OutgoingMail[];
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client; `connectionParams` may carry `authorization: "Bearer …"`. */
  ws(options?: {
    connectionParams?: Record<string, unknown>;
    headers?: Record<string, string>;
  }): Client;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  seed?: "none" | "districts" | "demo";
  env?: Record<string, string>;
  /** Reuse another test app's database (two instances on one database). */
  database?: TestDatabase;
  /** More dependencies for the app (another mail transport, …). */
  app?: Partial<Pick<AppDeps, "mailTransport" | "now">>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logs: Record<string, any>[] = [];
  const mails: OutgoingMail[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n")) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  // Documents are compiled at once, so that every test exercises the compiled execution.
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    GRAPHQL_COMPILE_AFTER: "0",
    SMTP_URL: "log:", // the app is given a transport below; production insists on one
    ...options.env,
  });
  const logger = createLogger(config, sink);
  const ownDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase(logger));
  const mode = options.seed ?? "demo";
  if (ownDatabase && mode !== "none") await seed(database.db.dataSource, { demo: mode === "demo" });
  const mailTransport: MailTransport = {
    send: async (m) => void mails.push(m),
    close: () => undefined,
  };
  const app = await createApp({ config, db: database.db, logger, mailTransport, ...options.app });
  const { port } = await app.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    database,
    config,
    logs,
    mails,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GraphQLResponse<any>;
      return { ...body, status: res.status, headers: res.headers };
    },
    ws({ connectionParams, headers } = {}) {
      class WebSocketWithHeaders extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
      return createClient({
        url: `${url.replace("http", "ws")}/graphql`,
        webSocketImpl: WebSocketWithHeaders,
        connectionParams,
        retryAttempts: 0,
        lazy: true,
        // Keep the socket open between operations, as a real client does. graphql-ws does not
        // clear this timer on dispose, so keep it short enough not to hold jest open.
        lazyCloseTimeout: 3_000,
      });
    },
    async stop() {
      await app.stop();
      if (ownDatabase) await database.destroy();
    },
  };
}

/** Runs one operation over a graphql-ws client and resolves with its single result. */
export function wsRequest<T = any>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  return new Promise((resolve, reject) => {
    let result: any;
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value),
        error: (error) => {
          // Validation and authentication failures arrive as an array of GraphQL errors.
          if (Array.isArray(error))
            resolve({ status: 0, headers: new Headers(), errors: error as any });
          else reject(error);
        },
        complete: () => resolve({ status: 0, headers: new Headers(), ...result }),
      },
    );
  });
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
