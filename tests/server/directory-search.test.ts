import { parisMinuteOfWeek } from "../../server/src/modules/structure/paris-time";
import { addStructure } from "./support/directory-fixtures";
import { lastRequestLog, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
const ids: Record<string, string> = {};

// Known points: Place Royale (centre-ville), Dervallières, Doulon - Bottière.
const ROYALE = { lat: 47.2184, lon: -1.5536 };
const DERVALLIERES = { lat: 47.2112, lon: -1.5989 };
const BOTTIERE = { lat: 47.2303, lon: -1.5186 };

beforeAll(async () => {
  t = await startTestApp({ seed: "districts" });
  const ds = t.database.db.dataSource;
  const add = async (key: string, f: Parameters<typeof addStructure>[1]) => {
    ids[key] = (await addStructure(ds, f)).id;
  };
  await add("library", {
    name: "Bibliothèque Jacques Demy",
    ...ROYALE,
    openingHours: "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00",
    programmes: ["REFERENCE_DIGITAL_LIBRARIES"],
    offers: [
      {
        title: "Accès libre aux ordinateurs",
        category: "INTERNET_AND_EQUIPMENT_ACCESS",
        fees: ["FREE"],
        supportModes: ["AUTONOMY"],
      },
      {
        title: "Atelier smartphone",
        category: "EVERYDAY_DIGITAL_TOOLS",
        publics: ["SENIORS"],
        fees: ["FREE"],
        supportModes: ["COLLECTIVE"],
      },
    ],
  });
  await add("franceServices", {
    name: "France Services Dervallières",
    ...DERVALLIERES,
    openingHours: "Mo-Fr 09:00-17:00; PH off",
    programmes: ["FRANCE_SERVICES", "AIDANTS_CONNECT"],
    passNumerique: true,
    offers: [
      {
        title: "Démarches administratives en ligne",
        description: "CAF, déclaration d'impôts, carte grise",
        category: "ADMINISTRATIVE_PROCEDURES",
        fees: ["FREE", "PASS_NUMERIQUE"],
        supportModes: ["INDIVIDUAL"],
        accessModes: ["WALK_IN", "PHONE"],
      },
    ],
  });
  await add("asso", {
    name: "Récup'Ordi Bottière",
    ...BOTTIERE,
    openingHours: "Tu,Th 14:00-18:00",
    offers: [
      {
        title: "Ordinateurs reconditionnés",
        category: "AFFORDABLE_EQUIPMENT",
        fees: ["PAID"],
        publics: ["FAMILIES"],
      },
      {
        title: "Initiation informatique",
        category: "EVERYDAY_DIGITAL_TOOLS",
        fees: ["FREE"],
        publics: ["YOUTH"],
      },
    ],
  });
  await add("night", {
    name: "Veille numérique de nuit",
    ...ROYALE,
    openingHours: "Sa 20:00-24:00; Su 00:00-06:00",
    offers: [{ title: "Écoute numérique", category: "SAFE_DIGITAL_USE" }],
  });
  await add("archived", {
    name: "Bibliothèque fermée",
    ...ROYALE,
    archived: true,
    offers: [{ title: "Démarches", category: "ADMINISTRATIVE_PROCEDURES" }],
  });
  await add("suspended", {
    name: "Association en pause",
    ...ROYALE,
    offers: [
      { title: "Démarches suspendues", category: "ADMINISTRATIVE_PROCEDURES", active: false },
    ],
  });
});
afterAll(() => t?.stop());

const SEARCH = `
  query Search($filter: DirectoryFilter, $orderBy: DirectoryOrder, $first: Int = 50, $after: String) {
    structures(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name distanceMeters district { code } offers { title category } } }
    }
  }`;

async function names(filter: Record<string, unknown>, orderBy?: string): Promise<string[]> {
  const res = await t.gql(SEARCH, { filter, orderBy });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const c = res.data!.structures;
  expect(c.totalCount).toBe(c.edges.length);
  return c.edges.map((e: any) => e.node.name);
}

describe("French full text", () => {
  it.each([
    ["démarche", ["France Services Dervallières"]],
    ["DEMARCHES", ["France Services Dervallières"]],
    ["bibliotheque", ["Bibliothèque Jacques Demy"]],
    ["Bibliothèque", ["Bibliothèque Jacques Demy"]],
    ["ordinateur", ["Bibliothèque Jacques Demy", "Récup'Ordi Bottière"]],
    ["impots", ["France Services Dervallières"]],
    ["reconditionné", ["Récup'Ordi Bottière"]],
    ["vélo", []],
  ])(
    "%j finds %j (case, accents, stems; archived and suspended left out)",
    async (text, expected) => {
      expect((await names({ text })).sort()).toEqual([...expected].sort());
    },
  );

  it("finds the same once its statement is prepared and runs on a generic plan", async () => {
    // Prepared from the third send on a connection, generic from the sixth execution there:
    // the text query is then computed from its parameter by the plan itself.
    for (let i = 0; i < 12; i++) {
      expect((await names({ text: "ordinateur" })).sort()).toEqual([
        "Bibliothèque Jacques Demy",
        "Récup'Ordi Bottière",
      ]);
      expect(await names({ text: "impots", openAt: "2026-10-26T08:30:00Z" })).toEqual([
        "France Services Dervallières",
      ]);
      expect(await names({ text: "impots", openAt: "2026-10-26T07:30:00Z" })).toEqual([]);
    }
  });

  it("orders by relevance when text is given", async () => {
    const res = await t.gql(SEARCH, { filter: { text: "ordinateurs reconditionnés" } });
    expect(res.data!.structures.edges[0].node.name).toBe("Récup'Ordi Bottière");
  });
});

describe("filters", () => {
  it("by district and need", async () => {
    // a structure whose only offer is suspended stays in the directory; the archived one leaves it
    expect(await names({ districtCodes: ["centre-ville"] })).toEqual([
      "Association en pause",
      "Bibliothèque Jacques Demy",
      "Veille numérique de nuit",
    ]);
    expect(await names({ categories: ["ADMINISTRATIVE_PROCEDURES"] })).toEqual([
      "France Services Dervallières",
    ]);
    expect(
      await names({ categories: ["EVERYDAY_DIGITAL_TOOLS"], districtCodes: ["doulon-bottiere"] }),
    ).toEqual(["Récup'Ordi Bottière"]);
  });

  it("by public: an offer for everyone matches any public", async () => {
    expect(await names({ publics: ["SENIORS"], categories: ["EVERYDAY_DIGITAL_TOOLS"] })).toEqual([
      "Bibliothèque Jacques Demy",
    ]);
    expect(await names({ publics: ["WOMEN"], categories: ["ADMINISTRATIVE_PROCEDURES"] })).toEqual([
      "France Services Dervallières",
    ]);
    expect(await names({ publics: ["WOMEN"], categories: ["AFFORDABLE_EQUIPMENT"] })).toEqual([]);
  });

  it("by fees, Pass numérique, support and access modes, programmes", async () => {
    expect(await names({ fees: ["PASS_NUMERIQUE"] })).toEqual(["France Services Dervallières"]);
    expect((await names({ fees: ["FREE"] })).sort()).toEqual([
      "Bibliothèque Jacques Demy",
      "France Services Dervallières",
      "Récup'Ordi Bottière",
    ]);
    expect(await names({ supportModes: ["COLLECTIVE"] })).toEqual(["Bibliothèque Jacques Demy"]);
    expect(await names({ accessModes: ["PHONE"] })).toEqual(["France Services Dervallières"]);
    expect(await names({ programmes: ["AIDANTS_CONNECT"] })).toEqual([
      "France Services Dervallières",
    ]);
  });

  it("requires the offer criteria to hold for one same offer", async () => {
    // Récup'Ordi has a PAID equipment offer and a FREE initiation: no FREE equipment offer.
    expect(await names({ categories: ["AFFORDABLE_EQUIPMENT"], fees: ["FREE"] })).toEqual([]);
    expect(await names({ categories: ["AFFORDABLE_EQUIPMENT"], fees: ["PAID"] })).toEqual([
      "Récup'Ordi Bottière",
    ]);
  });
});

describe("a structure's needs follow its offers", () => {
  it("as offers are added, suspended, moved to another need, resumed and deleted", async () => {
    const ds = t.database.db.dataSource;
    const { id } = await addStructure(ds, {
      name: "Point numérique mobile",
      ...BOTTIERE,
      programmes: ["CONSEILLERS_NUMERIQUES"],
      offers: [{ title: "Culture numérique", category: "DIGITAL_CULTURE" }],
    });
    const culture = { categories: ["DIGITAL_CULTURE"], programmes: ["CONSEILLERS_NUMERIQUES"] };
    const parenting = { categories: ["DIGITAL_PARENTING"] };
    expect(await names(culture)).toEqual(["Point numérique mobile"]);
    expect(await names(parenting)).toEqual([]);

    await ds.query(
      `INSERT INTO service_offer (structure_id, title, category) VALUES ($1, 'Parentalité', 'DIGITAL_PARENTING')`,
      [id],
    );
    expect(await names(parenting)).toEqual(["Point numérique mobile"]);

    await ds.query(
      `UPDATE service_offer SET active = false WHERE structure_id = $1 AND category = 'DIGITAL_CULTURE'`,
      [id],
    );
    expect(await names(culture)).toEqual([]);
    expect(await names({ categories: ["DIGITAL_CULTURE", "DIGITAL_PARENTING"] })).toEqual([
      "Point numérique mobile",
    ]);

    await ds.query(
      `UPDATE service_offer SET active = true, category = 'SAFE_DIGITAL_USE' WHERE structure_id = $1 AND category = 'DIGITAL_CULTURE'`,
      [id],
    );
    expect(await names(culture)).toEqual([]);
    expect((await names({ categories: ["SAFE_DIGITAL_USE"] })).sort()).toEqual([
      "Point numérique mobile",
      "Veille numérique de nuit",
    ]);

    await ds.query(`DELETE FROM service_offer WHERE structure_id = $1`, [id]);
    expect(await names(parenting)).toEqual([]);
    expect(await names({ categories: ["SAFE_DIGITAL_USE"] })).toEqual(["Veille numérique de nuit"]);
    await ds.query(`UPDATE structure SET archived_at = now() WHERE id = $1`, [id]);
  });
});

describe("open at (Europe/Paris, daylight saving)", () => {
  it.each([
    ["2026-03-27T08:30:00Z", true], // Friday 09:30 CET, before the spring change
    ["2026-03-30T07:30:00Z", true], // Monday 09:30 CEST, after it
    ["2026-03-30T06:30:00Z", false], // Monday 08:30 CEST (07:30 in UTC+1 terms: would be wrong)
    ["2026-10-23T07:30:00Z", true], // Friday 09:30 CEST, before the autumn change
    ["2026-10-26T08:30:00Z", true], // Monday 09:30 CET, after it
    ["2026-10-26T07:30:00Z", false], // Monday 08:30 CET
    ["2026-10-26T16:30:00Z", true], // Monday 17:30 CET
    ["2026-10-26T17:30:00Z", false], // Monday 18:30 CET
  ])("the library (Mo-Fr 09-12, 14-18) at %s is open: %s", async (openAt, open) => {
    expect((await names({ openAt })).includes("Bibliothèque Jacques Demy")).toBe(open);
  });

  it("counts the minute of the week as PostgreSQL's paris_minute_of_week does", async () => {
    // Every 7 minutes across both daylight-saving weeks of 2026, and a week's edges.
    const instants: Date[] = [];
    for (const from of ["2026-03-26T00:00:00Z", "2026-10-22T00:00:00Z"]) {
      for (let m = 0; m < 5 * 1440; m += 7) {
        instants.push(new Date(Date.parse(from) + m * 60_000 + 13_000));
      }
    }
    instants.push(new Date("2026-12-06T22:59:59Z"), new Date("2026-12-06T23:00:00Z"));
    const rows: { m: number }[] = await t.database.db.dataSource.query(
      `SELECT paris_minute_of_week(u.t) AS m
         FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(t, n) ORDER BY u.n`,
      [instants.map((d) => d.toISOString())],
    );
    expect(instants.map(parisMinuteOfWeek)).toEqual(rows.map((r) => r.m));
    expect(parisMinuteOfWeek(new Date("2026-12-06T22:59:59Z"))).toBe(10079); // Sunday 23:59
    expect(parisMinuteOfWeek(new Date("2026-12-06T23:00:00Z"))).toBe(0); // Monday 00:00
  });

  it("handles hours around the spring change night", async () => {
    // Sunday 29 March 2026: 01:30 UTC is 03:30 CEST, inside "Su 00:00-06:00"
    expect(
      await names({ openAt: "2026-03-29T01:30:00Z", districtCodes: ["centre-ville"] }),
    ).toEqual(["Veille numérique de nuit"]);
    // Saturday 23:30 CET = 22:30 UTC, inside "Sa 20:00-24:00"
    expect(
      await names({ openAt: "2026-03-28T22:30:00Z", districtCodes: ["centre-ville"] }),
    ).toEqual(["Veille numérique de nuit"]);
    expect(
      await names({ openAt: "2026-03-29T05:30:00Z", districtCodes: ["centre-ville"] }),
    ).toEqual([]);
  });

  it("openNow gives the same answer as openAt the current instant", async () => {
    expect(await names({ openNow: true })).toEqual(
      await names({ openAt: new Date().toISOString() }),
    );
  });
});

describe("near a point", () => {
  it("returns the distance and sorts by it", async () => {
    const res = await t.gql(SEARCH, {
      filter: { near: { ...ROYALE, radiusMeters: 5000 } },
      orderBy: "DISTANCE",
    });
    const nodes = res.data!.structures.edges.map((e: any) => e.node);
    expect(nodes.slice(3).map((n: any) => n.name)).toEqual([
      "Récup'Ordi Bottière",
      "France Services Dervallières",
    ]);
    expect(nodes[0].distanceMeters).toBeCloseTo(0, 3);
    // Place Royale → Dervallières: 3.52 km by the haversine formula
    expect(nodes[4].distanceMeters).toBeGreaterThan(3400);
    expect(nodes[4].distanceMeters).toBeLessThan(3650);
    const distances = nodes.map((n: any) => n.distanceMeters);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
  });

  it("leaves out what is beyond the radius", async () => {
    expect((await names({ near: { ...ROYALE, radiusMeters: 1000 } })).sort()).toEqual([
      "Association en pause",
      "Bibliothèque Jacques Demy",
      "Veille numérique de nuit",
    ]);
  });

  it("pages by distance without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await t.gql(SEARCH, {
        filter: { near: { ...ROYALE, radiusMeters: 50000 } },
        orderBy: "DISTANCE",
        first: 1,
        after,
      });
      seen.push(...res.data.structures.edges.map((e: any) => e.node.id));
      if (!res.data.structures.pageInfo.hasNextPage) break;
      after = res.data.structures.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});

describe("offers", () => {
  const OFFERS = `query($filter: DirectoryFilter, $orderBy: DirectoryOrder) { offers(filter: $filter, orderBy: $orderBy, first: 50) {
    totalCount edges { node { title distanceMeters structure { name } } } } }`;

  it("applies the same filter to offers", async () => {
    const res = await t.gql(OFFERS, {
      filter: { fees: ["FREE"], districtCodes: ["centre-ville"] },
    });
    expect(res.data!.offers.edges.map((e: any) => e.node.title).sort()).toEqual([
      "Accès libre aux ordinateurs",
      "Atelier smartphone",
    ]);
    const text = await t.gql(OFFERS, { filter: { text: "demarches" } });
    expect(text.data!.offers.edges.map((e: any) => e.node.title)).toEqual([
      "Démarches administratives en ligne",
    ]);
    const near = await t.gql(OFFERS, {
      filter: { near: { ...BOTTIERE, radiusMeters: 500 } },
      orderBy: "DISTANCE",
    });
    expect(near.data!.offers.totalCount).toBe(2);
    expect(near.data!.offers.edges[0].node.distanceMeters).toBeLessThan(1);
  });
});

describe("bounded cost", () => {
  it("a filtered page with offers and districts costs 3 statements", async () => {
    const res = await t.gql(SEARCH, {
      filter: {
        text: "ordinateur",
        near: { ...ROYALE, radiusMeters: 10000 },
        openAt: "2026-10-26T08:30:00Z",
        fees: ["FREE", "PAID"],
      },
    });
    expect(res.errors).toBeUndefined();
    expect((await lastRequestLog(t, "Search")).sqlStatements).toBeLessThanOrEqual(3);
  });
});

describe("bad input", () => {
  it.each([
    [{ near: { lat: 91, lon: 0, radiusMeters: 100 } }, "filter.near.lat"],
    [{ near: { lat: 47, lon: -181, radiusMeters: 100 } }, "filter.near.lon"],
    [{ near: { lat: 47, lon: -1, radiusMeters: 0 } }, "filter.near.radiusMeters"],
    [{ near: { lat: 47, lon: -1, radiusMeters: 50001 } }, "filter.near.radiusMeters"],
    [{ text: "x".repeat(10_000) }, "filter.text"],
    [{ openNow: true, openAt: "2026-01-01T10:00:00Z" }, "filter.openAt"],
    [{ districtCodes: ["../etc"] }, "filter.districtCodes"],
  ])("%j is refused with BAD_USER_INPUT on %s", async (filter, argument) => {
    const res = await t.gql(SEARCH, { filter });
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });

  it("refuses orders that need a missing filter", async () => {
    expect((await t.gql(SEARCH, { orderBy: "DISTANCE" })).errors![0].extensions!.argument).toBe(
      "orderBy",
    );
    expect((await t.gql(SEARCH, { orderBy: "RELEVANCE" })).errors![0].extensions!.argument).toBe(
      "orderBy",
    );
  });

  it("refuses an unknown enum value and more than 100 items", async () => {
    const unknownEnum = await t.gql(SEARCH, { filter: { categories: ["COOKING"] } });
    expect(unknownEnum.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    expect(unknownEnum.errors![0].message).toMatch(/COOKING/);
    expect((await t.gql(SEARCH, { first: 101 })).errors![0].extensions!.code).toBe(
      "BAD_USER_INPUT",
    );
  });
});

describe("opening hours of a structure", () => {
  it("gives the weekly pattern and the next opening and closing", async () => {
    const res = await t.gql(
      `query($id: ID!) { structure(id: $id) { openingHours { osm openNow nextOpeningAt nextClosingAt weekly { day opens closes } } } }`,
      {
        id: ids.library,
      },
    );
    const oh = res.data!.structure.openingHours;
    expect(oh.osm).toBe("Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00");
    expect(oh.weekly).toHaveLength(11);
    expect(oh.weekly[0]).toEqual({ day: 1, opens: "09:00", closes: "12:00" });
    expect(oh.weekly.at(-1)).toEqual({ day: 6, opens: "10:00", closes: "12:00" });
    expect(typeof oh.openNow).toBe("boolean");
    expect(new Date(oh.nextOpeningAt ?? oh.nextClosingAt).getTime()).toBeGreaterThan(Date.now());
  });
});

describe("coverage", () => {
  const COVERAGE = `query($c: [ServiceCategory!]) { coverage(categories: $c) {
    categories
    districts { priority district { code qpv rep repPlus } cells { category activeOffers structures freeOffers passNumeriqueOffers covered } }
    priorityGaps { districtCode category } } }`;

  it("gives the district × need matrix with priority gaps", async () => {
    const res = await t.gql(COVERAGE, {
      c: ["ADMINISTRATIVE_PROCEDURES", "EVERYDAY_DIGITAL_TOOLS"],
    });
    const m = res.data!.coverage;
    expect(m.districts).toHaveLength(11);
    const cell = (code: string, i: number) =>
      m.districts.find((d: any) => d.district.code === code).cells[i];
    expect(cell("dervallieres-zola", 0)).toEqual({
      category: "ADMINISTRATIVE_PROCEDURES",
      activeOffers: 1,
      structures: 1,
      freeOffers: 1,
      passNumeriqueOffers: 1,
      covered: true,
    });
    // the archived structure and the suspended offer do not count
    expect(cell("centre-ville", 0)).toMatchObject({ activeOffers: 0, covered: false });
    expect(cell("centre-ville", 1)).toMatchObject({ activeOffers: 1, structures: 1 });
    expect(cell("doulon-bottiere", 1)).toMatchObject({ activeOffers: 1, freeOffers: 1 });
    // Nantes Nord is a priority district with nothing at all
    expect(m.priorityGaps).toEqual(
      expect.arrayContaining([
        { districtCode: "nantes-nord", category: "ADMINISTRATIVE_PROCEDURES" },
        { districtCode: "nantes-nord", category: "EVERYDAY_DIGITAL_TOOLS" },
      ]),
    );
    expect(m.priorityGaps).not.toContainEqual({
      districtCode: "dervallieres-zola",
      category: "ADMINISTRATIVE_PROCEDURES",
    });
    // centre-ville is no priority district: its gap is not listed
    expect(m.priorityGaps.some((g: any) => g.districtCode === "centre-ville")).toBe(false);
  });

  it("covers every need when none is asked", async () => {
    const res = await t.gql(COVERAGE, {});
    expect(res.data!.coverage.categories).toHaveLength(9);
    expect(res.data!.coverage.districts[0].cells).toHaveLength(9);
  });
});
