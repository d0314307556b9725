import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import {
  type AllocationDetailFragment,
  AllocationChoicesDocument,
  AllocationConsentWordingDocument,
  AllocationDocument,
  CreateAllocationDocument,
  HouseholdByReferenceDocument,
  MarkAllocationDeliveredDocument,
  SignAllocationCharterDocument,
} from "@/gql/graphql";
import { AllocationPage } from "@/modules/programme/components/AllocationPage";
import { NewAllocationPage } from "@/modules/programme/components/NewAllocationPage";
import { ccasMediator, referenceMock, structureIds, viewerMock } from "./support/fixtures";
import { type Mock, renderPage } from "./support/render";

const forever = { maxUsageCount: Number.POSITIVE_INFINITY };

const wording: Mock = {
  request: { query: AllocationConsentWordingDocument },
  result: {
    data: {
      allocationConsentWording: {
        __typename: "ConsentWording",
        version: "pret-2026-11",
        text: "J'accepte que mes prénom, nom, coordonnées… soient enregistrés par l'association.",
      },
    },
  },
  ...forever,
};

const device = (id: string, inventoryId: string) => ({
  __typename: "Device",
  id,
  inventoryId,
  kind: "LAPTOP",
  origin: "Mécénat d'entreprise",
  status: "IN_STOCK",
});

const choices: Mock = {
  request: { query: AllocationChoicesDocument, variables: { first: 100 } },
  result: {
    data: {
      devices: {
        __typename: "DeviceConnection",
        totalCount: 2,
        edges: [
          { __typename: "DeviceEdge", node: device("d1", "DEMO-PC-001") },
          { __typename: "DeviceEdge", node: device("d2", "DEMO-PC-002") },
        ],
      },
      deviceWaves: [
        {
          __typename: "DeviceWave",
          id: "w1",
          name: "Cité éducative Bellevue",
          startMonth: "2026-02",
          schoolNetwork: null,
        },
      ],
    },
  },
  ...forever,
};

const household = {
  __typename: "Household",
  id: "h1",
  reference: "F-7K3Q-9XPD",
  districtCode: "bellevue",
  district: { __typename: "District", code: "bellevue", name: "Bellevue - Chantenay" },
};

const lookups: Mock[] = [
  {
    request: { query: HouseholdByReferenceDocument, variables: { reference: "F-0000-0000" } },
    result: {
      errors: [{ message: "Household not found", extensions: { code: "NOT_FOUND" } }],
    } as never,
  },
  {
    request: { query: HouseholdByReferenceDocument, variables: { reference: "f 7k3q 9xpd" } },
    result: { data: { householdByReference: household } },
  },
];

const base = [referenceMock, viewerMock(ccasMediator), wording, choices];

function renderNew(extra: Mock[] = []) {
  return renderPage(<NewAllocationPage />, {
    route: "/programme/prets/nouveau",
    path: "/programme/prets/nouveau",
    mocks: [...base, ...extra],
  });
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(await screen.findByLabelText(/^Ordinateur/), "d2");
  await user.selectOptions(screen.getByLabelText(/^Vague/), "w1");
  await user.type(screen.getByLabelText(/^Prénom/), "Awa");
  await user.type(screen.getByLabelText(/^Numéro de téléphone/), "06 12");
  await user.selectOptions(screen.getByLabelText(/^Quartier de résidence/), "bellevue");
  await user.click(screen.getByRole("radio", { name: "REP+" }));
  await user.click(screen.getByLabelText(/J'ai lu ce texte à la personne/));
}

test("a new loan says what is missing next to each field, consent and school network included", async () => {
  const user = userEvent.setup();
  renderNew(); // no CreateAllocation mock: sending would fail the test
  expect(await screen.findByText(/J'accepte que mes prénom/)).toBeInTheDocument();
  await screen.findByRole("option", { name: /DEMO-PC-001/ });
  await user.click(screen.getByRole("button", { name: "Enregistrer le prêt" }));

  const summary = screen.getByRole("alert");
  expect(summary).toHaveTextContent("Le formulaire contient des erreurs");
  expect(summary).toHaveFocus();
  expect(
    within(summary).getByRole("link", { name: /Réseau d'éducation prioritaire de l'école/ }),
  ).toHaveAttribute("href", "#field-schoolNetwork");
  expect(screen.getByLabelText(/^Ordinateur/)).toHaveAccessibleDescription(/obligatoire/);
  expect(screen.getByLabelText(/^Quartier de résidence/)).toHaveAttribute("aria-invalid", "true");
  expect(
    screen.getByRole("group", { name: /Réseau d'éducation prioritaire/ }),
  ).toHaveAccessibleDescription("Ce champ est obligatoire.");
  const consent = screen.getByLabelText(/J'ai lu ce texte à la personne/);
  expect(consent).toHaveAccessibleDescription(/consentement de la famille est obligatoire/);

  // A charter recorded now needs its day and its three signatories.
  await user.click(screen.getByLabelText("La charte est déjà signée"));
  await user.click(screen.getByRole("button", { name: "Enregistrer le prêt" }));
  expect(screen.getByLabelText(/^Signataire pour la Ville/)).toHaveAccessibleDescription(
    /Ce champ est obligatoire/,
  );
});

test("finds a known household by its reference, sends the loan, shows the server's errors by field", async () => {
  const user = userEvent.setup();
  let sent: Record<string, unknown> | null = null;
  const create: Mock = {
    request: { query: CreateAllocationDocument, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent = variables;
      return {
        data: {
          createAllocation: {
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
  renderNew([...lookups, create]);
  await screen.findByRole("option", { name: /DEMO-PC-001/ });
  await user.click(screen.getByRole("radio", { name: /Foyer déjà suivi/ }));
  const reference = screen.getByLabelText(/^Référence du foyer/);
  await user.type(reference, "F-0000-0000");
  await user.click(screen.getByRole("button", { name: "Rechercher le foyer" }));
  await waitFor(() =>
    expect(reference).toHaveAccessibleDescription(/Aucun foyer ne porte cette référence/),
  );
  await user.clear(reference);
  await user.type(reference, "f 7k3q 9xpd{Enter}"); // Enter searches, it does not send the form
  expect(
    await screen.findByText("Foyer F-7K3Q-9XPD trouvé (Bellevue - Chantenay)."),
  ).toBeInTheDocument();

  await fillRequired(user);
  await user.click(screen.getByRole("button", { name: "Enregistrer le prêt" }));
  const phone = screen.getByLabelText(/^Numéro de téléphone/);
  await waitFor(() => expect(phone).toHaveAttribute("aria-invalid", "true"));
  expect(phone).toHaveAccessibleDescription("Numéro de téléphone invalide.");
  expect(sent).toMatchObject({
    input: {
      accompanyingStructureId: structureIds.ccas,
      deviceId: "d2",
      waveId: "w1",
      householdId: "h1",
      schoolNetwork: "REP_PLUS",
      charter: null,
      consent: { given: true, wordingVersion: "pret-2026-11" },
      resident: { firstName: "Awa", contactChannel: "PHONE", districtCode: "bellevue" },
    },
  });
});

function allocation(overrides: Partial<AllocationDetailFragment> = {}): AllocationDetailFragment {
  return {
    __typename: "Allocation",
    id: "a1",
    status: "PLANNED",
    version: 1,
    charterSigned: false,
    deliveredOn: null,
    returnedOn: null,
    createdAt: "2026-11-20T09:00:00.000Z",
    closedAt: null,
    schoolName: "École Jean Moulin",
    schoolNetwork: "REP_PLUS",
    anonymised: false,
    consent: {
      __typename: "Consent",
      givenAt: "2026-11-20T09:00:00.000Z",
      wordingVersion: "pret-2026-11",
    },
    resident: {
      __typename: "Resident",
      firstName: "Awa",
      lastName: "K.",
      contactChannel: "PHONE",
      contactValue: "+33612345678",
      languages: ["fr"],
    },
    charter: null,
    device: {
      __typename: "Device",
      id: "d1",
      inventoryId: "DEMO-PC-001",
      kind: "LAPTOP",
      status: "ALLOCATED",
      origin: "Mécénat d'entreprise",
    },
    wave: {
      __typename: "DeviceWave",
      id: "w1",
      name: "Cité éducative Bellevue",
      startMonth: "2026-02",
    },
    household: { __typename: "Household", id: "h1", reference: "F-7K3Q-9XPD" },
    district: { __typename: "District", code: "bellevue", name: "Bellevue - Chantenay" },
    accompanyingStructure: {
      __typename: "Structure",
      id: structureIds.ccas,
      name: "Espace public numérique du CCAS",
    },
    ...overrides,
  };
}

test("delivering before the charter is refused and said so; once signed, the device is delivered", async () => {
  const user = userEvent.setup();
  const signed = allocation({
    version: 2,
    charterSigned: true,
    charter: {
      __typename: "Charter",
      signedOn: "2026-11-20",
      familySignatory: "Awa K.",
      citySignatory: "Ville de Nantes",
      associationSignatory: "Sacha",
    },
  });
  const mocks: Mock[] = [
    referenceMock,
    viewerMock(ccasMediator),
    {
      request: { query: AllocationDocument, variables: { id: "a1" } },
      result: { data: { allocation: allocation() } },
    },
    {
      request: {
        query: MarkAllocationDeliveredDocument,
        variables: (v) => v.expectedVersion === 1,
      },
      result: {
        data: {
          markAllocationDelivered: {
            __typename: "CharterNotSignedError",
            message: "The device cannot be delivered before the charter is signed",
          },
        },
      },
    },
    {
      request: {
        query: SignAllocationCharterDocument,
        variables: (v) =>
          v.id === "a1" &&
          v.expectedVersion === 1 &&
          (v.input as Record<string, string>).citySignatory === "Ville de Nantes",
      },
      result: { data: { signAllocationCharter: signed } },
    },
    {
      request: {
        query: MarkAllocationDeliveredDocument,
        variables: (v) => v.expectedVersion === 2,
      },
      result: {
        data: {
          markAllocationDelivered: {
            ...signed,
            version: 3,
            status: "DELIVERED",
            deliveredOn: "2026-11-21",
            device: { ...signed.device, status: "DELIVERED" },
          },
        },
      },
    },
  ];
  renderPage(<AllocationPage />, {
    route: "/programme/prets/a1",
    path: "/programme/prets/:id",
    mocks,
  });
  await screen.findByRole("heading", { level: 1, name: "Prêt de l'ordinateur DEMO-PC-001" });
  expect(screen.getByText("Awa K. · 06 12 34 56 78")).toBeInTheDocument();
  expect(
    screen.getByText(/La charte n'est pas encore signée : enregistrez-la avant/),
  ).toBeInTheDocument();

  await user.click(screen.getByRole("button", { name: "Marquer comme remis" }));
  const refusal = await screen.findByRole("alert");
  expect(refusal).toHaveTextContent(
    "Remise refusée : la charte d'engagement n'est pas signée. Enregistrez d'abord sa date et ses trois signataires",
  );
  await waitFor(() => expect(refusal).toHaveFocus());
  expect(
    within(refusal).getByRole("link", { name: "Aller à la charte d'engagement" }),
  ).toHaveAttribute("href", "#charter-heading");

  await user.type(screen.getByLabelText(/^Signataire pour la famille/), "Awa K.");
  await user.type(screen.getByLabelText(/^Signataire pour la Ville/), "Ville de Nantes");
  await user.type(screen.getByLabelText(/^Signataire pour l'association/), "Sacha");
  await user.click(screen.getByRole("button", { name: "Enregistrer la charte signée" }));
  expect(
    await screen.findByText("Charte enregistrée : l'ordinateur peut être remis."),
  ).toBeInTheDocument();
  expect(
    screen.queryByRole("button", { name: "Enregistrer la charte signée" }),
  ).not.toBeInTheDocument();
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  expect(
    screen.getByText(/par Awa K\. \(famille\), Ville de Nantes \(Ville\) et Sacha/),
  ).toBeInTheDocument();

  await user.click(screen.getByRole("button", { name: "Marquer comme remis" }));
  expect(await screen.findByText("Remise enregistrée.")).toBeInTheDocument();
  expect(screen.getByText("Remis", { selector: ".tag" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Marquer comme rendu" })).toBeInTheDocument();
});
