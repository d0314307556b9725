import { Buffer } from "node:buffer";
import { ArgsType, type ClassType, Field, Int, ObjectType } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { ApiError, ErrorCode, badInput } from "./errors";
import { isStorableText } from "./input-guard";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many items, from 0 to ${MAX_PAGE_SIZE}.`,
  })
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: "Cursor of the item to start after." })
  after?: string | null;
}

/** A Relay connection type for `TNode`, e.g. `class StructureConnection extends Connection(Structure)`. */
export function Connection<TNode extends object>(Node: ClassType<TNode>, name: string = Node.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => Node)
    node: TNode;
  }

  // Abstract: only the concrete `XConnection` subclass becomes a schema type.
  @ObjectType()
  abstract class ConnectionBase {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: "Number of items matching the filter, on every page." })
    totalCount: number;
  }
  return ConnectionBase;
}

export interface ConnectionShape<TNode> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Checks `first` and returns it. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${first}`, "first");
  }
  return first;
}

export const invalidCursor = () =>
  new ApiError(ErrorCode.INVALID_CURSOR, "Malformed cursor", { argument: "after" });

/** Cursors are opaque to clients: base64url of a small JSON array of sort-key values. */
export function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString("base64url");
}

/** Decodes a cursor made by `encodeCursor` whose keys match `shape`, or throws INVALID_CURSOR. */
export function decodeCursor<T extends readonly ("string" | "number")[]>(
  cursor: string,
  shape: T,
): { [K in keyof T]: T[K] extends "string" ? string : number } {
  const invalid = invalidCursor;
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== shape.length) throw invalid();
  value.forEach((v, i) => {
    if (typeof v !== shape[i]) throw invalid();
    // Decoded values go to PostgreSQL: no NUL, no lone surrogate, numbers a float4 can hold.
    if (typeof v === "string" && !isStorableText(v)) throw invalid();
    if (typeof v === "number" && !(Number.isFinite(v) && Math.abs(v) <= 3.4e38)) throw invalid();
    if (typeof v === "number" && v !== 0 && Math.abs(v) < 1.2e-38) throw invalid();
  });
  return value as never;
}

/** Builds a connection from `rows` fetched with `LIMIT first + 1`. */
export function toConnection<TNode>(
  rows: TNode[],
  first: number,
  totalCount: number,
  hasPrevious: boolean,
  cursorOf: (node: TNode) => string,
): ConnectionShape<TNode> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * A page of `qb`'s rows, newest first by (createdAt, id), after the cursor `after`, with the
 * count of all of them. `size` comes from `pageSize`.
 */
export async function newestFirstPage<TNode extends { createdAt: Date; id: string }>(
  qb: SelectQueryBuilder<TNode>,
  size: number,
  after: string | null | undefined,
): Promise<ConnectionShape<TNode>> {
  const row = qb.alias;
  const total = await qb.clone().getCount();
  if (after) {
    const [at, id] = decodeCursor(after, ["string", "string"] as const);
    if (Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw invalidCursor();
    qb.andWhere(`(${row}.createdAt, ${row}.id) < (:at, :id)`, { at, id });
  }
  const rows = await qb
    .orderBy(`${row}.createdAt`, "DESC")
    .addOrderBy(`${row}.id`, "DESC")
    .limit(size + 1)
    .getMany();
  return toConnection(rows, size, total, Boolean(after), (node) =>
    encodeCursor([node.createdAt.toISOString(), node.id]),
  );
}
