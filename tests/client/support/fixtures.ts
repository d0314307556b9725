import {
  type BoardReferralFragment,
  type DirectoryStructureFragment,
  ReferenceDataDocument,
  SignInOptionsDocument,
  ViewerDocument,
  type ViewerQuery,
} from "@/gql/graphql";
import type { Mock } from "./render";

const term = (value: string, label: string, labelEn = label) => ({
  __typename: "VocabularyTerm" as const,
  value,
  label,
  labelEn,
});

export const referenceData = {
  vocabularies: {
    __typename: "Vocabularies" as const,
    categories: [
      term(
        "AFFORDABLE_EQUIPMENT",
        "Acquisition de matériel à prix solidaire",
        "Affordable equipment",
      ),
      term(
        "ADMINISTRATIVE_PROCEDURES",
        "Aide aux démarches administratives",
        "Help with paperwork",
      ),
    ],
    publics: [term("SENIORS", "Seniors"), term("YOUTH", "Jeunes", "Young people")],
    fees: [term("FREE", "Gratuit", "Free"), term("PASS_NUMERIQUE", "Pass numérique")],
    supportModes: [term("INDIVIDUAL", "Accompagnement individuel", "Individual support")],
    accessModes: [term("WALK_IN", "Sans rendez-vous", "Walk in")],
    programmes: [term("FRANCE_SERVICES", "France Services")],
    labels: [term("ORDI_3_0", "Ordi 3.0")],
    specificSupports: [term("VISUAL_IMPAIRMENT", "Déficience visuelle", "Visual impairment")],
    structureKinds: [
      term("ASSOCIATION", "Association"),
      term("PUBLIC_DIGITAL_SPACE", "Espace public numérique", "Public digital space"),
    ],
    mobility: [term("FIXED", "Fixe", "Fixed")],
  },
  districts: [
    {
      __typename: "District" as const,
      code: "bellevue",
      name: "Bellevue - Chantenay",
      qpv: true,
      rep: false,
      repPlus: true,
    },
    {
      __typename: "District" as const,
      code: "centre-ville",
      name: "Centre-ville",
      qpv: false,
      rep: false,
      repPlus: false,
    },
  ],
};

export const referenceMock: Mock = {
  request: { query: ReferenceDataDocument },
  result: { data: referenceData },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

export const structureIds = {
  recup: "11111111-1111-4111-8111-111111111111",
  ccas: "22222222-2222-4222-8222-222222222222",
};

/** The sign-in methods the server offers: password only, unless told ProConnect too. */
export function signInOptionsMock(proConnect = false): Mock {
  return {
    request: { query: SignInOptionsDocument },
    result: {
      data: { signInOptions: { __typename: "SignInOptions", emailSignIn: true, proConnect } },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

export function viewerMock(viewer: ViewerQuery["viewer"]): Mock {
  return {
    request: { query: ViewerDocument },
    result: { data: { viewer } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

export const ccasMediator: NonNullable<ViewerQuery["viewer"]> = {
  __typename: "Viewer",
  kind: "USER",
  user: {
    __typename: "User",
    id: "u1",
    displayName: "Sacha",
    email: "mediation@ccas.test",
    globalRole: null,
  },
  memberships: [
    {
      __typename: "Membership",
      id: "m1",
      role: "STAFF",
      structure: {
        __typename: "Structure",
        id: structureIds.ccas,
        name: "Espace public numérique du CCAS",
        kind: "PUBLIC_DIGITAL_SPACE",
      },
    },
  ],
};

export function directoryStructure(
  overrides: Partial<DirectoryStructureFragment> = {},
): DirectoryStructureFragment {
  return {
    __typename: "Structure",
    id: structureIds.recup,
    name: "RéCup'Ordi 44",
    kind: "ASSOCIATION",
    summary: null,
    passNumerique: true,
    distanceMeters: null,
    address: {
      __typename: "Address",
      street: "14 rue Joseph Blanchart",
      postalCode: "44100",
      city: "Nantes",
    },
    district: { __typename: "District", code: "bellevue", name: "Bellevue - Chantenay" },
    location: { __typename: "GeoPoint", lat: 47.2075, lon: -1.5754 },
    openingHours: { __typename: "OpeningHours", openNow: true, nextOpeningAt: null },
    offers: [
      {
        __typename: "ServiceOffer",
        id: "o1",
        category: "AFFORDABLE_EQUIPMENT",
        fees: ["PASS_NUMERIQUE"],
      },
    ],
    ...overrides,
  };
}

type BoardNode = BoardReferralFragment & {
  events: { __typename: "ReferralEvent"; id: string }[];
};

export function boardReferral(overrides: Partial<BoardNode> = {}): BoardNode {
  return {
    __typename: "Referral",
    id: "r1",
    status: "PENDING",
    version: 1,
    need: "AFFORDABLE_EQUIPMENT",
    createdAt: "2026-11-20T09:00:00.000Z",
    updatedAt: "2026-11-20T09:00:00.000Z",
    expiresAt: "2099-12-01T09:00:00.000Z",
    answeredAt: null,
    closedAt: null,
    needsReminder: false,
    declineReason: null,
    outcome: null,
    anonymised: false,
    senderStructure: { __typename: "Structure", id: structureIds.recup, name: "RéCup'Ordi 44" },
    receiverStructure: {
      __typename: "Structure",
      id: structureIds.ccas,
      name: "Espace public numérique du CCAS",
    },
    receiverOffer: null,
    residentDistrict: { __typename: "District", code: "bellevue", name: "Bellevue - Chantenay" },
    events: [{ __typename: "ReferralEvent", id: "10" }],
    ...overrides,
  };
}
