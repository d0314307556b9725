import { loginAs } from "./support/identity";
import { lastRequestLog, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: "demo" });
});
afterAll(() => t?.stop());

const STRUCTURE_PAGE = `
  query StructurePage($first: Int!, $after: String, $filter: DirectoryFilter) {
    structures(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          id name kind pivot source
          address { street postalCode city }
          location { lat lon }
          district { code name qpv }
          offers { id title category fees publics active structure { id } }
        }
      }
    }
  }`;

describe("districts", () => {
  it("lists the 11 Nantes quartiers with their polygons and priority flags", async () => {
    const res = await t.gql(
      `{ districts { code name city qpv rep repPlus priorityNeighbourhoods geometry } }`,
    );
    expect(res.errors).toBeUndefined();
    const districts = res.data!.districts;
    expect(districts).toHaveLength(11);
    const codes = districts.map((d: { code: string }) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining(["centre-ville", "nantes-nord", "doulon-bottiere"]),
    );
    const nord = districts.find((d: { code: string }) => d.code === "nantes-nord");
    expect(nord).toMatchObject({
      city: "Nantes",
      qpv: true,
      priorityNeighbourhoods: ["Nantes Nord"],
    });
    expect(nord.geometry.type).toBe("MultiPolygon");
    const centre = districts.find((d: { code: string }) => d.code === "centre-ville");
    expect(centre).toMatchObject({ qpv: false, priorityNeighbourhoods: [] });
  });

  it("finds one district by code", async () => {
    const res = await t.gql(`{ district(code: "ile-de-nantes") { code name } }`);
    expect(res.data!.district).toEqual({ code: "ile-de-nantes", name: "Île de Nantes" });
  });

  it("answers NOT_FOUND for an unknown code and BAD_USER_INPUT for a malformed one", async () => {
    const unknown = await t.gql(`{ district(code: "atlantis") { code } }`);
    expect(unknown.status).toBe(200);
    expect(unknown.errors![0].extensions!.code).toBe("NOT_FOUND");
    const malformed = await t.gql(`{ district(code: "Nantes Nord!") { code } }`);
    expect(malformed.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
  });
});

describe("structures", () => {
  it("spreads at least 40 demo structures and 120 offers over every quartier", async () => {
    const all: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await t.gql(STRUCTURE_PAGE, { first: 100, after });
      expect(res.errors).toBeUndefined();
      all.push(...res.data.structures.edges.map((e: any) => e.node));
      if (!res.data.structures.pageInfo.hasNextPage) break;
      after = res.data.structures.pageInfo.endCursor;
    }
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(all.every((s) => s.source === "demo")).toBe(true);
    expect(all.flatMap((s) => s.offers).length).toBeGreaterThanOrEqual(120);
    const quartiers = new Set(all.map((s) => s.district?.code));
    expect(quartiers.size).toBe(11);
    expect(quartiers.has(undefined)).toBe(false);
    for (const s of all) for (const o of s.offers) expect(o.structure.id).toBe(s.id);
  });

  it("derives the district from the coordinates", async () => {
    const res = await t.gql(STRUCTURE_PAGE, { first: 100 });
    for (const { node } of res.data!.structures.edges) {
      expect(node.location).not.toBeNull();
      expect(node.district).not.toBeNull();
    }
  });

  it("costs a bounded number of SQL statements for a page of 50 with offers and districts", async () => {
    const res = await t.gql(STRUCTURE_PAGE, { first: 50 });
    expect(res.data!.structures.edges).toHaveLength(50);
    const log = await lastRequestLog(t, "StructurePage");
    // one page query, one offers batch, and the districts (cached by the process for a minute)
    expect(log.sqlStatements).toBeGreaterThanOrEqual(2);
    expect(log.sqlStatements).toBeLessThanOrEqual(3);
    process.stdout.write(
      `structures page of 50 with offers and districts: ${log.sqlStatements} SQL statements\n`,
    );
  });

  it("gives each structure of a page its own active offers, in title order, as one structure query does", async () => {
    const page = await t.gql(STRUCTURE_PAGE, { first: 30 });
    const nodes = page.data!.structures.edges.map((e: any) => e.node);
    expect(nodes.flatMap((n: any) => n.offers).length).toBeGreaterThan(30);
    for (const node of nodes) {
      const one = await t.gql(`query($id: ID!) { structure(id: $id) { offers { id } } }`, {
        id: node.id,
      });
      expect(node.offers.map((o: any) => o.id)).toEqual(
        one.data!.structure.offers.map((o: any) => o.id),
      );
      expect(node.offers.every((o: any) => o.structure.id === node.id && o.active)).toBe(true);
    }
  });

  it("lists suspended offers in a page only when asked, next to the active ones", async () => {
    const first = (await t.gql(STRUCTURE_PAGE, { first: 1 })).data!.structures.edges[0].node;
    const [{ id: suspended }] = await t.database.db.dataSource.query(
      `INSERT INTO service_offer (structure_id, title, category, active)
       VALUES ($1, 'En pause (page)', 'DIGITAL_LEISURE', false) RETURNING id`,
      [first.id],
    );
    const BOTH = `{ structures(first: 1) { edges { node { id active: offers { id } all: offers(includeSuspended: true) { id } } } } }`;
    try {
      const anonymous = await t.gql(BOTH);
      expect(anonymous.errors![0].extensions!.code).toBe("FORBIDDEN");
      expect(JSON.stringify(anonymous.data)).not.toContain(suspended);
      const admin = await loginAs(t, "admin@maillage.test");
      const res = await t.gql(BOTH, {}, { cookie: admin });
      const node = res.data!.structures.edges[0].node;
      expect(node.id).toBe(first.id);
      expect(node.all.map((o: any) => o.id)).toContain(suspended);
      expect(node.active.map((o: any) => o.id)).not.toContain(suspended);
      expect(node.all).toHaveLength(node.active.length + 1);
    } finally {
      await t.database.db.dataSource.query(`DELETE FROM service_offer WHERE id = $1`, [suspended]);
    }
  });

  it("filters by district and by need, with a consistent totalCount", async () => {
    const byDistrict = await t.gql(STRUCTURE_PAGE, {
      first: 100,
      filter: { districtCodes: ["nantes-nord"] },
    });
    const nodes = byDistrict.data!.structures.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(byDistrict.data!.structures.totalCount).toBe(nodes.length);
    expect(nodes.every((n: any) => n.district.code === "nantes-nord")).toBe(true);

    const byNeed = await t.gql(STRUCTURE_PAGE, {
      first: 100,
      filter: {
        categories: ["AFFORDABLE_EQUIPMENT"],
        districtCodes: ["nantes-nord", "centre-ville"],
      },
    });
    const needNodes = byNeed.data!.structures.edges.map((e: any) => e.node);
    for (const n of needNodes) {
      expect(["nantes-nord", "centre-ville"]).toContain(n.district.code);
      expect(n.offers.some((o: any) => o.category === "AFFORDABLE_EQUIPMENT")).toBe(true);
    }
  });

  it("finds one structure by id with its offers", async () => {
    const page = await t.gql(STRUCTURE_PAGE, { first: 1 });
    const id = page.data!.structures.edges[0].node.id;
    const res = await t.gql(
      `query($id: ID!) { structure(id: $id) { id name offers { title } openingHours { osm } } }`,
      { id },
    );
    expect(res.data!.structure.id).toBe(id);
  });

  it("answers BAD_USER_INPUT for a malformed id and NOT_FOUND for an unknown one", async () => {
    const malformed = await t.gql(`{ structure(id: "42; DROP TABLE structure") { id } }`);
    expect(malformed.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    const unknown = await t.gql(`{ structure(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown.errors![0].extensions!.code).toBe("NOT_FOUND");
  });
});

describe("pagination", () => {
  it("walks every structure exactly once, page after page", async () => {
    const total = (await t.gql(STRUCTURE_PAGE, { first: 0 })).data!.structures.totalCount;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: any = await t.gql(STRUCTURE_PAGE, { first: 7, after });
      const c = res.data.structures;
      expect(c.totalCount).toBe(total);
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...c.edges.map((e: any) => e.node.id));
      pages++;
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 7));
  });

  it("returns no edges but the total for first = 0", async () => {
    const res = await t.gql(STRUCTURE_PAGE, { first: 0 });
    const c = res.data!.structures;
    expect(c.edges).toEqual([]);
    expect(c.totalCount).toBeGreaterThan(0);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, startCursor: null, endCursor: null });
  });

  it("keeps the total on an empty page past the end", async () => {
    const all = await t.gql(STRUCTURE_PAGE, { first: 100 });
    const last = all.data!.structures.pageInfo.endCursor;
    const res = await t.gql(STRUCTURE_PAGE, { first: 10, after: last });
    expect(res.data!.structures.edges).toEqual([]);
    expect(res.data!.structures.totalCount).toBe(all.data!.structures.totalCount);
    expect(res.data!.structures.pageInfo.hasNextPage).toBe(false);
  });

  it.each([101, -1, 100000])("refuses first = %d with BAD_USER_INPUT", async (first) => {
    const res = await t.gql(STRUCTURE_PAGE, { first });
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "first" });
  });

  it.each([
    ["not base64", "%%%"],
    ["base64 of garbage", Buffer.from("hello").toString("base64url")],
    ["wrong shape", Buffer.from(JSON.stringify([1, 2])).toString("base64url")],
    ["bad id", Buffer.from(JSON.stringify(["a", "not-a-uuid"])).toString("base64url")],
  ])("answers INVALID_CURSOR for a malformed cursor (%s)", async (_name, after) => {
    const res = await t.gql(STRUCTURE_PAGE, { first: 5, after });
    expect(res.status).toBe(200);
    expect(res.errors![0].extensions!.code).toBe("INVALID_CURSOR");
  });
});

describe("vocabularies", () => {
  it("gives the French labels of the national standard and the data·inclusion mapping", async () => {
    const res = await t.gql(
      `{ vocabularies { categories { value label labelEn thematiques } fees { value label } } }`,
    );
    const admin = res.data!.vocabularies.categories.find(
      (c: any) => c.value === "ADMINISTRATIVE_PROCEDURES",
    );
    expect(admin.label).toBe("Aide aux démarches administratives");
    expect(admin.thematiques).toContain("numerique--acceder-a-des-services-en-ligne");
    expect(res.data!.vocabularies.categories).toHaveLength(9);
    expect(res.data!.vocabularies.fees.map((f: any) => f.value)).toContain("PASS_NUMERIQUE");
  });
});
