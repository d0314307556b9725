import { recordQueries } from "../../server/src/db/query-counter";
import { addStructure } from "./support/directory-fixtures";
import { startTestApp, type TestApp } from "./support/test-app";

// The directory's pages read only the columns their selection needs (directory-columns.ts):
// the answers must be the very same JSON as when every column is read. Every column is read
// when the selection has a field outside the column maps: `locationCheck` (null for anonymous
// callers) is such a field, added under an alias and removed before comparing.

let t: TestApp;

beforeAll(async () => {
  // Not shared: each request is executed, which is what is compared.
  t = await startTestApp({ seed: "districts", env: { SHARED_RESULTS: "false" } });
  const ds = t.database.db.dataSource;
  const parent = await addStructure(ds, {
    name: "Réseau des médiathèques",
    lat: 47.2184,
    lon: -1.5536,
  });
  await addStructure(ds, {
    name: "Médiathèque Jacques Demy",
    lat: 47.2184,
    lon: -1.5536,
    summary: "Ordinateurs en accès libre",
    openingHours: "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00",
    programmes: ["REFERENCE_DIGITAL_LIBRARIES"],
    passNumerique: true,
    offers: [
      { title: "Accès libre", category: "INTERNET_AND_EQUIPMENT_ACCESS", fees: ["FREE"] },
      {
        title: "Atelier smartphone",
        description: "Le mardi",
        category: "EVERYDAY_DIGITAL_TOOLS",
        publics: ["SENIORS"],
        supportModes: ["COLLECTIVE"],
        accessModes: ["WALK_IN"],
      },
      { title: "En pause", category: "SAFE_DIGITAL_USE", active: false },
    ],
  });
  await addStructure(ds, {
    name: "Médiathèque sans horaires",
    lat: 47.2303,
    lon: -1.5186,
    openingHours: null,
    offers: [
      { title: "Démarches", category: "ADMINISTRATIVE_PROCEDURES", fees: ["PASS_NUMERIQUE"] },
    ],
  });
  await ds.query(`UPDATE structure SET parent_id = $1 WHERE name LIKE 'Médiathèque%'`, [parent.id]);
});
afterAll(() => t?.stop());

const structuresPage = (
  node: string,
) => `query Page($filter: DirectoryFilter, $orderBy: DirectoryOrder) {
  structures(filter: $filter, orderBy: $orderBy, first: 2) {
    totalCount pageInfo { hasNextPage endCursor startCursor } edges { cursor node { ${node} } }
  }
}`;
const offersPage = (
  node: string,
) => `query Page($filter: DirectoryFilter, $orderBy: DirectoryOrder) {
  offers(filter: $filter, orderBy: $orderBy, first: 3) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${node} } }
  }
}`;

const SELECTIONS: [string, string][] = [
  [
    "the directory's list",
    "id name kind summary passNumerique distanceMeters address { street postalCode city } district { code name } location { lat lon } openingHours { openNow nextOpeningAt } offers { id category fees }",
  ],
  [
    "opening hours in full",
    "name openingHours { osm openNow nextOpeningAt nextClosingAt weekly { day opens closes } }",
  ],
  [
    "a fragment and every plain field",
    "...F offers { id title description category publics supportModes accessModes fees capacityPerWeek active version createdAt updatedAt }",
  ],
  [
    "fields outside the map (parent, offers.structure)",
    "name parent { name summary } offers { title structure { name emails } }",
  ],
  [
    "suspended offers and the default ones",
    "name offers { title } all: offers(includeSuspended: false) { title fees }",
  ],
  ["nothing but the id", "id"],
];
const FRAGMENT = `fragment F on Structure { __typename id name kind pivot districtOverridden phone emails websites summary description programmes labels otherLabels passNumerique specificSupports mobility accessibilityUrl requiresProConnect appointmentUrl source version archivedAt mergedIntoId createdAt updatedAt }`;

const FILTERS = [
  { filter: { text: "médiathèque" } },
  { filter: { near: { lat: 47.2184, lon: -1.5536, radiusMeters: 5000 } }, orderBy: "DISTANCE" },
  { filter: { categories: ["EVERYDAY_DIGITAL_TOOLS", "ADMINISTRATIVE_PROCEDURES"] } },
];

/** The answer to `query`, and the statements it sent. */
async function answer(query: string, variables: Record<string, unknown>) {
  const statements: string[] = [];
  recordQueries((q) => statements.push(q.sql));
  try {
    const res = await t.gql(query, variables);
    expect(res.errors).toBeUndefined();
    return { data: res.data!, statements };
  } finally {
    recordQueries(null);
  }
}

function withoutAlias(data: any, connection: string): any {
  for (const edge of data[connection].edges) delete edge.node.zzEveryColumn;
  return data;
}

describe.each(SELECTIONS)("a structures page (%s)", (_, node) => {
  it.each(FILTERS)("is the same JSON as with every column read, for %j", async (variables) => {
    const fragment = node.includes("...F") ? FRAGMENT : "";
    const narrow = await answer(structuresPage(node) + fragment, variables);
    const whole = await answer(
      structuresPage(`${node} zzEveryColumn: locationCheck { toCheck }`) + fragment,
      variables,
    );
    expect(narrow.data.structures.edges.length).toBeGreaterThan(0);
    expect(JSON.stringify(narrow.data)).toBe(
      JSON.stringify(withoutAlias(whole.data, "structures")),
    );
    expect(whole.statements[0]).toContain('t."emails"');
  });
});

describe("the columns read", () => {
  it("are those of the selection only, offers included", async () => {
    const { statements } = await answer(structuresPage(SELECTIONS[0][1]), FILTERS[0]);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain('t."opening_hours"');
    expect(statements[0]).toContain('t."insee_code"');
    expect(statements[0]).not.toContain('t."emails"');
    expect(statements[1]).toContain('"fees"');
    expect(statements[1]).not.toContain('"publics"');
  });

  it("are every column when the page's structures may be reached again", async () => {
    const { statements } = await answer(structuresPage(SELECTIONS[3][1]), FILTERS[0]);
    expect(statements[0]).toContain('t."emails"');
  });
});

describe.each([
  ["a few fields", "id title fees distanceMeters"],
  ["its structure", "title category structure { name openingHours { openNow } }"],
])("an offers page (%s)", (_, node) => {
  it.each(FILTERS)("is the same JSON as with every column read, for %j", async (variables) => {
    const narrow = await answer(offersPage(node), variables);
    // Every offer field is in the map: compare with a page that asks them all (so reads every
    // column), keeping only the fields the narrow page asked.
    const every =
      "id title description category publics supportModes accessModes fees capacityPerWeek active version createdAt updatedAt";
    const whole = await answer(offersPage(`${node} ${every}`), variables);
    expect(whole.statements[0]).toContain('t."publics"');
    whole.data.offers.edges.forEach((edge: any, i: number) => {
      const asked = narrow.data.offers.edges[i]?.node ?? {};
      for (const key of Object.keys(edge.node)) if (!(key in asked)) delete edge.node[key];
    });
    expect(narrow.data.offers.edges.length).toBeGreaterThan(0);
    expect(JSON.stringify(narrow.data)).toBe(JSON.stringify(whole.data));
    expect(narrow.statements[0]).not.toContain('t."publics"');
  });
});
