/**
 * The pool reads timestamptz with its own parser (server/src/db/timestamptz.ts): it must give
 * the very Date pg's own parser (postgres-date) gives, for whatever PostgreSQL sends.
 */
import { Client, types } from "pg";
import { parseTimestamptz, TIMESTAMPTZ_OID } from "../../server/src/db/timestamptz";

const pgParser = types.getTypeParser(TIMESTAMPTZ_OID, "text") as (text: string) => unknown;

/** A Date as its time value, infinity as a number, null as null: comparable with toEqual. */
const key = (value: unknown) => (value instanceof Date ? ["date", value.getTime()] : value);

function expectSameAsPg(texts: string[]) {
  const ours = texts.map((text) => [text, key(parseTimestamptz(text))]);
  const pg = texts.map((text) => [text, key(pgParser(text))]);
  expect(ours).toEqual(pg);
}

describe("the timestamptz parser", () => {
  it("reads every fraction of a second as pg does, to the millisecond", () => {
    const texts: string[] = [];
    for (let micros = 0; micros < 1_000_000; micros += 7) {
      const digits = String(micros).padStart(6, "0").replace(/0+$/, "");
      texts.push(`2026-06-15 10:20:30${digits ? `.${digits}` : ""}+00`);
    }
    // Those whose float product falls just below the millisecond (0.29 × 1000 < 290).
    for (const digits of ["29", "57", "58", "035", "001", "999999", "5"])
      texts.push(`2001-09-09 01:46:40.${digits}+00`);
    expectSameAsPg(texts);
  });

  it("reads offsets, odd and historical ones included, and leaves the rest to pg", () => {
    expectSameAsPg([
      "2026-12-07 22:01:43.489478+05:30",
      "2026-12-07 12:01:43-03",
      "2026-12-07 06:31:43.1-09:30",
      "1890-01-01 00:00:00+00:09:21",
      "1890-01-01 00:00:00-00:09:21",
      "2000-02-29 23:59:59.999999-03",
      "0044-03-15 12:00:00+00 BC",
      "0001-01-01 00:00:00+00",
      "0099-12-31 23:59:59+00",
      "0100-01-01 00:00:00+00",
      "9999-12-31 23:59:59.999999+14",
      "12345-01-01 00:00:00+01",
      "294276-12-31 23:59:59.999999+00",
      "infinity",
      "-infinity",
      "2026-12-07T16:31:43Z",
      "2026-12-07 16:31:43.1234567+00",
      "2026-12-07 16:31:43+0530",
    ]);
  });

  it("reads random instants under many offsets", () => {
    const texts: string[] = [];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const offset = [0, 330, -180, 60, -570, 345, 841][i % 7] * 60 + (i % 11 === 0 ? 21 : 0);
      const at = new Date(Math.floor((random() * 2 - 0.6) * 4e12) + offset * 1000);
      const iso = at.toISOString();
      const abs = Math.abs(offset);
      const parts = [Math.floor(abs / 3600), Math.floor(abs / 60) % 60, abs % 60];
      const zone = parts.map((n) => String(n).padStart(2, "0"));
      const written = parts[2] ? zone.join(":") : parts[1] ? zone.slice(0, 2).join(":") : zone[0];
      texts.push(`${iso.slice(0, 10)} ${iso.slice(11, 23)}${offset < 0 ? "-" : "+"}${written}`);
    }
    expectSameAsPg(texts);
  });

  const url = process.env.DATABASE_URL;
  (url ? it : it.skip)("reads what PostgreSQL sends under several time zones", async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      for (const zone of [
        "UTC",
        "Europe/Paris",
        "Asia/Kolkata",
        "America/St_Johns",
        "Pacific/Chatham",
      ]) {
        await client.query(`SET TimeZone = '${zone}'`);
        const { rows } = await client.query<{ t: string }>(
          `SELECT t::text AS t FROM (
             SELECT timestamptz '1890-06-01 12:00:00+00' + n * interval '37 days 3 hours 17 minutes 0.123457 seconds' AS t
               FROM generate_series(0, 2000) n
             UNION ALL SELECT unnest(ARRAY['infinity', '-infinity', '0044-03-15 12:00:00+00 BC',
               '0099-01-01 00:00:00+00', '10000-01-01 00:00:00+00', now()::text]::timestamptz[])) s`,
        );
        expect(rows.length).toBe(2007);
        expectSameAsPg(rows.map((r) => r.t));
      }
    } finally {
      await client.end();
    }
  });
});
