import { DEMO_PASSWORD } from "../../../server/src/seed/demo-accounts";
import type { TestApp } from "./test-app";

export const LOGIN = `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      __typename
      ... on Viewer { kind user { id email displayName globalRole } memberships { id role structure { id name } } }
      ... on ErrorResult { errorCode message }
      ... on TooManyAttemptsError { retryAfterSeconds }
    }
  }`;

/** Signs in and returns the `cookie` header to send as that person. */
export async function loginAs(
  t: TestApp,
  email: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const res = await t.gql(LOGIN, { email, password });
  const setCookie = res.headers.get("set-cookie");
  if (res.data?.login?.__typename !== "Viewer" || !setCookie) {
    throw new Error(`login as ${email} failed: ${JSON.stringify(res)}`);
  }
  return setCookie.split(";")[0];
}

/** Id of a demo structure by its seed key. */
export async function demoStructureId(t: TestApp, key: string): Promise<string> {
  const rows = await t.database.db.dataSource.query(
    `SELECT id FROM structure WHERE source_ref = $1`,
    [key],
  );
  if (!rows[0]) throw new Error(`no demo structure ${key}`);
  return rows[0].id;
}

/** Creates an API token for a structure directly through the API as its manager. */
export async function createToken(
  t: TestApp,
  managerCookie: string,
  structureId: string,
  name = "intégration",
): Promise<string> {
  const res = await t.gql(
    `mutation($s: ID!, $n: String!) { createApiToken(structureId: $s, name: $n) { __typename ... on CreatedApiToken { token } } }`,
    { s: structureId, n: name },
    { cookie: managerCookie },
  );
  const token = res.data?.createApiToken?.token;
  if (!token) throw new Error(`token creation failed: ${JSON.stringify(res)}`);
  return token;
}
