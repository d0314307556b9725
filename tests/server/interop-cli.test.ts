import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger } from "../../server/src/logger";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { FIXTURES } from "./interop-helpers";
import { startBanServer } from "./support/ban-server";

/*
 * `npm run import`: the built CLI run as a child process on a database of its own (a fresh
 * PostgreSQL database, or an embedded one in a temporary directory), its summary, progress bar
 * and exit status. Needs `npx tsc -b server` first, as the npm script does.
 */

const CLI = path.resolve(__dirname, "../../server/dist/tools/import.js");
let database: TestDatabase | undefined;
let dataDir: string | undefined;
let env: Record<string, string>;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const file = (name: string) => path.join(FIXTURES, name);

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -b server\` first`);
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase(createLogger({ logLevel: "silent" }));
    env = { DATABASE_URL: database.url! };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "maillage-cli-"));
    env = { DATABASE_URL: "", DATA_DIR: dataDir, SEED_DEMO: "false" };
  }
});
afterAll(async () => {
  await database?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run import", () => {
  it("writes nothing in a dry run", async () => {
    const dry = await run("--format", "lmn", "--dry-run", file("lmn-nantes.csv"));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Essai \(rien n'a été écrit\)/);
    expect(dry.stdout).toContain("créés 4");
  });

  it("imports a file, shows progress on stderr and a summary, and exits 0", async () => {
    const result = await run("--format", "lmn", file("lmn-nantes.csv"));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\[█+\] 100 % · 4 enregistrements · \d+\/s/);
    expect(result.stdout).toMatch(/^Import terminé en \d+ s : 4 enregistrements lus\./);
    expect(result.stdout).toContain("créés 4 · mis à jour 0 · inchangés 0 · ignorés 0 · rejetés 0");
    expect(result.stdout).toContain("1 lieu(x) sans coordonnées, donc sans quartier :");
    expect(result.stdout).toContain("ligne 4 · nantes-3 · Association Clic Solidaire");
  });

  it("changes nothing the second time", async () => {
    const result = await run("--format", "lmn", file("lmn-nantes.csv"));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("créés 0 · mis à jour 0 · inchangés 4");
    const json = await run("--format", "lmn", "--json", file("lmn-semicolon-delimited.csv"));
    expect(JSON.parse(json.stdout)).toMatchObject({ committed: true, unchanged: 1 });
  });

  it("exits 1 when records were rejected, listing the reasons", async () => {
    const result = await run("--format", "lmn", file("lmn-invalid-rows.csv"));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("rejetés 6");
    expect(result.stdout).toMatch(/Motifs de rejet :\n( +\d+ × .+\n)+/);
    expect(result.stdout).toMatch(/\[rejet\] ligne 5 · pivot-1 · pivot : Numéro SIRET invalide/);
  });

  it("exits 2 when the file is refused, having imported nothing", async () => {
    const result = await run("--format", "lmn", file("lmn-broken-quoting.csv"));
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /Fichier refusé \(ligne 4\), rien n'a été importé : Guillemet mal fermé/,
    );
  });

  it("imports data·inclusion structures then services in one go", async () => {
    const result = await run(
      "--format",
      "data-inclusion",
      "--json",
      file("di-structures.json"),
      file("di-services.json"),
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      records: 10,
      created: 5,
      skipped: 1,
      rejected: 4,
    });
  });

  it("explains its usage", async () => {
    const result = await run(file("lmn-nantes.csv"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--format is required");
    expect(result.stderr).toContain("usage: npm run import -- --format lmn|data-inclusion");
    expect((await run("--format", "lmn", "nulle-part.csv")).stderr).toContain(
      "nulle-part.csv: no such file",
    );
  });

  it("geocodes rows without coordinates with GEOCODER_URL, and counts them in the progress and summary", async () => {
    const ban = await startBanServer();
    try {
      env = { ...env, GEOCODER_URL: ban.url };
      const result = await run("--format", "lmn", "--dry-run", file("lmn-nantes.csv"));
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/4 enregistrements · \d+\/s · géocodés 1 · à vérifier 0 · /);
      expect(result.stdout).toContain(
        "géocodage : 1 lieu(x) localisé(s) par leur adresse · 0 à vérifier (sans coordonnées)",
      );
      expect(ban.requests.map((r) => r.streets)).toEqual([["5 rue des Dervallières 44100 Nantes"]]);
    } finally {
      delete env.GEOCODER_URL;
      await ban.stop();
    }
  });
});
