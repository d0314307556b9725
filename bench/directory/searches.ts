/** The six representative directory searches, as the client sends them. */
import { districts } from "./generate";

/** One page of 20 structures as the directory's list shows them: offers and district included. */
export const SEARCH_QUERY = `query DirectorySearch($filter: DirectoryFilter, $orderBy: DirectoryOrder) {
  structures(filter: $filter, orderBy: $orderBy, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id name kind summary distanceMeters
        address { city postalCode }
        district { code name }
        offers { title category fees }
      }
    }
  }
}`;

export interface BenchSearch {
  name: string;
  variables: { filter: Record<string, unknown>; orderBy?: string };
}

/** A generated town centre (the centre of its district's grid cell). */
function centre(code: string) {
  const d = districts().find((x) => x.code === code);
  if (!d) throw new Error(`no bench district ${code}`);
  return { lat: d.lat, lon: d.lon };
}
const LYON = centre("lyon-centre");
const MARSEILLE = centre("marseille-centre");

export const SEARCHES: BenchSearch[] = [
  {
    name: "text + district (RELEVANCE)",
    variables: { filter: { text: "atelier smartphone", districtCodes: ["paris-centre"] } },
  },
  {
    name: "need + near 5 km + openNow (DISTANCE)",
    variables: {
      filter: {
        categories: ["ADMINISTRATIVE_PROCEDURES"],
        near: { ...LYON, radiusMeters: 5_000 },
        openNow: true,
      },
    },
  },
  {
    name: "need + fees PASS_NUMERIQUE + 2 districts (NAME)",
    variables: {
      filter: {
        categories: ["EVERYDAY_DIGITAL_TOOLS"],
        fees: ["PASS_NUMERIQUE"],
        districtCodes: ["paris-centre", "paris-nord"],
      },
    },
  },
  {
    name: "publics + supportModes + near 10 km (DISTANCE)",
    variables: {
      filter: {
        publics: ["SENIORS"],
        supportModes: ["COLLECTIVE"],
        near: { ...MARSEILLE, radiusMeters: 10_000 },
      },
      orderBy: "DISTANCE",
    },
  },
  {
    name: "text alone, national (RELEVANCE)",
    variables: { filter: { text: "démarches administratives" }, orderBy: "RELEVANCE" },
  },
  {
    name: "need + openAt + programme, national (NAME)",
    variables: {
      filter: {
        categories: ["DIGITAL_EMPLOYABILITY"],
        openAt: "2026-12-01T09:30:00Z", // a Tuesday, 10:30 in Paris
        programmes: ["CONSEILLERS_NUMERIQUES"],
      },
    },
  },
];
