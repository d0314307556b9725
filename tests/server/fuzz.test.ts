import { Buffer } from "node:buffer";
import fc from "fast-check";
import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLSchema,
} from "graphql";
import { getSchema } from "../../server/src/graphql/schema";
import { loginAs } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";

/*
 * Every query and mutation of the schema, called with variables generated from its arguments'
 * types: well-shaped values, wrong types, NUL, lone surrogates, 100 KB strings, extreme and
 * subnormal numbers, crafted cursors. Anonymous and as the admin (to reach deeper code), on a
 * real app and database. No answer may be a 500, an INTERNAL_SERVER_ERROR or show a stack trace,
 * nothing may be logged at error level, and the server must still answer at the end.
 */

const SEED = 20261206;
const CASES_PER_FIELD = 50;
/** Would end the admin's session for the cases that follow. */
const SKIPPED = new Set(["logout", "logoutEverywhere"]);

let t: TestApp;
let schema: GraphQLSchema;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
  schema = await getSchema();
  admin = await loginAs(t, "admin@maillage.test");
});
afterAll(async () => {
  await t?.stop();
});

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const hostileString = fc.oneof(
  fc.constantFrom(
    "a\u0000b",
    "\ud800",
    "x\udc00y",
    "\udfff\ud800",
    "",
    " ",
    "NaN",
    "Infinity",
    "-0",
    "1e999",
    "null",
    "2026-13-45",
    "2026-09",
    "W442000001",
    "admin@maillage.test",
    "'; DROP TABLE structure; --",
    "%00",
    "00000000-0000-0000-0000-000000000000",
    "x".repeat(100 * 1024),
  ),
  fc.constantFrom(
    cursorOf(["a\u0000", "00000000-0000-0000-0000-000000000000"]),
    cursorOf([1e300, "00000000-0000-0000-0000-000000000000"]),
    cursorOf([5e-324, "x"]),
    cursorOf(["\ud800", "\udc00"]),
    cursorOf({ a: 1 }),
    cursorOf(["2026-01-01T00:00:00Z", "not-a-uuid"]),
    cursorOf([]),
    Buffer.from("not json").toString("base64url"),
  ),
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.emailAddress(),
);

const hostileNumber = fc.oneof(
  fc.constantFrom(
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1e-101,
    1e-300,
    1e300,
    1.7976931348623157e308,
    -0,
    0,
    2 ** 31,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    1.5,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 100_000 }),
);

/** Any JSON value of a type other than the expected one. */
const wrongType = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ "a\u0000": "\ud800" }),
);

function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type))
    return fc.oneof({ weight: 19, arbitrary: valueFor(type.ofType, depth) }, fc.constant(null));
  if (isListType(type)) {
    return fc.oneof(
      fc.array(valueFor(type.ofType, depth + 1), { maxLength: depth > 1 ? 1 : 3 }),
      valueFor(type.ofType, depth + 1),
    );
  }
  const named = getNamedType(type);
  let right: fc.Arbitrary<unknown>;
  if (isEnumType(named)) right = fc.constantFrom(...named.getValues().map((v) => v.name));
  else if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    right =
      depth > 3
        ? fc.constant({})
        : fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)])), {
            requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
          });
  } else if (isLeafType(named) && ["Int", "Float"].includes(named.name)) right = hostileNumber;
  else if (isLeafType(named) && named.name === "Boolean") right = fc.boolean();
  else if (named.name === "JSONObject")
    right = fc.dictionary(hostileString, fc.oneof(hostileString, hostileNumber), { maxKeys: 3 });
  else right = hostileString;
  return fc.oneof({ weight: 14, arbitrary: right }, { weight: 1, arbitrary: wrongType });
}

const typeName = (type: GraphQLInputType): string => type.toString();

/** A document calling `field` with one variable per argument, selecting `__typename` (or nothing). */
function documentFor(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>): string {
  const args = field.args as readonly GraphQLArgument[];
  const defs = args.map((a, i) => `$v${i}: ${typeName(a.type)}`).join(", ");
  const call = args.map((a, i) => `${a.name}: $v${i}`).join(", ");
  const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
  return `${kind} Fuzz${defs ? `(${defs})` : ""} { ${field.name}${call ? `(${call})` : ""}${selection} }`;
}

interface Case {
  document: string;
  variables: Record<string, unknown>;
  cookie?: string;
}

it("no hostile input gets a 500, an internal error or a stack trace", async () => {
  const started = Date.now();
  const cases: Case[] = [];
  let seed = SEED;
  for (const kind of ["query", "mutation"] as const) {
    const root = kind === "query" ? schema.getQueryType() : schema.getMutationType();
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (SKIPPED.has(field.name)) continue;
      const document = documentFor(kind, field);
      const variables = fc.record(
        Object.fromEntries(field.args.map((a, i) => [`v${i}`, valueFor(a.type)])),
      ) as fc.Arbitrary<Record<string, unknown>>;
      const samples = fc.sample(variables, { seed: seed++, numRuns: CASES_PER_FIELD });
      samples.forEach((v, i) =>
        cases.push({ document, variables: v, cookie: i % 2 ? admin : undefined }),
      );
    }
  }

  const codes = new Map<string, number>();
  const failures: string[] = [];
  const errorsBefore = t.logs.filter((l) => l.level >= 50).length;
  const run = async (c: Case) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(c.cookie ? { cookie: c.cookie } : {}) },
      body: JSON.stringify({ query: c.document, variables: c.variables }),
    });
    const text = await res.text();
    let parsed: { errors?: { extensions?: { code?: string } }[] } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      /* a non-JSON answer is counted by its status */
    }
    const found = parsed.errors?.map((e) => String(e.extensions?.code)) ?? [`HTTP ${res.status}`];
    for (const code of found) codes.set(code, (codes.get(code) ?? 0) + 1);
    if (
      res.status >= 500 ||
      text.includes("INTERNAL_SERVER_ERROR") ||
      /\n\s+at |\\n\s+at /.test(text)
    ) {
      failures.push(
        `${res.status} ${c.document} ${JSON.stringify(c.variables).slice(0, 300)} → ${text.slice(0, 300)}`,
      );
    }
  };
  // Two at a time: enough to keep the server busy on two cores.
  for (let i = 0; i < cases.length; i += 2) await Promise.all(cases.slice(i, i + 2).map(run));

  const errorLines = t.logs.filter((l) => l.level >= 50).slice(errorsBefore);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = [...codes]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c}: ${n}`)
    .join(", ");
  process.stdout.write(
    `fuzz: ${cases.length} cases, seed ${SEED}, ${seconds} s; codes: ${summary}` + "\n",
  );

  expect(failures.slice(0, 5)).toEqual([]);
  expect(errorLines.slice(0, 3).map((l) => `${l.msg} ${l.err?.message ?? ""}`)).toEqual([]);
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  expect(
    (await t.gql(`{ structures(first: 1) { totalCount } }`)).data?.structures.totalCount,
  ).toBeGreaterThan(0);
}, 120_000);
