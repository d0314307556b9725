import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { DirectoryDocument, DistrictShapesDocument } from "@/gql/graphql";
import { DirectoryPage } from "@/modules/directory/components/DirectoryPage";
import { directoryStructure, referenceMock, viewerMock } from "./support/fixtures";
import { type Mock, renderPage, searchOf } from "./support/render";

function connection(nodes: ReturnType<typeof directoryStructure>[]) {
  return {
    structures: {
      __typename: "StructureConnection",
      totalCount: nodes.length,
      pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
      edges: nodes.map((node) => ({ __typename: "StructureEdge", cursor: node.id, node })),
    },
  };
}

function directoryMock(
  matches: (filter: Record<string, unknown>, orderBy: string) => boolean,
  nodes: ReturnType<typeof directoryStructure>[] | Error,
): Mock {
  return {
    request: {
      query: DirectoryDocument,
      variables: (v: Record<string, unknown>) =>
        matches(v.filter as Record<string, unknown>, v.orderBy as string),
    },
    ...(nodes instanceof Error ? { error: nodes } : { result: { data: connection(nodes) } }),
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

const shapes: Mock = {
  request: { query: DistrictShapesDocument },
  result: { data: { districts: [] } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const base = [referenceMock, viewerMock(null), shapes];

test("lists what matches the URL's filters, with distance and open state, and keeps filters in the URL", async () => {
  const { router } = renderPage(<DirectoryPage />, {
    route: "/?need=AFFORDABLE_EQUIPMENT",
    mocks: [
      ...base,
      directoryMock(
        (f) => JSON.stringify(f.categories) === '["AFFORDABLE_EQUIPMENT"]' && !f.districtCodes,
        [
          directoryStructure({
            openingHours: { __typename: "OpeningHours", openNow: true, nextOpeningAt: null },
          }),
        ],
      ),
      directoryMock(
        (f, orderBy) =>
          JSON.stringify(f.districtCodes) === '["centre-ville"]' &&
          (f.near as { radiusMeters?: number } | null)?.radiusMeters === undefined &&
          orderBy === "NAME",
        [
          directoryStructure({
            id: "33333333-3333-4333-8333-333333333333",
            name: "Médiathèque Jacques Demy",
            passNumerique: false,
            openingHours: {
              __typename: "OpeningHours",
              openNow: false,
              nextOpeningAt: "2026-11-30T09:00:00.000Z",
            },
          }),
        ],
      ),
    ],
  });

  const card = (await screen.findByRole("heading", { name: "RéCup'Ordi 44" })).closest("article")!;
  expect(within(card).getByText("Ouvert")).toBeInTheDocument();
  expect(within(card).getByText("Pass numérique")).toBeInTheDocument();
  expect(screen.getByText("1 structure(s)")).toBeInTheDocument();
  expect(screen.getByLabelText("Besoin")).toHaveValue("AFFORDABLE_EQUIPMENT");

  // A <select> change, as the browser reports it.
  fireEvent.change(screen.getByLabelText("Quartier"), { target: { value: "centre-ville" } });
  await waitFor(() => expect(searchOf(router).get("district")).toBe("centre-ville"));
  expect(searchOf(router).get("need")).toBe("AFFORDABLE_EQUIPMENT");
  const other = (await screen.findByRole("heading", { name: "Médiathèque Jacques Demy" })).closest(
    "article",
  )!;
  expect(within(other).getByText(/^Fermé/)).toHaveTextContent(/Fermé · ouvre lun\. 10:00/);
});

test("shows the distance when searching near a point, nearest first", async () => {
  renderPage(<DirectoryPage />, {
    route: "/?near=47.2100,-1.5500&radius=5000",
    mocks: [
      ...base,
      directoryMock(
        (f, orderBy) => {
          const near = f.near as { lat: number; lon: number; radiusMeters: number } | null;
          return orderBy === "DISTANCE" && near?.lat === 47.21 && near.radiusMeters === 5000;
        },
        [directoryStructure({ distanceMeters: 2412 })],
      ),
    ],
  });
  expect(await screen.findByText("à 2,4 km")).toBeInTheDocument();
  expect(screen.getByLabelText("Dans un rayon de")).toHaveValue("5000");
});

test("an empty result says what to do and clears the filters", async () => {
  const user = userEvent.setup();
  const { router } = renderPage(<DirectoryPage />, {
    route: "/?q=introuvable&open=1",
    mocks: [
      ...base,
      directoryMock((f) => f.text === "introuvable", []),
      directoryMock((f) => !f.text, [directoryStructure()]),
    ],
  });
  expect(
    await screen.findByText("Aucune structure ne correspond à ces filtres."),
  ).toBeInTheDocument();
  expect(screen.getByText(/Élargissez la recherche/)).toBeInTheDocument();
  await user.click(screen.getAllByRole("button", { name: "Effacer les filtres" })[0]);
  await waitFor(() => expect(router.state.location.search).toBe(""));
  expect(await screen.findByRole("heading", { name: "RéCup'Ordi 44" })).toBeInTheDocument();
});

test("a failed search offers to try again", async () => {
  const user = userEvent.setup();
  renderPage(<DirectoryPage />, {
    mocks: [
      ...base,
      {
        request: { query: DirectoryDocument, variables: () => true },
        error: new Error("network down"),
      },
      {
        request: { query: DirectoryDocument, variables: () => true },
        result: { data: connection([directoryStructure()]) },
      },
    ],
  });
  const alert = (await screen.findByText(/La recherche n'a pas abouti/)).closest(
    "[role=alert]",
  ) as HTMLElement;
  await user.click(within(alert).getByRole("button", { name: "Réessayer" }));
  await waitFor(() =>
    expect(screen.getByRole("heading", { name: "RéCup'Ordi 44" })).toBeInTheDocument(),
  );
});
