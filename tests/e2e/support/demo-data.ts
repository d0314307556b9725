import { demoStructureId, loginAs } from "../../server/support/identity";
import { CREATE, referralInput } from "../../server/support/referrals";
import type { TestApp } from "../../server/support/test-app";

/**
 * Something on the boards: Récup'Ordi 44 refers a resident to the CCAS digital space, and the CCAS
 * digital space refers one to Récup'Ordi 44. Returns the demo structures' ids by seed key.
 */
export async function referralsBothWays(app: TestApp): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const key of ["recup-ordi-44", "ccas-espace-public-numerique", "ccas-nantes"])
    ids[key] = await demoStructureId(app, key);
  const recup = await loginAs(app, "responsable@recup-ordi.maillage.test");
  const ccas = await loginAs(app, "direction@ccas.maillage.test");
  const toCcas = referralInput(
    ids["recup-ordi-44"],
    ids["ccas-espace-public-numerique"],
    "ADMINISTRATIVE_PROCEDURES",
    {
      resident: {
        firstName: "Jules",
        contactChannel: "EMAIL",
        contactValue: "jules@example.org",
        districtCode: "nantes-nord",
      },
    },
  );
  const toRecup = referralInput(
    ids["ccas-espace-public-numerique"],
    ids["recup-ordi-44"],
    "AFFORDABLE_EQUIPMENT",
  );
  for (const [input, cookie] of [
    [toCcas, recup],
    [toRecup, ccas],
  ] as const) {
    const res = await app.gql(CREATE, { input }, { cookie });
    if (res.data?.createReferral?.__typename !== "Referral") throw new Error(JSON.stringify(res));
  }
  return ids;
}
