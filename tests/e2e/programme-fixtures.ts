import { demoStructureId, loginAs } from "../server/support/identity";
import type { TestApp } from "../server/support/test-app";

/** Today in Paris, as the server counts days and years of the programme. */
export function parisToday(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

async function mutate(
  app: TestApp,
  cookie: string,
  query: string,
  variables: Record<string, unknown>,
  expected: string,
) {
  const res = await app.gql(query, variables, { cookie });
  const value = res.data && (Object.values(res.data)[0] as { __typename?: string } | undefined);
  if (value?.__typename !== expected) throw new Error(`${expected}: ${JSON.stringify(res)}`);
  return value as Record<string, any>;
}

const ALLOCATION = `mutation ($input: CreateAllocationInput!) { createAllocation(input: $input) {
  __typename ... on Allocation { id version } ... on ErrorResult { message } ... on ValidationError { fields { path message } } } }`;
const DELIVER = `mutation ($id: ID!, $v: Int!, $on: LocalDate!) { markAllocationDelivered(id: $id, expectedVersion: $v, deliveredOn: $on) {
  __typename ... on Allocation { id } ... on ErrorResult { message } } }`;
const ISSUE = `mutation ($input: IssuePassBookletInput!) { issuePassBooklet(input: $input) {
  __typename ... on PassBooklet { id tickets { code } } ... on ErrorResult { message } } }`;
const REDEEM = `mutation ($s: ID!, $code: String!) { redeemPassTicket(structureId: $s, code: $code) {
  __typename ... on PassTicket { id } ... on ErrorResult { message } } }`;
const TARGET = `mutation ($year: Int!, $target: Int!) { setHouseholdsTarget(year: $year, target: $target) {
  __typename ... on HouseholdsTarget { target } } }`;

/**
 * Known figures for the Programme section, made through the API on a fresh demo database:
 * a target of 40 households this year; Récup'Ordi 44 delivers 3 computers (2 in Bellevue in the
 * Bellevue wave, 1 in Nantes Nord in the Bottière / Nantes Nord wave) and lends a 4th not
 * delivered yet (Doulon - Bottière); it issues a booklet of 4 tickets of 10 € to a new household
 * of Doulon - Bottière, one of which is redeemed at the CCAS public digital space.
 * So: 4 households (3 by a computer, 1 by a ticket) = 10 % of 40; 3 of 660 computers delivered;
 * 4 tickets (40 €) issued, 1 (10 €) redeemed.
 */
export async function programmeFigures(app: TestApp) {
  const today = parisToday();
  const year = Number(today.slice(0, 4));
  const [coordinator, recup, ccas] = await Promise.all([
    loginAs(app, "coordination@maillage.test"),
    loginAs(app, "responsable@recup-ordi.maillage.test"),
    loginAs(app, "direction@ccas.maillage.test"),
  ]);
  const recupId = await demoStructureId(app, "recup-ordi-44");
  const ccasId = await demoStructureId(app, "ccas-espace-public-numerique");
  await mutate(app, coordinator, TARGET, { year, target: 40 }, "HouseholdsTarget");

  const choices = await app.gql(
    `{ devices(filter: { statuses: [IN_STOCK] }, first: 4) { edges { node { id } } } deviceWaves { id name } }`,
    {},
    { cookie: recup },
  );
  const devices: string[] = choices.data!.devices.edges.map((e: any) => e.node.id);
  const wave = (name: string) => choices.data!.deviceWaves.find((w: any) => w.name === name).id;
  const bellevueWave = wave("Cité éducative Bellevue");
  const northWave = wave("Écoles de la Bottière et de Nantes Nord");

  const loans: [string, string, boolean][] = [
    [bellevueWave, "bellevue-chantenay-sainte-anne", true],
    [bellevueWave, "bellevue-chantenay-sainte-anne", true],
    [northWave, "nantes-nord", true],
    [northWave, "doulon-bottiere", false],
  ];
  for (const [i, [waveId, districtCode, delivered]] of loans.entries()) {
    const loan = await mutate(
      app,
      recup,
      ALLOCATION,
      {
        input: {
          accompanyingStructureId: recupId,
          deviceId: devices[i],
          waveId,
          schoolNetwork: "REP_PLUS",
          resident: {
            firstName: `Famille ${i + 1}`,
            contactChannel: "PHONE",
            contactValue: "06 11 22 33 44",
            districtCode,
          },
          consent: { given: true, wordingVersion: "pret-2026-11" },
          charter: {
            signedOn: today,
            familySignatory: `Famille ${i + 1}`,
            citySignatory: "Ville de Nantes",
            associationSignatory: "Morgane",
          },
        },
      },
      "Allocation",
    );
    if (delivered)
      await mutate(app, recup, DELIVER, { id: loan.id, v: loan.version, on: today }, "Allocation");
  }

  const booklet = await mutate(
    app,
    recup,
    ISSUE,
    {
      input: {
        issuerStructureId: recupId,
        ticketCount: 4,
        ticketValueCents: 1000,
        districtCode: "doulon-bottiere",
      },
    },
    "PassBooklet",
  );
  await mutate(app, ccas, REDEEM, { s: ccasId, code: booklet.tickets[0].code }, "PassTicket");
  return { year };
}
