import { isObjectType } from "graphql";
import { getSchema } from "../../server/src/graphql/schema";
import { loginAs } from "./support/identity";
import { startTestApp, type TestApp } from "./support/test-app";

const SEARCH = `query CompiledSearch($filter: DirectoryFilter) {
  structures(filter: $filter, first: 5) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name kind distanceMeters address { city } district { code name } offers { title category fees } } }
  }
}`;

const INVALID_STRUCTURE = `mutation CompiledCreate($input: CreateStructureInput!) {
  createStructure(input: $input) {
    __typename
    ... on ValidationError { errorCode message fields { path code } }
    ... on Structure { id }
  }
}`;

const compiledLines = (t: TestApp, operation: string) =>
  t.logs.filter((l) => l.msg === "GraphQL operation compiled" && l.operation === operation);

describe("compiled execution of HTTP operations (graphql-jit)", () => {
  let t: TestApp;
  beforeAll(async () => {
    // Shared results off: a repeated search would be answered without being executed at all.
    t = await startTestApp({
      env: { GRAPHQL_COMPILE_AFTER: "1", LOG_LEVEL: "debug", SHARED_RESULTS: "false" },
    });
  });
  afterAll(() => t?.stop());

  it("runs a document on graphql-js first, then compiled, with the same result", async () => {
    const variables = { filter: { near: { lat: 47.2184, lon: -1.5536, radiusMeters: 10_000 } } };
    const first = await t.gql(SEARCH, variables);
    expect(first.errors).toBeUndefined();
    expect(first.data!.structures.edges.length).toBeGreaterThan(0);
    expect(compiledLines(t, "CompiledSearch")).toHaveLength(0);

    const second = await t.gql(SEARCH, variables);
    const third = await t.gql(SEARCH, variables);
    expect(compiledLines(t, "CompiledSearch")).toHaveLength(1);
    expect(second.data).toEqual(first.data);
    expect(third.data).toEqual(first.data);
  });

  it("resolves union results the same way once compiled", async () => {
    const cookie = await loginAs(t, "admin@maillage.test");
    const input = { name: "", kind: "ASSOCIATION", pivot: "123", postalCode: "4400" };
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await t.gql(INVALID_STRUCTURE, { input }, { cookie }));
    expect(compiledLines(t, "CompiledCreate")).toHaveLength(1);
    expect(runs[0].data!.createStructure.__typename).toBe("ValidationError");
    expect(runs[0].data!.createStructure.fields.length).toBeGreaterThan(0);
    for (const run of runs) expect(run.data).toEqual(runs[0].data);
  });

  it("reports refused variables in graphql-js's words, as BAD_USER_INPUT with status 400", async () => {
    const bad = { filter: { categories: ["NOT_A_NEED"] } };
    for (let i = 0; i < 3; i++) {
      const res = await t.gql(SEARCH, bad);
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
      expect(res.errors![0].message).toMatch(/^Variable "\$filter" got invalid value "NOT_A_NEED"/);
    }
    expect(compiledLines(t, "CompiledSearch")).toHaveLength(1);
  });
});

describe("GRAPHQL_COMPILE_AFTER=off", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      seed: "districts",
      env: { GRAPHQL_COMPILE_AFTER: "off", LOG_LEVEL: "debug", SHARED_RESULTS: "false" },
    });
  });
  afterAll(() => t?.stop());

  it("never compiles", async () => {
    for (let i = 0; i < 3; i++) expect((await t.gql(SEARCH, {})).errors).toBeUndefined();
    expect(compiledLines(t, "CompiledSearch")).toHaveLength(0);
  });
});

describe("plain fields", () => {
  it("are read from the object; field resolvers and guarded fields keep their resolver", async () => {
    const schema = await getSchema();
    const fields = (name: string) => {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
      return type.getFields();
    };
    expect(fields("Structure").name.resolve).toBeUndefined();
    expect(fields("ServiceOffer").title.resolve).toBeUndefined();
    expect(fields("District").code.resolve).toBeUndefined();
    // @FieldResolver methods: loaders, access checks and audit live there.
    expect(fields("Structure").offers.resolve).toBeDefined();
    expect(fields("Structure").district.resolve).toBeDefined();
    expect(fields("Referral").resident.resolve).toBeDefined();
  });
});
