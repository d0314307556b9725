import { type ApolloServerPlugin, HeaderMap } from "@apollo/server";
import type { DocumentNode, FormattedExecutionResult, GraphQLSchema } from "graphql";
import { LRUCache } from "lru-cache";
import type { Database } from "../../db/data-source";
import type { AppLogger } from "../../logger";
import type { Viewer } from "../../modules/identity/viewer";
import type { DistrictCache } from "../../modules/district/district.loader";
import { accessClass } from "../auth";
import type { Context } from "../context";
import { watchViewer } from "../viewer-reads";
import { DirectoryGeneration } from "./directory-generation";
import { ShareableDocuments } from "./shareable-fields";

const MINUTE_MS = 60_000;
const MAX_ENTRIES = 2_000;
/** Characters of JSON the kept results may add up to (about 64 MB of strings at most). */
const MAX_JSON_CHARS = 32_000_000;

type Data = Record<string, unknown>;

/** A kept result: its data (handed to Apollo) and its response body, serialised once. */
interface Kept {
  data: Data;
  json: string;
}

/** A request whose result may be kept: what its key was made of, and whether it read its viewer. */
interface Pending {
  key: string;
  generation: number;
  minute: number;
  viewer: Viewer;
  watching: boolean;
  viewerRead: boolean;
}

/**
 * Serves a directory query again to whoever sends it next, while nothing it depends on changed:
 * 70 % of the traffic is directory searches whose filters repeat, and each costs the server about
 * 2.6 ms of CPU plus its SQL. Exact, not "fresh for N seconds":
 *
 * - which documents: those whose every field is declared shareable (shareable-fields.ts), over
 *   HTTP, queries only (never mutations, never @defer);
 * - which results: without errors, and whose execution never read the viewer beyond its access
 *   class (observed, as for shared subscription events, realtime/shared-execution.ts);
 * - under which key: the parsed document, the operation, the variables (canonical JSON), the
 *   access class when the document reaches an `@Allow` field (the checks then pass and fail
 *   alike; the public directory has none, so anonymous and signed-in callers share), the
 *   directory's generation
 *   (directory-generation.ts: it changes on every committed directory write) and the minute of
 *   `now()` (open now, next opening: opening hours have minute precision). A result is kept only
 *   if the generation and the minute are still those its execution started in.
 *
 * While the process cannot hear the directory's notifications it neither serves nor keeps
 * anything. Another process's change is seen once its notification has arrived (usually within
 * a millisecond of the commit), this process's own at once.
 */
export class SharedResults {
  private readonly results = new LRUCache<string, Kept>({
    max: MAX_ENTRIES,
    maxSize: MAX_JSON_CHARS,
    sizeCalculation: (kept) => kept.json.length,
  });
  /** The body of each kept data object, for `stringify` (a hit is not serialised again). */
  private readonly bodies = new WeakMap<Data, string>();
  private readonly documents: ShareableDocuments;
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;
  private readonly generation: DirectoryGeneration;

  constructor(parts: {
    schema: GraphQLSchema;
    db: Database;
    logger: AppLogger;
    /** Forgotten on district changes: a result computed from it would outlive its minute. */
    districts: DistrictCache;
  }) {
    this.documents = new ShareableDocuments(parts.schema);
    this.generation = new DirectoryGeneration(parts.db, parts.logger, (table) => {
      this.results.clear();
      if (table === null || table === "district") parts.districts.invalidate();
    });
  }

  start(): Promise<void> {
    return this.generation.start();
  }

  async stop(): Promise<void> {
    await this.generation.stop();
    this.results.clear();
  }

  /** Whether results are being shared (false while directory changes cannot be heard). */
  get serving(): boolean {
    return this.generation.current() !== null;
  }

  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => {
        let pending: Pending | null = null;
        return {
          responseForOperation: async ({ request, operation, document, contextValue }) => {
            const generation = this.generation.current();
            if (generation === null || !request.http || operation?.operation !== "query") {
              return null;
            }
            const verdict = this.documents.verdict(document, operation);
            if (!verdict.shareable) return null;
            const minute = Math.floor(contextValue.now().getTime() / MINUTE_MS);
            const key = this.keyOf(
              document,
              request.operationName,
              request.variables,
              verdict.byAccessClass ? accessClass(contextValue.viewer) : "*",
              generation,
              minute,
            );
            const kept = this.results.get(key);
            if (kept) {
              if (contextValue.requestStats) contextValue.requestStats.sharedResult = "hit";
              return {
                http: { status: undefined, headers: new HeaderMap() },
                body: { kind: "single", singleResult: { data: kept.data } },
              };
            }
            const watched: Pending = {
              key,
              generation,
              minute,
              viewer: contextValue.viewer,
              watching: true,
              viewerRead: false,
            };
            contextValue.viewer = watchViewer(watched.viewer, () => {
              if (watched.watching) watched.viewerRead = true;
            });
            pending = watched;
            return null;
          },
          executionDidStart: async ({ contextValue }) => {
            const watched = pending;
            if (!watched) return;
            return {
              executionDidEnd: async () => {
                watched.watching = false;
                contextValue.viewer = watched.viewer;
              },
            };
          },
          willSendResponse: async ({ response, contextValue }) => {
            const watched = pending;
            if (!watched) return;
            watched.watching = false;
            contextValue.viewer = watched.viewer;
            if (watched.viewerRead || response.body.kind !== "single") return;
            const { data, errors } = response.body.singleResult;
            if (errors?.length || !data) return;
            if (this.generation.current() !== watched.generation) return;
            if (Math.floor(contextValue.now().getTime() / MINUTE_MS) !== watched.minute) return;
            const kept = { data: deepFreeze(data), json: serialise({ data }) };
            this.bodies.set(kept.data, kept.json);
            this.results.set(watched.key, kept);
            if (contextValue.requestStats) contextValue.requestStats.sharedResult = "stored";
          },
        };
      },
    };
  }

  /**
   * Apollo's `stringifyResult`: the body of a response, as Apollo writes it (JSON and a line
   * break). A kept result's body was written when it was kept; a hit sends it as it is
   * (serialising the page again was about a quarter of a hit's time, see docs/benchmarks.md).
   */
  stringify(result: FormattedExecutionResult): string {
    if (result.errors === undefined && result.extensions === undefined && result.data) {
      const body = this.bodies.get(result.data);
      if (body !== undefined) return body;
    }
    return serialise(result);
  }

  private keyOf(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
    audience: string,
    generation: number,
    minute: number,
  ): string {
    let documentId = this.documentIds.get(document);
    if (documentId === undefined)
      this.documentIds.set(document, (documentId = this.nextDocumentId++));
    return [
      documentId,
      operationName ?? "",
      canonicalJson(variables ?? {}),
      audience,
      generation,
      minute,
    ].join("\u0000");
  }
}

/** A response body as Apollo Server writes it by default (its `prettyJSONStringify`). */
function serialise(result: FormattedExecutionResult): string {
  return `${JSON.stringify(result)}\n`;
}

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` share. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A kept result is handed to many responses: none of them may change it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
