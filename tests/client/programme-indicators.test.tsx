import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  DeviceProgressDocument,
  HouseholdsIndicatorDocument,
  SetHouseholdsTargetDocument,
  TicketFlowsDocument,
} from "@/gql/graphql";
import { ProgrammeDashboardPage } from "@/modules/programme/components/ProgrammeDashboardPage";
import { referenceMock } from "./support/fixtures";
import { type Mock, renderPage } from "./support/render";

const YEAR = Number(
  new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric" }).format(
    new Date(),
  ),
);

function indicator(target: number, targetIsDefault: boolean) {
  const perMonth = [0, 0, 3, 0, 0, 0, 0, 0, 0, 2, 0, 0];
  let cumulative = 0;
  return {
    __typename: "HouseholdsIndicator",
    year: YEAR,
    target,
    targetIsDefault,
    households: 5,
    progress: 5 / target,
    withReferral: 1,
    withDevice: 3,
    withTicket: 2,
    byDistrict: [
      { __typename: "HouseholdsByDistrict", districtCode: "bellevue", households: 4 },
      { __typename: "HouseholdsByDistrict", districtCode: null, households: 1 },
    ],
    byMonth: perMonth.map((newHouseholds, i) => ({
      __typename: "HouseholdsByMonth",
      month: `${YEAR}-${String(i + 1).padStart(2, "0")}`,
      newHouseholds,
      cumulative: (cumulative += newHouseholds),
    })),
  };
}

const households = (target = 2500, isDefault = true): Mock => ({
  request: { query: HouseholdsIndicatorDocument, variables: { year: YEAR } },
  result: { data: { householdsIndicator: indicator(target, isDefault) } },
  maxUsageCount: Number.POSITIVE_INFINITY,
});

const district = (
  districtCode: string | null,
  planned: number | null,
  delivered: number,
  allocated = 0,
) => ({
  __typename: "DistrictDeviceProgress",
  districtCode,
  planned,
  allocated,
  delivered,
  returned: 0,
});

const devices: Mock = {
  request: { query: DeviceProgressDocument },
  result: {
    data: {
      deviceProgress: {
        __typename: "DeviceProgress",
        planned: 310,
        allocated: 2,
        delivered: 40,
        returned: 1,
        deliveredRatio: 40 / 310,
        devices: [{ __typename: "DeviceStatusCount", status: "IN_STOCK", count: 28 }],
        waves: [
          {
            __typename: "WaveProgress",
            planned: 160,
            allocated: 1,
            delivered: 40,
            returned: 1,
            deliveredRatio: 0.25,
            wave: {
              __typename: "DeviceWave",
              id: "w1",
              name: "Cité éducative Bellevue",
              schoolNetwork: "Cité éducative de Bellevue",
              startMonth: "2026-02",
            },
            byDistrict: [district("bellevue", 160, 40, 1)],
          },
          {
            __typename: "WaveProgress",
            planned: 150,
            allocated: 1,
            delivered: 0,
            returned: 0,
            deliveredRatio: 0,
            wave: {
              __typename: "DeviceWave",
              id: "w2",
              name: "Écoles du centre",
              schoolNetwork: null,
              startMonth: "2026-03",
            },
            byDistrict: [district("centre-ville", null, 0, 1)],
          },
        ],
        byDistrict: [district("bellevue", 160, 40, 1), district("centre-ville", null, 0, 1)],
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const flow = (issued: number, redeemed: number) => ({
  issuedTickets: issued,
  issuedValueCents: issued * 1000,
  redeemedTickets: redeemed,
  redeemedValueCents: redeemed * 1000,
});

const tickets: Mock = {
  request: { query: TicketFlowsDocument, variables: { year: YEAR } },
  result: {
    data: {
      ticketFlows: {
        __typename: "TicketFlows",
        year: YEAR,
        ...flow(12, 3),
        byStructure: [
          {
            __typename: "StructureTicketFlow",
            structureId: "s1",
            structureName: "RéCup'Ordi 44",
            districtCode: "bellevue",
            ...flow(12, 0),
          },
          {
            __typename: "StructureTicketFlow",
            structureId: "s2",
            structureName: "Espace public numérique du CCAS",
            districtCode: "centre-ville",
            ...flow(0, 3),
          },
        ],
        byDistrict: [
          { __typename: "DistrictTicketFlow", districtCode: "bellevue", ...flow(12, 0) },
          { __typename: "DistrictTicketFlow", districtCode: "centre-ville", ...flow(0, 3) },
        ],
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

function renderDashboard(mocks: Mock[], locale: "fr" | "en" = "fr") {
  return renderPage(<ProgrammeDashboardPage />, {
    route: "/pilotage/programme",
    path: "/pilotage/programme",
    mocks: [referenceMock, ...mocks],
    locale,
  });
}

/** French number formatting uses narrow no-break spaces: compared as plain spaces. */
const spaces = (text: string | null | undefined) => (text ?? "").replace(/\s/g, " ");

/** The cells of a table's row, header first, as text. */
function row(table: HTMLElement, name: RegExp | string) {
  const header = within(table).getByRole("rowheader", { name });
  return [...header.closest("tr")!.children].map((cell) => spaces(cell.textContent));
}

test("the households against the target, by month and district; waves per district; ticket flows", async () => {
  renderDashboard([households(), devices, tickets]);

  const meter = await screen.findByRole("progressbar", {
    name: `Foyers accompagnés en ${YEAR} face à l'objectif`,
  });
  // Not colour alone: the figures are written, and read by assistive technologies.
  const sentence = "5 foyers accompagnés sur un objectif de 2 500 (0 %)";
  expect(spaces(meter.getAttribute("aria-valuetext"))).toBe(sentence);
  expect(meter).toHaveAttribute("aria-valuenow", "5");
  expect(
    screen.getByText((_, el) => el?.tagName === "P" && spaces(el.textContent) === sentence),
  ).toBeVisible();
  expect(screen.getByText(/Aucun objectif n'a été fixé pour/)).toBeInTheDocument();
  expect(screen.getByText("Dont avec un ordinateur remis").nextSibling).toHaveTextContent("3");

  const months = screen.getByRole("table", { name: /Foyers accompagnés par mois/ });
  expect(row(months, `mars ${YEAR}`)).toEqual([`mars ${YEAR}`, "3", "3"]);
  expect(row(months, `octobre ${YEAR}`)).toEqual([`octobre ${YEAR}`, "2", "5"]);
  const byDistrict = screen.getByRole("table", { name: /par quartier de résidence/ });
  expect(row(byDistrict, "Bellevue - Chantenay")).toEqual(["Bellevue - Chantenay", "4"]);
  expect(row(byDistrict, "Quartier non renseigné")).toEqual(["Quartier non renseigné", "1"]);

  const wave = await screen.findByRole("progressbar", {
    name: "Ordinateurs remis pour la vague « Cité éducative Bellevue »",
  });
  expect(wave).toHaveAttribute("aria-valuetext", "40 remis sur 160 prévus (25 %)");
  expect(
    row(
      screen.getByRole("table", { name: "« Cité éducative Bellevue » par quartier" }),
      "Bellevue - Chantenay",
    ),
  ).toEqual(["Bellevue - Chantenay", "160", "40", "1", "0", "25 %"]);
  expect(
    row(screen.getByRole("table", { name: "« Écoles du centre » par quartier" }), "Centre-ville"),
  ).toEqual(["Centre-ville", "non réparti", "0", "1", "0", "—"]);
  expect(screen.getByText("à partir de février 2026 · Cité éducative de Bellevue")).toBeVisible();

  const flows = await screen.findByRole("table", { name: /^Par structure/ });
  expect(row(flows, "RéCup'Ordi 44")).toEqual([
    "RéCup'Ordi 44",
    "Bellevue - Chantenay",
    "12",
    "120,00 €",
    "0",
    "0,00 €",
  ]);
  const totals = screen.getByText("Tickets encaissés").parentElement!;
  expect(totals).toHaveTextContent(/3\s*30,00\s€/);
});

test("setting the year's target shows the server's refusal next to the field, then saves", async () => {
  const user = userEvent.setup();
  const sent: number[] = [];
  const refused: Mock = {
    request: { query: SetHouseholdsTargetDocument, variables: { year: YEAR, target: 0 } },
    result: (v: Record<string, unknown>) => {
      sent.push(v.target as number);
      return {
        data: {
          setHouseholdsTarget: {
            __typename: "ValidationError",
            message: "Invalid input",
            fields: [
              {
                __typename: "FieldError",
                path: "target",
                code: "OUT_OF_RANGE",
                message: "Un nombre entier de 1 à 1000000.",
              },
            ],
          },
        },
      };
    },
  };
  const saved: Mock = {
    request: { query: SetHouseholdsTargetDocument, variables: { year: YEAR, target: 3000 } },
    result: {
      data: {
        setHouseholdsTarget: {
          __typename: "HouseholdsTarget",
          year: YEAR,
          target: 3000,
          isDefault: false,
        },
      },
    },
  };
  renderDashboard([households(), devices, tickets, refused, saved]);
  const field = await screen.findByLabelText(`Objectif de foyers accompagnés en ${YEAR}`);
  const save = screen.getByRole("button", { name: "Enregistrer l'objectif" });

  await user.click(save);
  expect(field).toHaveAccessibleDescription(/Ce champ est obligatoire/);

  await user.type(field, "0");
  await user.click(save);
  await waitFor(() => expect(field).toHaveAttribute("aria-invalid", "true"));
  expect(field).toHaveAccessibleDescription(/Un nombre entier de 1 à 1000000\./);
  expect(field).toHaveFocus();
  expect(sent).toEqual([0]);

  await user.clear(field);
  await user.type(field, "3000");
  await user.click(save);
  await waitFor(() =>
    expect(spaces(document.querySelector(".target-form .status-message")?.textContent)).toBe(
      `Objectif enregistré : 3 000 foyers en ${YEAR}.`,
    ),
  );
  expect(field).not.toHaveAttribute("aria-invalid");
});

test("each indicator says when it could not be loaded, and offers to retry", async () => {
  const failing: Mock = {
    request: { query: HouseholdsIndicatorDocument, variables: { year: YEAR } },
    error: new Error("network down"),
  };
  renderDashboard([failing, devices, tickets]);
  const households = await screen.findByRole("region", { name: `Foyers accompagnés en ${YEAR}` });
  expect(await within(households).findByText("Le chargement n'a pas abouti.")).toBeInTheDocument();
  expect(within(households).getByRole("button", { name: "Réessayer" })).toBeInTheDocument();
  // The other indicators still show.
  expect(
    await screen.findByRole("progressbar", { name: "Ordinateurs remis, toutes vagues confondues" }),
  ).toBeInTheDocument();
});

test("in English", async () => {
  renderDashboard([households(40, false), devices, tickets], "en");
  const meter = await screen.findByRole("progressbar", {
    name: `Households accompanied in ${YEAR} against the target`,
  });
  expect(meter).toHaveAttribute(
    "aria-valuetext",
    "5 households accompanied out of a target of 40 (13 %)",
  );
  expect(screen.queryByText(/default target/)).not.toBeInTheDocument();
  expect(await screen.findByText("40 delivered out of 310 planned (13 %)")).toBeInTheDocument();
});
