import type { Client } from "pg";
import { openDatabase } from "../../server/src/db/data-source";
import { preparingClient } from "../../server/src/db/prepared-statements";
import { createLogger } from "../../server/src/logger";

/*
 * Frequent statements become named prepared statements, on the real PostgreSQL: which texts,
 * from which send, up to which number per connection, and that answers and errors are those of
 * the unnamed statement. PostgreSQL's own `pg_prepared_statements` (per connection) is the
 * witness.
 */
const url = process.env.DATABASE_URL;
const onPostgres = url ? it : it.skip;
const logger = createLogger({ logLevel: "silent" });

const opened: Client[] = [];
async function connect(Class: typeof Client): Promise<Client> {
  const client = new Class({ connectionString: url });
  await client.connect();
  opened.push(client);
  return client;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.end()));
});

const preparedTexts = async (client: Client) =>
  (
    await client.query(`SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`)
  ).rows.map((r) => r.statement as string);

describe("preparingClient", () => {
  onPostgres(
    "prepares a parameterised text from its third send on, with the same answers",
    async () => {
      const client = await connect(preparingClient());
      const text = `SELECT $1::int + 1 AS n, 'prepared-a' AS tag`;
      const answers: number[] = [];
      for (let i = 0; i < 2; i++) answers.push((await client.query(text, [i])).rows[0].n);
      expect(await preparedTexts(client)).toEqual([]);
      for (let i = 2; i < 5; i++) answers.push((await client.query(text, [i])).rows[0].n);
      expect(answers).toEqual([1, 2, 3, 4, 5]);
      expect(await preparedTexts(client)).toEqual([text]);
    },
  );

  onPostgres("never prepares texts sent without values", async () => {
    const client = await connect(preparingClient());
    for (let i = 0; i < 4; i++) {
      await client.query(`SELECT 'no-values' AS tag`);
      await client.query(`SELECT 'empty-values' AS tag`, []);
    }
    expect(await preparedTexts(client)).toEqual([]);
  });

  onPostgres(
    "counts sends across the pool's connections, and prepares per connection",
    async () => {
      const Class = preparingClient();
      const [first, second] = [await connect(Class), await connect(Class)];
      const text = `SELECT $1::text AS shared`;
      for (let i = 0; i < 3; i++) await first.query(text, ["x"]);
      expect(await preparedTexts(second)).toEqual([]);
      expect((await second.query(text, ["y"])).rows).toEqual([{ shared: "y" }]);
      expect(await preparedTexts(second)).toEqual([text]);
      // Another class (another pool) counts on its own.
      const other = await connect(preparingClient());
      await other.query(text, ["z"]);
      expect(await preparedTexts(other)).toEqual([]);
    },
  );

  onPostgres("keeps at most maxPerConnection statements, sending the others unnamed", async () => {
    const client = await connect(preparingClient({ after: 1, maxPerConnection: 2 }));
    const texts = [1, 2, 3].map((n) => `SELECT $1::int * ${n} AS product`);
    for (const [i, text] of texts.entries()) {
      expect((await client.query(text, [2])).rows[0].product).toBe(2 * (i + 1));
    }
    expect((await client.query(texts[2], [5])).rows[0].product).toBe(15);
    expect(await preparedTexts(client)).toEqual(texts.slice(0, 2));
    expect((await client.query(texts[0], [7])).rows[0].product).toBe(7);
  });

  onPostgres("a text that does not parse takes none of the connection's places", async () => {
    const client = await connect(preparingClient({ after: 1, maxPerConnection: 2 }));
    for (let i = 0; i < 3; i++) {
      await expect(client.query(`SELEC $1::int`, [i])).rejects.toMatchObject({ code: "42601" });
    }
    const texts = [1, 2].map((n) => `SELECT $1::int + ${n} AS sum`);
    for (const text of texts) expect((await client.query(text, [1])).rows).toHaveLength(1);
    expect(await preparedTexts(client)).toEqual(texts);
  });

  onPostgres("nor when it is sent with a callback, as pg-pool sends", async () => {
    const client = await connect(preparingClient({ after: 1, maxPerConnection: 2 }));
    const viaCallback = (text: string, values: unknown[]) =>
      new Promise<unknown>((resolve, reject) =>
        client.query(text, values, (error, result) => (error ? reject(error) : resolve(result))),
      );
    for (let i = 0; i < 3; i++) {
      await expect(viaCallback(`SELEC $1::int`, [i])).rejects.toMatchObject({ code: "42601" });
    }
    const texts = [1, 2].map((n) => `SELECT $1::int - ${n} AS difference`);
    for (const text of texts) await viaCallback(text, [1]);
    expect(await preparedTexts(client)).toEqual(texts);
  });

  onPostgres(
    "a prepared statement that fails on some values fails like the unnamed one, and stays usable",
    async () => {
      const client = await connect(preparingClient({ after: 1 }));
      const text = `SELECT 10 / $1::int AS quotient`;
      expect((await client.query(text, [2])).rows[0].quotient).toBe(5);
      await expect(client.query(text, [0])).rejects.toMatchObject({ code: "22012" });
      expect((await client.query(text, [5])).rows[0].quotient).toBe(2);
      // A text PostgreSQL cannot parse is never kept, and the connection goes on.
      await expect(client.query(`SELEC $1::int`, [1])).rejects.toMatchObject({ code: "42601" });
      await expect(client.query(`SELEC $1::int`, [1])).rejects.toMatchObject({ code: "42601" });
      expect(await preparedTexts(client)).toEqual([text]);
    },
  );

  onPostgres(
    "is what the app's pool uses, unless DATABASE_PREPARED_STATEMENTS turns it off",
    async () => {
      const text = `SELECT $1::int AS through_the_pool`;
      for (const preparedStatements of [true, false]) {
        const db = await openDatabase(
          { databaseUrl: url!, dataDir: "", preparedStatements },
          logger,
        );
        try {
          // One connection for every send: a query runner holds it.
          const runner = db.dataSource.createQueryRunner();
          try {
            for (let i = 0; i < 4; i++) await runner.query(text, [i]);
            const names = await runner.query(
              `SELECT statement FROM pg_prepared_statements WHERE statement = $1`,
              [text],
            );
            expect(names.length).toBe(preparedStatements ? 1 : 0);
          } finally {
            await runner.release();
          }
        } finally {
          await db.close();
        }
      }
    },
  );
});
