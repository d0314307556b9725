import type { TestApp } from "./test-app";

/** Demo accounts used by the programme tests (A = CCAS public digital space, B = Récup'Ordi 44). */
export const PROGRAMME_ACCOUNTS = {
  staffA: "mediation@ccas.maillage.test",
  managerA: "direction@ccas.maillage.test",
  staffB: "benevole@recup-ordi.maillage.test",
  managerB: "responsable@recup-ordi.maillage.test",
  /** France Services Nantes Nord: not labelled Pass numérique. */
  otherStaff: "accueil@france-services-nord.maillage.test",
  coordinator: "coordination@maillage.test",
  admin: "admin@maillage.test",
} as const;

export const ERROR_FIELDS = `
  ... on ErrorResult { errorCode message }
  ... on ValidationError { fields { path code message } }`;
const CONFLICT = `... on ConflictError { currentVersion }`;
const DEVICE_ERROR = `... on InvalidDeviceTransitionError { deviceFrom deviceTo }`;

export const WAVE_FIELDS = `__typename ... on DeviceWave { id name schoolNetwork startMonth plannedCount version districts { districtCode plannedCount district { name } } } ${ERROR_FIELDS} ${CONFLICT}`;
export const DEVICE_FIELDS = `__typename ... on Device { id inventoryId kind origin status version } ${ERROR_FIELDS} ${CONFLICT} ${DEVICE_ERROR}`;

export const ALLOCATION_VIEW = `
  id status version districtCode schoolName schoolNetwork charterSigned deliveredOn returnedOn closedAt anonymised
  consent { givenAt wordingVersion }
  resident { firstName lastName contactChannel contactValue languages accessibilityNeeds }
  charter { signedOn familySignatory citySignatory associationSignatory recordedAt }
  device { id status version } wave { id } household { id reference districtCode } accompanyingStructure { id }`;
export const ALLOCATION_FIELDS = `__typename ... on Allocation { ${ALLOCATION_VIEW} } ${ERROR_FIELDS} ${CONFLICT} ${DEVICE_ERROR}
  ... on InvalidAllocationTransitionError { from to }`;

export const CREATE_WAVE = `mutation ($input: CreateDeviceWaveInput!) { createDeviceWave(input: $input) { ${WAVE_FIELDS} } }`;
export const UPDATE_WAVE = `mutation ($id: ID!, $v: Int!, $input: UpdateDeviceWaveInput!) { updateDeviceWave(id: $id, expectedVersion: $v, input: $input) { ${WAVE_FIELDS} } }`;
export const CREATE_DEVICE = `mutation ($input: CreateDeviceInput!) { createDevice(input: $input) { ${DEVICE_FIELDS} } }`;
export const CREATE_ALLOCATION = `mutation ($input: CreateAllocationInput!) { createAllocation(input: $input) { ${ALLOCATION_FIELDS} } }`;
export const SIGN_CHARTER = `mutation ($id: ID!, $v: Int!, $input: CharterInput!) { signAllocationCharter(id: $id, expectedVersion: $v, input: $input) { ${ALLOCATION_FIELDS} } }`;
export const DELIVER = `mutation ($id: ID!, $v: Int!, $on: LocalDate!) { markAllocationDelivered(id: $id, expectedVersion: $v, deliveredOn: $on) { ${ALLOCATION_FIELDS} } }`;
export const RETURN = `mutation ($id: ID!, $v: Int!, $on: LocalDate!) { markAllocationReturned(id: $id, expectedVersion: $v, returnedOn: $on) { ${ALLOCATION_FIELDS} } }`;
export const CANCEL = `mutation ($id: ID!, $v: Int!) { cancelAllocation(id: $id, expectedVersion: $v) { ${ALLOCATION_FIELDS} } }`;

export const BOOKLET_VIEW = `id number ticketCount ticketValueCents issuedOn referralId
    issuerStructure { id } household { id reference districtCode }
    tickets { id code position valueCents redeemedAt redeemedAtStructure { id } }
    balance { redeemedTickets redeemedValueCents remainingTickets remainingValueCents }`;
export const BOOKLET_FIELDS = `__typename ... on PassBooklet { ${BOOKLET_VIEW} } ${ERROR_FIELDS}`;
export const ISSUE_BOOKLET = `mutation ($input: IssuePassBookletInput!) { issuePassBooklet(input: $input) { ${BOOKLET_FIELDS} } }`;
export const REDEEM = `mutation ($s: ID!, $code: String!) { redeemPassTicket(structureId: $s, code: $code) {
  __typename
  ... on PassTicket { id code valueCents redeemedAt bookletNumber redeemedAtStructure { id } issuerStructure { id } }
  ... on TicketAlreadyRedeemedError { alreadyRedeemedAt }
  ... on PassBookletVoidedError { bookletVoidedAt }
  ${ERROR_FIELDS} } }`;
export const VOID_BOOKLET = `mutation ($id: ID!, $reason: String!) { voidPassBooklet(id: $id, reason: $reason) {
  __typename
  ... on PassBooklet { ${BOOKLET_VIEW} voidedAt voidReason balance { voidedTickets voidedValueCents } }
  ... on PassBookletVoidedError { bookletVoidedAt }
  ${ERROR_FIELDS} } }`;

export const CHARTER = {
  signedOn: "2025-01-15",
  familySignatory: "Fatou D.",
  citySignatory: "Ville de Nantes — mission numérique",
  associationSignatory: "Sacha, médiateur",
};

export function allocationInput(
  structureId: string,
  deviceId: string,
  waveId: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    accompanyingStructureId: structureId,
    deviceId,
    waveId,
    schoolName: "École Jean Moulin",
    schoolNetwork: "REP_PLUS",
    resident: {
      firstName: "Fatou",
      lastName: "D.",
      contactChannel: "PHONE",
      contactValue: "06 11 22 33 44",
      districtCode: "bellevue-chantenay-sainte-anne",
      languages: ["fr", "wo"],
    },
    consent: { given: true, wordingVersion: "pret-2026-11" },
    ...overrides,
  };
}

/** The value of a mutation's single root field (or the whole response when it failed). */
export async function run(
  t: TestApp,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  const res = await t.gql(query, variables, headers);
  if (res.errors || !res.data) return { errors: res.errors, __typename: "errors" } as any;
  return Object.values(res.data)[0] as any;
}

let serial = 0;
/** A unique name or number for fixtures of one test file. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

/** A new wave, created by `cookie` (a coordinator or an admin). */
export async function newWave(
  t: TestApp,
  headers: Record<string, string>,
  input: Record<string, unknown> = {},
) {
  const wave = await run(
    t,
    CREATE_WAVE,
    {
      input: {
        name: unique("Vague"),
        startMonth: "2025-02",
        plannedCount: 10,
        districts: [{ districtCode: "bellevue-chantenay-sainte-anne", plannedCount: 6 }],
        ...input,
      },
    },
    headers,
  );
  if (wave.__typename !== "DeviceWave") throw new Error(`wave: ${JSON.stringify(wave)}`);
  return wave;
}

/** A new device in stock. */
export async function newDevice(t: TestApp, headers: Record<string, string>) {
  const device = await run(
    t,
    CREATE_DEVICE,
    { input: { inventoryId: unique("PC"), kind: "LAPTOP", origin: "Mécénat d'entreprise" } },
    headers,
  );
  if (device.__typename !== "Device") throw new Error(`device: ${JSON.stringify(device)}`);
  return device;
}
