import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
} from "graphql";
import { badInput } from "./errors";

/**
 * Floats outside this magnitude (other than 0) are refused: a subnormal such as 5e-324, and any
 * value whose square or product with a unit factor would underflow or overflow a PostgreSQL
 * float8 ("value out of range: underflow"). No coordinate, distance, count or amount of the API
 * comes near these bounds.
 */
const MIN_MAGNITUDE = 1e-100;
const MAX_MAGNITUDE = 1e100;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether PostgreSQL can store `text` as it is: no NUL, no lone surrogate. */
export const isStorableText = (text: string) =>
  !text.includes("\u0000") && !LONE_SURROGATE.test(text);

/** Why `value` may not enter the API, or null when it may. */
function problemWith(value: string | number): string | null {
  if (typeof value === "string") {
    if (value.includes("\u0000")) return "must not contain a NUL character";
    if (LONE_SURROGATE.test(value)) return "must be valid Unicode (it holds a lone surrogate)";
    return null;
  }
  if (!Number.isFinite(value)) return "must be a finite number";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < MIN_MAGNITUDE || magnitude > MAX_MAGNITUDE)) {
    return `must be 0 or between ${MIN_MAGNITUDE} and ${MAX_MAGNITUDE} in magnitude`;
  }
  return null;
}

/** Throws BAD_USER_INPUT naming the first string or number under `value` that is refused. */
function check(value: unknown, path: string): void {
  if (typeof value === "string" || typeof value === "number") {
    const problem = problemWith(value);
    if (problem) throw badInput(`${path} ${problem}`, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => check(item, `${path}[${i}]`));
  } else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    // Input objects and JSONObject values; keys are checked like values (they reach jsonb too).
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${key}`;
      check(key, at);
      check(item, at);
    }
  }
}

/** Checks every argument of a field call (as coerced by the executor). */
export function checkArguments(args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args)) check(value, name);
}

/**
 * The one input rule of the API: every string and number that reaches a resolver, as an
 * argument or inside an input object, from a variable or an inline literal.
 *
 * It wraps the `resolve` and `subscribe` of every field that has arguments, once, when the
 * schema is built. That is the single point all three executors go through: graphql-js (Apollo
 * over HTTP, graphql-ws), graphql-jit (which calls the field's `resolve` with the coerced
 * arguments) and subscriptions (`subscribe`). A validation rule would see inline literals but
 * not variables; a type-graphql global middleware would miss our own `subscribe` functions and
 * the fields whose resolver is read directly. The refusal is a BAD_USER_INPUT field error naming
 * the argument path (`filter.text`, `input.name`); the resolver, and so any write, never runs.
 */
export function guardFieldArguments(schema: GraphQLSchema): number {
  let guarded = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        checkArguments(args);
        return resolve(source, args, context, info);
      };
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, args, context, info) => {
          checkArguments(args);
          return subscribe(source, args, context, info);
        };
      }
      guarded += 1;
    }
  }
  return guarded;
}
