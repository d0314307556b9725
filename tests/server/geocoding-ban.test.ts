import { BanGeocoder } from "../../server/src/interop/geocoding/ban-geocoder";
import {
  addressKey,
  addressQuery,
  GeocoderUnavailableError,
} from "../../server/src/interop/geocoding/geocoder";
import { type BanServer, startBanServer } from "./support/ban-server";

/*
 * The HTTP adapter against a local server answering in the BAN's formats (GeoJSON for
 * /search/, CSV for /search/csv/), with the fixtures of tests/fixtures/geocoding: found, low
 * score, not found, 429 then found, 503, no answer in time.
 */

let ban: BanServer;
beforeAll(async () => {
  ban = await startBanServer();
});
afterAll(() => ban?.stop());
beforeEach(() => ban.reset());

const geocoder = (options: Partial<ConstructorParameters<typeof BanGeocoder>[0]> = {}) =>
  new BanGeocoder({
    url: ban.url,
    timeoutMs: 300,
    requestsPerSecond: 1000,
    batchSize: 500,
    retries: 2,
    backoffMs: 10,
    ...options,
  });
const at = (street: string) => ({ street, postalCode: "44000", city: "Nantes" });

describe("one address (GET /search/)", () => {
  it("gives the best feature's point, score, label and INSEE code", async () => {
    expect(await geocoder().search(at("5 rue des Dervallières"))).toEqual({
      lat: 47.220513,
      lon: -1.585076,
      score: 0.9412,
      label: "5 Rue des Dervallières 44100 Nantes",
      citycode: "44109",
    });
    expect(ban.requests).toEqual([
      expect.objectContaining({ method: "GET", streets: ["5 rue des Dervallières 44000 Nantes"] }),
    ]);
  });

  it("gives a weak match with its low score, and null for an address it does not know", async () => {
    expect(await geocoder().search(at("12 chemin des Landes perdues"))).toMatchObject({
      score: 0.3561,
      label: "Chemin des Landes 44300 Nantes",
    });
    expect(await geocoder().search(at("999 rue qui n'existe pas"))).toBeNull();
  });

  it("waits the Retry-After of a 429, then gets the answer", async () => {
    const started = Date.now();
    expect(await geocoder().search(at("8 rue du Quota"))).toMatchObject({ score: 0.912 });
    expect(ban.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // Retry-After: 1
  });

  it("gives up after its retries on 5xx, on timeouts, and when nothing listens", async () => {
    await expect(geocoder().search(at("3 rue de la Panne"))).rejects.toThrow(
      new GeocoderUnavailableError(`The geocoder at ${ban.url} failed 3 time(s): HTTP 503`),
    );
    expect(ban.requests).toHaveLength(3);
    await expect(geocoder({ retries: 1 }).search(at("7 rue de la Lenteur"))).rejects.toThrow(
      /failed 2 time\(s\): no answer within 300 ms/,
    );
    await expect(
      geocoder({ url: "http://127.0.0.1:9", retries: 0 }).search(at("5 rue des Dervallières")),
    ).rejects.toBeInstanceOf(GeocoderUnavailableError);
  });
});

describe("many addresses (POST /search/csv/)", () => {
  const streets = [
    "5 rue des Dervallières",
    "12 chemin des Landes perdues",
    "999 rue qui n'existe pas",
    "14 bd de la Prairie au Duc",
  ];

  it("sends them as a CSV file and reads the result columns back, in order", async () => {
    const answers = await geocoder().searchMany(streets.map(at));
    expect(answers.map((a) => a && [a.lat, a.lon, a.score, a.citycode])).toEqual([
      [47.220513, -1.585076, 0.9412, "44109"],
      [47.25119, -1.50214, 0.3561, "44109"],
      null,
      [47.203162, -1.561235, 0.8877, "44109"],
    ]);
    expect(ban.requests).toEqual([
      {
        method: "POST",
        path: "/search/csv/",
        streets: streets.map((s) => `${s} 44000 Nantes`),
        columns: ["adresse", "code_postal", "commune"],
      },
    ]);
  });

  it("splits them into requests of batchSize addresses, spaced by the rate limit", async () => {
    const started = Date.now();
    const answers = await geocoder({ batchSize: 2, requestsPerSecond: 5 }).searchMany(
      [...streets, ...streets].map(at),
    );
    expect(answers).toHaveLength(8);
    expect(ban.requests.map((r) => r.streets.length)).toEqual([2, 2, 2, 2]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550); // 4 requests, 200 ms apart
  });

  it("retries a batch refused with 429, and fails a batch the server keeps refusing", async () => {
    const answers = await geocoder().searchMany([
      at("8 rue du Quota"),
      at("5 rue des Dervallières"),
    ]);
    expect(answers.map((a) => a?.score)).toEqual([0.912, 0.9412]);
    expect(ban.requests).toHaveLength(2);
    ban.mode = "down";
    await expect(geocoder().searchMany([at("5 rue des Dervallières")])).rejects.toThrow(
      /failed 3 time\(s\): HTTP 503/,
    );
  });
});

describe("addresses", () => {
  it("share a cache key whatever their case, accents, punctuation or abbreviations", () => {
    expect(
      addressKey({ street: "14, Bd de la Prairie-au-Duc", postalCode: "44200", city: "NANTES" }),
    ).toBe(
      addressKey({
        street: "14 boulevard de la prairie au duc",
        postalCode: " 44200",
        city: "Nantes",
      }),
    );
    expect(addressKey(at("5 rue des Dervallières"))).not.toBe(
      addressKey(at("7 rue des Dervallières")),
    );
  });

  it("are located only with a street and a postal code or a commune", () => {
    expect(addressQuery({ street: " ", postalCode: "44000", city: "Nantes" })).toBeNull();
    expect(addressQuery({ street: "1 rue X", postalCode: null, city: null })).toBeNull();
    expect(addressQuery({ street: "1 rue X", postalCode: "", city: "Nantes" })).toEqual({
      street: "1 rue X",
      postalCode: null,
      city: "Nantes",
    });
  });
});
