import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  ConsentWordingDocument,
  CreateReferralDocument,
  ReceiverStructureDocument,
  SuggestionsDocument,
} from "@/gql/graphql";
import { NewReferralPage } from "@/modules/referral/components/NewReferralPage";
import { ccasMediator, referenceMock, structureIds, viewerMock } from "./support/fixtures";
import { type Mock, renderPage } from "./support/render";

const consent: Mock = {
  request: { query: ConsentWordingDocument },
  result: {
    data: {
      consentWording: {
        __typename: "ConsentWording",
        version: "2026-11",
        text: "J'accepte que mes prénom, nom et coordonnées soient transmis à la structure.",
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const suggestions: Mock = {
  request: {
    query: SuggestionsDocument,
    variables: (v: Record<string, unknown>) =>
      v.need === "AFFORDABLE_EQUIPMENT" &&
      (v.from as { districtCode: string }).districtCode === "bellevue",
  },
  result: {
    data: {
      suggestStructures: [
        {
          __typename: "Suggestion",
          score: 0.85,
          distanceMeters: 2100,
          structure: {
            __typename: "Structure",
            id: structureIds.recup,
            name: "RéCup'Ordi 44",
            address: { __typename: "Address", street: "14 rue Joseph Blanchart", city: "Nantes" },
            district: { __typename: "District", code: "bellevue", name: "Bellevue - Chantenay" },
            openingHours: { __typename: "OpeningHours", openNow: true, nextOpeningAt: null },
          },
          offer: {
            __typename: "ServiceOffer",
            id: "o1",
            title: "Ordinateurs reconditionnés",
            fees: ["PASS_NUMERIQUE"],
          },
          why: [
            {
              __typename: "ScoreComponent",
              factor: "DISTANCE",
              points: 0.2,
              value: 0.79,
              weight: 0.25,
              explanation: "À 2,1 km du point de départ.",
            },
            {
              __typename: "ScoreComponent",
              factor: "NEED_MATCH",
              points: 0.2,
              value: 1,
              weight: 0.2,
              explanation: "Une offre répond exactement au besoin.",
            },
          ],
        },
      ],
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const receiver: Mock = {
  request: { query: ReceiverStructureDocument, variables: { id: structureIds.recup } },
  result: {
    data: {
      structure: {
        __typename: "Structure",
        id: structureIds.recup,
        name: "RéCup'Ordi 44",
        district: { __typename: "District", code: "bellevue", name: "Bellevue - Chantenay" },
        offers: [
          {
            __typename: "ServiceOffer",
            id: "o1",
            title: "Ordinateurs reconditionnés",
            category: "AFFORDABLE_EQUIPMENT",
            fees: [],
          },
        ],
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const base = [referenceMock, viewerMock(ccasMediator), consent, suggestions, receiver];

async function fillResident() {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/^Prénom/), "Amina");
  await user.type(screen.getByLabelText(/^Numéro de téléphone/), "06 12");
  return user;
}

test("ranks suggestions with their reasons, and choosing one picks its offer", async () => {
  const user = userEvent.setup();
  renderPage(<NewReferralPage />, {
    route: "/orientations/nouvelle?need=AFFORDABLE_EQUIPMENT&district=bellevue",
    path: "/orientations/nouvelle",
    mocks: base,
  });
  const group = await screen.findByRole("group", { name: /Structures proposées/ });
  expect(within(group).getByText("Pertinence 85 %", { exact: false })).toBeInTheDocument();
  await user.click(within(group).getByText("Pourquoi cette proposition ?"));
  expect(within(group).getByText(/À 2,1 km du point de départ/)).toBeVisible();
  await user.click(within(group).getByLabelText(/RéCup'Ordi 44/));
  expect(await screen.findByText(/Structure choisie/)).toBeInTheDocument();
  expect(screen.getByLabelText("Offre")).toHaveValue("o1");
});

test("refuses to send without the resident's consent, and says so next to the box", async () => {
  renderPage(<NewReferralPage />, {
    route: `/orientations/nouvelle?need=AFFORDABLE_EQUIPMENT&district=bellevue&structure=${structureIds.recup}`,
    path: "/orientations/nouvelle",
    mocks: base, // no CreateReferral mock: sending would fail the test
  });
  expect(await screen.findByText(/J'accepte que mes prénom/)).toBeInTheDocument();
  const user = await fillResident();
  await user.click(screen.getByRole("button", { name: "Envoyer l'orientation" }));
  const box = screen.getByLabelText(/J'ai lu ce texte à la personne/);
  expect(box).toBeRequired();
  expect(box).toHaveAttribute("aria-invalid", "true");
  expect(box).toHaveAccessibleDescription(/consentement de la personne est obligatoire/);
  expect(screen.getByRole("alert")).toHaveTextContent("Le formulaire contient des erreurs");
});

test("shows the server's validation errors next to their fields", async () => {
  let sent: Record<string, unknown> | null = null;
  const create: Mock = {
    request: { query: CreateReferralDocument, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent = variables;
      return {
        data: {
          createReferral: {
            __typename: "ValidationError",
            message: "Invalid input",
            fields: [
              {
                __typename: "FieldError",
                path: "resident.contactValue",
                code: "INVALID_FORMAT",
                message: "Numéro de téléphone invalide.",
              },
            ],
          },
        },
      };
    },
  };
  renderPage(<NewReferralPage />, {
    route: `/orientations/nouvelle?need=AFFORDABLE_EQUIPMENT&district=bellevue&structure=${structureIds.recup}`,
    path: "/orientations/nouvelle",
    mocks: [...base, create],
  });
  await screen.findByText(/J'accepte que mes prénom/);
  const user = await fillResident();
  fireEvent.change(screen.getByLabelText("Offre"), { target: { value: "o1" } });
  await user.click(screen.getByLabelText(/J'ai lu ce texte à la personne/));
  await user.click(screen.getByRole("button", { name: "Envoyer l'orientation" }));

  const phone = screen.getByLabelText(/^Numéro de téléphone/);
  await waitFor(() => expect(phone).toHaveAttribute("aria-invalid", "true"));
  expect(phone).toHaveAccessibleDescription("Numéro de téléphone invalide.");
  expect(sent).toMatchObject({
    input: {
      senderStructureId: structureIds.ccas,
      receiverStructureId: structureIds.recup,
      receiverOfferId: "o1",
      need: "AFFORDABLE_EQUIPMENT",
      consent: { given: true, wordingVersion: "2026-11" },
      resident: {
        firstName: "Amina",
        contactChannel: "PHONE",
        contactValue: "06 12",
        districtCode: "bellevue",
      },
    },
  });
});

test("sends one idempotency key per intended referral: the same again after a network error, a new one once the input changes", async () => {
  const keys: unknown[] = [];
  const refused = {
    data: {
      createReferral: {
        __typename: "ValidationError",
        message: "Invalid input",
        fields: [
          {
            __typename: "FieldError",
            path: "resident.contactValue",
            code: "INVALID_FORMAT",
            message: "Numéro de téléphone invalide.",
          },
        ],
      },
    },
  };
  const lost: Mock = {
    request: {
      query: CreateReferralDocument,
      variables: (v: Record<string, unknown>) => (keys.push(v.idempotencyKey), true),
    },
    error: new Error("the answer was lost"),
  };
  const answered = (): Mock => ({
    request: { query: CreateReferralDocument, variables: () => true },
    result: (v: Record<string, unknown>) => (keys.push(v.idempotencyKey), refused),
  });
  renderPage(<NewReferralPage />, {
    route: `/orientations/nouvelle?need=AFFORDABLE_EQUIPMENT&district=bellevue&structure=${structureIds.recup}`,
    path: "/orientations/nouvelle",
    mocks: [...base, lost, answered(), answered()],
  });
  await screen.findByText(/J'accepte que mes prénom/);
  const user = await fillResident();
  await user.click(screen.getByLabelText(/J'ai lu ce texte à la personne/));
  const send = screen.getByRole("button", { name: "Envoyer l'orientation" });
  await user.click(send);
  await waitFor(() => expect(keys).toHaveLength(1));
  await user.click(send); // the person tries again after the network error
  await waitFor(() => expect(keys).toHaveLength(2));
  await user.type(screen.getByLabelText(/^Numéro de téléphone/), " 34 56 78");
  await user.click(send);
  await waitFor(() => expect(keys).toHaveLength(3));
  expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(keys[1]).toBe(keys[0]);
  expect(keys[2]).toMatch(/^[0-9a-f]{32}$/);
  expect(keys[2]).not.toBe(keys[0]);
});
