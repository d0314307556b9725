import { Client } from "pg";
import type { Listener } from "../../server/src/db/data-source";
import { ListenConnection } from "../../server/src/db/listen-connection";
import { createLogger } from "../../server/src/logger";
import { waitFor } from "./support/live";

/*
 * The process's one LISTEN connection, shared by its channels, on the real PostgreSQL: every
 * channel hears its own notifications only, all are told of a loss and of the reconnection,
 * and the connection lives exactly as long as some channel is listened on.
 */
const url = process.env.DATABASE_URL;
const onPostgres = url ? it : it.skip;
const logger = createLogger({ logLevel: "silent" });

class Recorder implements Listener {
  payloads: string[] = [];
  connected = 0;
  disconnected = 0;
  onNotification(payload: string) {
    this.payloads.push(payload);
  }
  onConnected() {
    this.connected++;
  }
  onDisconnected() {
    this.disconnected++;
  }
}

// A database of its own, so that its LISTEN connections are this test's only.
const name = `maillage_listen_${process.pid}`;
let admin: Client;
let dbUrl: string;
/** On the test's database: notifications stay within their database. */
let notifier: Client;

const connections = async () =>
  (
    await admin.query(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'maillage-listen' AND datname = $1`,
      [name],
    )
  ).rows.length;

async function until(predicate: () => Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  if (!url) return;
  admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  dbUrl = u.toString();
  notifier = new Client({ connectionString: dbUrl });
  await notifier.connect();
});
afterAll(async () => {
  if (!url) return;
  await notifier.end();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("ListenConnection", () => {
  onPostgres("shares one connection between channels, each hearing its own", async () => {
    const connection = new ListenConnection(dbUrl, logger);
    const [first, second] = [new Recorder(), new Recorder()];
    const [stopFirst, stopSecond] = await Promise.all([
      connection.add(`${name}_a`, first),
      connection.add(`${name}_b`, second),
    ]);
    try {
      expect([first.connected, second.connected]).toEqual([1, 1]);
      expect(await connections()).toBe(1);
      await notifier.query(`SELECT pg_notify($1, 'to a'), pg_notify($2, 'to b')`, [
        `${name}_a`,
        `${name}_b`,
      ]);
      await waitFor(() => first.payloads.length + second.payloads.length === 2, 5000, "both");
      expect(first.payloads).toEqual(["to a"]);
      expect(second.payloads).toEqual(["to b"]);
      await expect(connection.add(`${name}_a`, first)).rejects.toThrow(/already/);
      // Another listener of the same channel (a second app instance on this database) hears too.
      const alsoA = new Recorder();
      const stopAlsoA = await connection.add(`${name}_a`, alsoA);
      expect(alsoA.connected).toBe(1);
      await notifier.query(`SELECT pg_notify($1, 'to both')`, [`${name}_a`]);
      await waitFor(() => alsoA.payloads.length === 1, 5000, "the second listener");
      expect(first.payloads).toEqual(["to a", "to both"]);
      await stopAlsoA();

      // Left alone, the second channel hears nothing more; the first still does.
      await stopSecond();
      await notifier.query(`SELECT pg_notify($1, 'a again'), pg_notify($2, 'b again')`, [
        `${name}_a`,
        `${name}_b`,
      ]);
      await waitFor(() => first.payloads.length === 3, 5000, "the first channel");
      expect(second.payloads).toEqual(["to b"]);
    } finally {
      await stopFirst();
      await stopSecond();
    }
    // The last channel left: the connection is closed.
    await until(async () => (await connections()) === 0, "the connection to close");
  });

  onPostgres("tells every channel of a loss, and of the reconnection", async () => {
    const connection = new ListenConnection(dbUrl, logger);
    const [first, second] = [new Recorder(), new Recorder()];
    await connection.add(`${name}_c`, first);
    await connection.add(`${name}_d`, second);
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'maillage-listen' AND datname = $1`,
        [name],
      );
      await waitFor(() => first.disconnected === 1 && second.disconnected === 1, 10_000, "loss");
      await waitFor(() => first.connected === 2 && second.connected === 2, 10_000, "reconnection");
      // Listening again on both channels, over one connection.
      await notifier.query(`SELECT pg_notify($1, 'c'), pg_notify($2, 'd')`, [
        `${name}_c`,
        `${name}_d`,
      ]);
      await waitFor(
        () => first.payloads.length === 1 && second.payloads.length === 1,
        5000,
        "both",
      );
      expect(await connections()).toBe(1);
    } finally {
      await connection.close();
    }
    await until(async () => (await connections()) === 0, "the connection to close");
  });

  onPostgres(
    "a first connection that fails is the caller's, and leaves nothing behind",
    async () => {
      const connection = new ListenConnection("postgres://postgres@127.0.0.1:1/none", logger);
      await expect(connection.add(`${name}_e`, new Recorder())).rejects.toThrow();
      // Nothing registered: the same channel can be asked for again.
      await expect(connection.add(`${name}_e`, new Recorder())).rejects.toThrow(
        /ECONNREFUSED|connect/,
      );
    },
  );
});
