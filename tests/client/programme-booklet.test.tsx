import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  IssuePassBookletDocument,
  PassBookletsDocument,
  PassNumeriqueBalanceDocument,
  ProgrammeStructureDocument,
  RedeemPassTicketDocument,
} from "@/gql/graphql";
import { PassNumeriquePage } from "@/modules/programme/components/PassNumeriquePage";
import { ccasMediator, referenceMock, structureIds, viewerMock } from "./support/fixtures";
import { type Mock, renderPage } from "./support/render";

const forever = { maxUsageCount: Number.POSITIVE_INFINITY };

const structure = (passNumerique: boolean): Mock => ({
  request: { query: ProgrammeStructureDocument, variables: { id: structureIds.ccas } },
  result: {
    data: {
      structure: {
        __typename: "Structure",
        id: structureIds.ccas,
        name: "Espace public numérique du CCAS",
        passNumerique,
      },
    },
  },
  ...forever,
});

const balance: Mock = {
  request: { query: PassNumeriqueBalanceDocument, variables: { structureId: structureIds.ccas } },
  result: {
    data: {
      passNumeriqueBalance: {
        __typename: "StructurePassBalance",
        structureId: structureIds.ccas,
        issuedTickets: 7,
        issuedValueCents: 7750,
        outstandingTickets: 3,
        outstandingValueCents: 3500,
        redeemedIssuedTickets: 4,
        redeemedIssuedValueCents: 4250,
        redeemedHereTickets: 1,
        redeemedHereValueCents: 1000,
      },
    },
  },
  ...forever,
};

const booklet = (id: string, number: string, count: number, value: number, remaining: number) => ({
  __typename: "PassBooklet",
  id,
  number,
  issuedOn: "2026-11-20",
  ticketCount: count,
  ticketValueCents: value,
  referralId: null,
  voidedAt: null,
  household: { __typename: "Household", id: `h-${id}`, reference: "F-7K3Q-9XPD" },
  balance: {
    __typename: "BookletBalance",
    redeemedTickets: count - remaining,
    remainingTickets: remaining,
    remainingValueCents: remaining * value,
  },
});

const booklets: Mock = {
  request: {
    query: PassBookletsDocument,
    variables: { structureId: structureIds.ccas, first: 50 },
  },
  result: {
    data: {
      passBooklets: {
        __typename: "PassBookletConnection",
        totalCount: 2,
        edges: [
          { __typename: "PassBookletEdge", node: booklet("b2", "PN-2026-000002", 3, 1250, 2) },
          { __typename: "PassBookletEdge", node: booklet("b1", "PN-2026-000001", 4, 1000, 1) },
        ],
      },
    },
  },
  ...forever,
};

function renderPass(extra: Mock[], labelled = true) {
  return renderPage(<PassNumeriquePage />, {
    route: "/programme/pass",
    path: "/programme/pass",
    mocks: [
      referenceMock,
      viewerMock(ccasMediator),
      structure(labelled),
      balance,
      booklets,
      ...extra,
    ],
  });
}

test("the account and the booklets with what is left on each", async () => {
  renderPass([], false);
  const table = await screen.findByRole("table", { name: /Carnets émis par la structure/ });
  const row = (name: string) =>
    within(table).getByRole("rowheader", { name }).closest("tr")!.textContent;
  expect(row("PN-2026-000002")).toMatch(/3 × 12,50\s€.*2 tickets · 25,00\s€/);
  expect(row("PN-2026-000001")).toMatch(/1 ticket · 10,00\s€/);
  expect(screen.getByText("Encaissés ici (dus à la structure)").nextSibling).toHaveTextContent(
    /1 ticket · 10,00\s€/,
  );
  // Not labelled: it issues booklets, it does not redeem tickets.
  expect(await screen.findByText(/n'est pas labellisée Pass numérique/)).toBeInTheDocument();
  expect(screen.queryByLabelText(/^Code du ticket/)).not.toBeInTheDocument();
});

test("issuing a booklet: amounts checked here, ranges by the server, next to their fields", async () => {
  const user = userEvent.setup();
  const sent: { input: { ticketCount: number } }[] = [];
  const issue: Mock = {
    request: { query: IssuePassBookletDocument, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      const sending = variables as (typeof sent)[number];
      sent.push(sending);
      if (sending.input.ticketCount > 50)
        return {
          data: {
            issuePassBooklet: {
              __typename: "ValidationError",
              message: "Invalid input",
              fields: [
                {
                  __typename: "FieldError",
                  path: "ticketCount",
                  code: "OUT_OF_RANGE",
                  message: "Un nombre entier de 1 à 50.",
                },
              ],
            },
          },
        };
      return {
        data: { issuePassBooklet: booklet("b3", "PN-2026-000003", 5, 1250, 5) },
      };
    },
    ...forever,
  };
  const { router } = renderPass([issue]);
  const count = await screen.findByLabelText(/^Nombre de tickets/);
  const value = screen.getByLabelText(/^Valeur d'un ticket/);
  await user.selectOptions(screen.getByLabelText(/^Quartier de résidence/), "bellevue");
  await user.clear(value);
  await user.type(value, "douze");
  await user.click(screen.getByRole("button", { name: "Émettre le carnet" }));
  expect(value).toHaveAccessibleDescription(/Saisissez un montant en euros/);
  expect(sent).toEqual([]);

  await user.clear(value);
  await user.type(value, "12,50");
  await user.clear(count);
  await user.type(count, "60");
  await user.click(screen.getByRole("button", { name: "Émettre le carnet" }));
  await waitFor(() => expect(count).toHaveAttribute("aria-invalid", "true"));
  expect(count).toHaveAccessibleDescription(/Un nombre entier de 1 à 50\./);
  const summary = screen.getByText("Le formulaire contient des erreurs").closest("[role=alert]");
  expect(summary).toHaveTextContent("Nombre de tickets : Un nombre entier de 1 à 50.");
  expect(sent[0]).toMatchObject({
    input: {
      issuerStructureId: structureIds.ccas,
      ticketCount: 60,
      ticketValueCents: 1250,
      districtCode: "bellevue",
      householdId: null,
      referralId: null,
    },
  });

  await user.clear(count);
  await user.type(count, "5");
  await user.click(screen.getByRole("button", { name: "Émettre le carnet" }));
  await waitFor(() => expect(router.state.location.pathname).toBe("/programme/pass/carnets/b3"));
});

test("redeeming a ticket: done once, then refused as already redeemed, clearly", async () => {
  const user = userEvent.setup();
  const redeem = (code: string, result: Record<string, unknown>): Mock => ({
    request: {
      query: RedeemPassTicketDocument,
      variables: { structureId: structureIds.ccas, code },
    },
    result: { data: { redeemPassTicket: result } },
  });
  renderPass([
    redeem("7k3q 9xpd m2ta", {
      __typename: "PassTicket",
      id: "t1",
      code: "7K3Q-9XPD-M2TA",
      valueCents: 1250,
      redeemedAt: "2026-11-26T10:00:00.000Z",
      bookletNumber: "PN-2026-000002",
    }),
    redeem("7K3Q-9XPD-M2TA", {
      __typename: "TicketAlreadyRedeemedError",
      message: "This ticket was already redeemed",
      alreadyRedeemedAt: "2026-11-26T10:00:00.000Z",
    }),
    redeem("0000-0000-0000", { __typename: "NotFoundError", message: "Ticket not found" }),
  ]);
  const code = await screen.findByLabelText(/^Code du ticket/);
  const submit = screen.getByRole("button", { name: "Encaisser le ticket" });

  await user.type(code, "7k3q 9xpd m2ta");
  await user.click(submit);
  expect(
    await screen.findByText(
      /Ticket 7K3Q-9XPD-M2TA encaissé : 12,50\s€ \(carnet PN-2026-000002\)\./,
    ),
  ).toBeInTheDocument();
  expect(code).toHaveValue("");

  await user.type(code, "7K3Q-9XPD-M2TA");
  await user.click(submit);
  const alert = await screen.findByRole("alert", {}, { timeout: 2000 });
  await waitFor(() => expect(alert).toHaveTextContent("Ticket déjà encaissé"));
  expect(alert).toHaveTextContent(
    /Ce ticket a déjà été encaissé le 26 nov\. 2026.*11:00\. Un ticket ne s'encaisse qu'une fois/,
  );
  expect(code).toHaveAttribute("aria-invalid", "true");
  expect(code).toHaveAccessibleDescription(/déjà été encaissé : ne l'acceptez pas/);
  expect(screen.queryByText(/encaissé : 12,50/)).not.toBeInTheDocument();

  await user.clear(code);
  await user.type(code, "0000-0000-0000");
  await user.click(submit);
  await waitFor(() => expect(code).toHaveAccessibleDescription(/Aucun ticket ne porte ce code/));
  expect(screen.queryByText("Ticket déjà encaissé")).not.toBeInTheDocument();
});
