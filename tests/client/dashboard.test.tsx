import { screen, within } from "@testing-library/react";
import { CoverageDocument, ReferralStatsDocument } from "@/gql/graphql";
import { DashboardPage } from "@/modules/dashboard/components/DashboardPage";
import { referenceMock } from "./support/fixtures";
import { type Mock, renderPage } from "./support/render";

const cell = (category: string, activeOffers: number) => ({
  __typename: "CoverageCell",
  category,
  activeOffers,
  structures: activeOffers,
  freeOffers: 0,
  passNumeriqueOffers: 0,
  covered: activeOffers > 0,
});

const coverage: Mock = {
  request: { query: CoverageDocument },
  result: {
    data: {
      coverage: {
        __typename: "Coverage",
        categories: ["AFFORDABLE_EQUIPMENT", "ADMINISTRATIVE_PROCEDURES"],
        districts: [
          {
            __typename: "DistrictCoverage",
            priority: true,
            district: {
              __typename: "District",
              code: "bellevue",
              name: "Bellevue - Chantenay",
              qpv: true,
              rep: false,
              repPlus: true,
            },
            cells: [cell("AFFORDABLE_EQUIPMENT", 0), cell("ADMINISTRATIVE_PROCEDURES", 5)],
          },
          {
            __typename: "DistrictCoverage",
            priority: false,
            district: {
              __typename: "District",
              code: "centre-ville",
              name: "Centre-ville",
              qpv: false,
              rep: false,
              repPlus: false,
            },
            cells: [cell("AFFORDABLE_EQUIPMENT", 0), cell("ADMINISTRATIVE_PROCEDURES", 2)],
          },
        ],
        priorityGaps: [
          { __typename: "CoverageGap", category: "AFFORDABLE_EQUIPMENT", districtCode: "bellevue" },
        ],
      },
    },
  },
};

const stats: Mock = {
  request: { query: ReferralStatsDocument, variables: () => true },
  result: {
    data: {
      referralStats: {
        __typename: "ReferralStats",
        from: "2026-09-01T00:00:00.000Z",
        to: "2026-12-01T00:00:00.000Z",
        districtCode: null,
        total: 12,
        answered: 10,
        acceptanceRate: 0.8,
        medianHoursToAnswer: 5.5,
        byStatus: [{ __typename: "StatusCount", status: "ACCEPTED", count: 8 }],
        byNeed: [
          {
            __typename: "NeedCount",
            need: "AFFORDABLE_EQUIPMENT",
            count: 12,
            accepted: 8,
            declined: 2,
          },
        ],
        byDistrict: [{ __typename: "DistrictCount", districtCode: "bellevue", count: 12 }],
      },
    },
  },
};

test("the heatmap marks priority districts and their uncovered needs; statistics per period", async () => {
  renderPage(<DashboardPage />, {
    route: "/pilotage?from=2026-09-01&to=2026-11-30",
    path: "/pilotage",
    mocks: [referenceMock, coverage, stats],
  });
  const table = await screen.findByRole("table", {
    name: "Offres actives par quartier et par besoin",
  });
  const bellevue = within(table).getByRole("rowheader", { name: /Bellevue - Chantenay/ });
  expect(bellevue).toHaveTextContent("quartier prioritaire : QPV · REP+");
  const row = bellevue.closest("tr")!;
  expect(within(row).getAllByRole("cell")[0]).toHaveTextContent(
    "besoin sans réponse en quartier prioritaire",
  );
  const centre = within(table).getByRole("rowheader", { name: "Centre-ville" }).closest("tr")!;
  expect(within(centre).getAllByRole("cell")[0]).not.toHaveTextContent("sans réponse");
  expect(
    screen.getByText(
      "Bellevue - Chantenay : aucune offre pour « Acquisition de matériel à prix solidaire »",
    ),
  ).toBeInTheDocument();

  expect(await screen.findByText("80 %")).toBeInTheDocument();
  expect(screen.getByText("5,5 h")).toBeInTheDocument();
  expect(screen.getByLabelText("Du")).toHaveValue("2026-09-01");
});
