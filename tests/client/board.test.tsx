import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AcceptReferralDocument, BoardDocument, ReferralFreshDocument } from "@/gql/graphql";
import { BoardPage } from "@/modules/board/components/BoardPage";
import {
  boardReferral,
  ccasMediator,
  referenceMock,
  structureIds,
  viewerMock,
} from "./support/fixtures";
import { FakeEventStream } from "./support/fake-event-stream";
import { type Mock, renderPage, searchOf, splitLink } from "./support/render";

const received = boardReferral({
  id: "r1",
  needsReminder: true,
  events: [{ __typename: "ReferralEvent", id: "10" }],
});
const accepted = boardReferral({
  id: "r2",
  status: "ACCEPTED",
  version: 2,
  need: "ADMINISTRATIVE_PROCEDURES",
  events: [{ __typename: "ReferralEvent", id: "7" }],
});
const sent = boardReferral({
  id: "r3",
  senderStructure: {
    __typename: "Structure",
    id: structureIds.ccas,
    name: "Espace public numérique du CCAS",
  },
  receiverStructure: { __typename: "Structure", id: structureIds.recup, name: "RéCup'Ordi 44" },
  expiresAt: new Date(Date.now() + 20 * 3600 * 1000).toISOString(),
  events: [{ __typename: "ReferralEvent", id: "9" }],
});

function boardMock(nodes = [received, accepted, sent]): Mock {
  return {
    request: { query: BoardDocument, variables: { structureId: structureIds.ccas, first: 100 } },
    result: {
      data: {
        referrals: {
          __typename: "ReferralConnection",
          totalCount: nodes.length,
          edges: nodes.map((node) => ({ __typename: "ReferralEdge", cursor: node.id, node })),
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

function renderBoard(extra: Mock[] = [], route = "/tableau") {
  const stream = new FakeEventStream();
  const mocks = [referenceMock, viewerMock(ccasMediator), boardMock(), ...extra];
  const utils = renderPage(<BoardPage />, {
    route,
    path: "/tableau",
    mocks,
    link: splitLink(mocks, stream),
  });
  return { ...utils, stream };
}

const column = (name: RegExp) => screen.getByRole("region", { name });

function event(id: string, type: string, referral: ReturnType<typeof boardReferral>) {
  const { events: _events, ...fields } = referral;
  return {
    referralEvents: {
      __typename: "ReferralEvent",
      id,
      cursor: id,
      type,
      at: "2026-11-26T10:00:00.000Z",
      toStatus: referral.status,
      referral: fields,
    },
  };
}

test("columns by status; reminders and near expiry stand out; the tab is in the URL", async () => {
  const user = userEvent.setup();
  const { router } = renderBoard();
  const pending = await screen.findByRole("region", { name: /^En attente \(1\)/ });
  const card = within(pending).getByRole("article");
  expect(card).toHaveTextContent("de RéCup'Ordi 44");
  expect(within(card).getByText("À relancer")).toBeInTheDocument();
  expect(card).toHaveClass("needs-reminder");
  expect(
    within(column(/^Acceptées \(1\)/)).getByRole("heading", {
      name: "Aide aux démarches administratives",
    }),
  ).toBeInTheDocument();

  await user.click(screen.getByRole("link", { name: /^Envoyées/ }));
  await waitFor(() => expect(searchOf(router).get("tab")).toBe("sent"));
  const sentCard = within(column(/^En attente \(1\)/)).getByRole("article");
  expect(sentCard).toHaveTextContent("vers RéCup'Ordi 44");
  expect(within(sentCard).getByText(/^Expire le/)).toBeInTheDocument();
  expect(
    within(sentCard).getByRole("button", { name: /^Annuler l'orientation/ }),
  ).toBeInTheDocument();
});

test("a new referral arrives live, is announced, and the stream starts after the newest event shown", async () => {
  const { stream } = renderBoard();
  await screen.findByRole("region", { name: /^En attente \(1\)/ });
  await waitFor(() => expect(stream.open).toBe(true));
  expect(stream.requests[0]).toEqual({ structureId: structureIds.ccas, after: "10" });

  const fresh = boardReferral({ id: "r4", need: "ADMINISTRATIVE_PROCEDURES" });
  act(() => stream.emit(event("11", "CREATED", fresh)));
  await screen.findByRole("region", { name: /^En attente \(2\)/ });
  expect(
    screen.getByText(
      /Nouvelle orientation reçue : Aide aux démarches administratives, de RéCup'Ordi 44/,
    ),
  ).toBeInTheDocument();
  expect(screen.getByText(/Nouvelle orientation reçue/)).toHaveAttribute("aria-live", "polite");
  expect(screen.getByRole("status", { name: "" })).toHaveTextContent("En direct");
});

test("after a broken stream it resumes from the last cursor, and a replayed event is applied once", async () => {
  const { stream } = renderBoard();
  await waitFor(() => expect(stream.open).toBe(true));
  const fresh = boardReferral({ id: "r4" });
  act(() => stream.emit(event("11", "CREATED", fresh)));
  await screen.findByRole("region", { name: /^En attente \(2\)/ });

  act(() => stream.fail());
  expect(await screen.findByText(/^Reconnexion/)).toBeInTheDocument();
  await waitFor(() => expect(stream.requests).toHaveLength(2), { timeout: 3000 });
  expect(stream.requests[1]).toEqual({ structureId: structureIds.ccas, after: "11" });

  // The server replays from an older cursor (a graphql-ws retry): nothing is applied twice;
  // the acceptance that happened meanwhile is.
  act(() => stream.emit(event("11", "CREATED", fresh)));
  act(() => stream.emit(event("12", "ACCEPTED", { ...fresh, status: "ACCEPTED", version: 2 })));
  await screen.findByRole("region", { name: /^Acceptées \(2\)/ });
  expect(column(/^En attente/)).toHaveAccessibleName(/\(1\)/);
  expect(await screen.findByText("En direct")).toBeInTheDocument();
});

test("accepting shows at once, and is rolled back when someone else changed the referral", async () => {
  const user = userEvent.setup();
  const conflict: Mock = {
    request: { query: AcceptReferralDocument, variables: { id: "r1", expectedVersion: 1 } },
    result: {
      data: {
        acceptReferral: {
          __typename: "ConflictError",
          message: "The referral changed",
          currentVersion: 2,
        },
      },
    },
    delay: 150,
  };
  const fresh: Mock = {
    request: { query: ReferralFreshDocument, variables: { id: "r1" } },
    result: { data: { referral: (({ events: _e, ...r }) => ({ ...r, version: 2 }))(received) } },
  };
  renderBoard([conflict, fresh]);
  const pending = await screen.findByRole("region", { name: /^En attente \(1\)/ });
  await user.click(within(pending).getByRole("button", { name: /^Accepter/ }));

  // Optimistic: already in "Acceptées".
  await screen.findByRole("region", { name: /^Acceptées \(2\)/ });
  // Rolled back on the ConflictError, with the reason said.
  await screen.findByRole("region", { name: /^En attente \(1\)/ });
  expect(await screen.findByRole("alert")).toHaveTextContent(/a changé entre-temps/);
  expect(column(/^Acceptées/)).toHaveAccessibleName(/\(1\)/);
});
