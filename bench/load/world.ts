/** The load benchmark's data: the demo network seeded into its own database, and who signs in. */
import pino from "pino";
import { migrate, openDatabase } from "../../server/src/db/data-source";
import { DEMO_PASSWORD } from "../../server/src/seed/demo-accounts";
import { seed } from "../../server/src/seed/seed";
import { withClient } from "../support";
import { LOGIN } from "./documents";
import type { Member, World } from "./mix";

export const BENCH_DB = "maillage_bench_load";

/** Creates the database of `benchUrl` afresh (dropping it first) with the demo network in it. */
export async function freshDatabase(adminUrl: string, benchUrl: string) {
  const name = new URL(benchUrl).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const db = await openDatabase({ databaseUrl: benchUrl, dataDir: "" }, pino({ level: "warn" }));
  try {
    await migrate(db);
    await seed(db.dataSource, { demo: true });
  } finally {
    await db.close();
  }
}

export async function readWorld(benchUrl: string, port: number): Promise<World> {
  const { accounts, districtCodes, offers } = await withClient(benchUrl, async (c) => ({
    accounts: (
      await c.query(
        `SELECT DISTINCT ON (u.id) u.email, m.structure_id
           FROM membership m JOIN app_user u ON u.id = m.user_id ORDER BY u.id, m.created_at`,
      )
    ).rows as { email: string; structure_id: string }[],
    districtCodes: (await c.query(`SELECT code FROM district ORDER BY code`)).rows.map(
      (r) => r.code as string,
    ),
    offers: (
      await c.query(
        `SELECT o.structure_id, o.id, o.category FROM service_offer o
           JOIN structure s ON s.id = o.structure_id
          WHERE o.active AND s.archived_at IS NULL ORDER BY o.id`,
      )
    ).rows.map((r) => ({ structureId: r.structure_id, offerId: r.id, need: r.category })),
  }));
  const members: Member[] = [];
  for (const account of accounts) {
    const body = JSON.stringify({
      query: LOGIN,
      variables: { email: account.email, password: DEMO_PASSWORD },
    });
    members.push({
      email: account.email,
      cookie: await loginCookie(port, body),
      structureId: account.structure_id,
    });
  }
  return { members, districtCodes, offers };
}

/** Signs in and returns the session cookie the answer sets. */
export async function loginCookie(port: number, body: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`login failed: ${await res.text()}`);
  return cookie;
}
