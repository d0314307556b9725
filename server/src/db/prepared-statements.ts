import { createHash } from "node:crypto";
import { Client } from "pg";

export interface PreparingOptions {
  /** How many times a statement's text must have been sent before it is prepared. */
  after: number;
  /** Statements one connection keeps prepared at most: beyond, texts are sent unnamed. */
  maxPerConnection: number;
  /** Texts counted at most (the least recently sent are forgotten first). */
  maxCountedTexts: number;
}

/** What pg's connection knows of the statements it parsed (by name). */
interface PgConnection {
  parsedStatements: Record<string, string | undefined>;
}

const DEFAULTS: PreparingOptions = { after: 3, maxPerConnection: 500, maxCountedTexts: 2_000 };

/**
 * A pg client class for the pool that makes the statements the app sends often into named
 * prepared statements on each of its connections, without touching the code that sends them
 * (TypeORM, raw queries): PostgreSQL then parses and analyses a statement once per connection, and once it has found a generic plan as
 * good as the custom ones (after five executions) stops planning it at all. The board, the
 * directory searches and createReferral are long statements sent hundreds of times a second;
 * planning them was a large part of PostgreSQL's CPU under the load mix (docs/benchmarks.md).
 *
 * Only parameterised texts (text + values, the extended protocol pg already uses for them) are
 * named, and only once sent `after` times (3), so one-off statements (migrations, imports,
 * ad-hoc dynamic SQL) never fill a connection's statement cache; each connection keeps at most
 * `maxPerConnection` (500). The name is a hash of the text, so equal texts share one.
 *
 * PostgreSQL re-plans a prepared statement by itself when a table it reads changes; a change of
 * a statement's result columns after it was prepared fails it ("cached plan must not change
 * result type"), which only schema migrations while the app runs would cause (they run before
 * it serves). Poolers in transaction mode that do not track prepared statements need it off
 * (`DATABASE_PREPARED_STATEMENTS=false`).
 */
export function preparingClient(options: Partial<PreparingOptions> = {}): typeof Client {
  const { after, maxPerConnection, maxCountedTexts } = { ...DEFAULTS, ...options };
  const counts = new Map<string, { sent: number; name: string | null }>();
  const entryFor = (text: string) => {
    let entry = counts.get(text);
    if (entry) {
      // Refresh its place: a Map iterates in insertion order, the oldest first.
      counts.delete(text);
    } else {
      entry = { sent: 0, name: null };
      if (counts.size >= maxCountedTexts) counts.delete(counts.keys().next().value as string);
    }
    counts.set(text, entry);
    return entry;
  };

  class PreparingClient extends Client {
    private readonly prepared = new Set<string>();

    // pg's overloads are many; the arguments are passed through untouched unless renamed.
    override query(...args: unknown[]): never {
      const send = super.query.bind(this) as (...a: unknown[]) => never;
      const [text, values] = args;
      if (typeof text === "string" && Array.isArray(values) && values.length > 0) {
        const entry = entryFor(text);
        entry.sent += 1;
        if (entry.sent >= after) {
          entry.name ??= `m_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
          if (this.prepared.has(entry.name) || this.prepared.size < maxPerConnection) {
            return this.sendNamed(send, entry.name, text, values, args.slice(2));
          }
        }
      }
      return send(...args);
    }

    /**
     * Sends `text` under `name`, counted among this connection's statements. A text PostgreSQL
     * could not parse left no statement of that name: it is counted no more (a broken text
     * sent again and again would otherwise use up the connection's places).
     */
    private sendNamed(
      send: (...a: unknown[]) => never,
      name: string,
      text: string,
      values: unknown[],
      rest: unknown[],
    ): never {
      const { parsedStatements } = (this as unknown as { connection: PgConnection }).connection;
      // Parsed already (the usual case once prepared): nothing left to watch.
      if (parsedStatements[name] !== undefined) return send({ name, text, values }, ...rest);
      this.prepared.add(name);
      const forgetIfUnparsed = () => {
        if (parsedStatements[name] === undefined) this.prepared.delete(name);
      };
      const [callback] = rest;
      if (typeof callback === "function") {
        // pg-pool's `query` passes a callback.
        return send({ name, text, values }, (error: unknown, result: unknown) => {
          if (error) forgetIfUnparsed();
          (callback as (e: unknown, r: unknown) => void)(error, result);
        });
      }
      const sent: unknown = send({ name, text, values }, ...rest);
      if (sent instanceof Promise) sent.catch(forgetIfUnparsed);
      return sent as never;
    }
  }
  return PreparingClient;
}
