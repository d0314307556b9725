import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "../config";
import { migrate, openDatabase } from "../db/data-source";
import type { ImportReport } from "../interop/import-report";
import { addressLocatorFor } from "../interop/geocoding/address-locator";
import { type ImportProgress, runImport } from "../interop/importer";
import { ImportFormat } from "../interop/interop.enums";
import { createLogger } from "../logger";
import { isEmpty, seed } from "../seed/seed";

/*
 * `npm run import -- --format lmn|data-inclusion [--dry-run] [--json] FILE [FILE…]`
 * Streams the files into the directory in one transaction, with a progress bar on stderr, then
 * prints a summary. Exit status: 0 nothing rejected, 1 some records rejected, 2 file refused
 * (nothing imported) or wrong usage.
 */

const USAGE =
  "usage: npm run import -- --format lmn|data-inclusion [--dry-run] [--json] FILE [FILE…]\n" +
  "  --format lmn             national standard « lieux de médiation numérique » (CSV)\n" +
  "  --format data-inclusion  data·inclusion v1 structures and services (JSON; structures first)\n" +
  "  --dry-run                check and report, write nothing\n" +
  "  --json                   print the report as JSON\n";

const FORMATS: Record<string, ImportFormat> = {
  lmn: ImportFormat.LIEUX_MEDIATION_NUMERIQUE,
  "data-inclusion": ImportFormat.DATA_INCLUSION,
};

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  let format: ImportFormat | undefined;
  let dryRun = false;
  let json = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--format") {
      format = FORMATS[argv[++i]];
      if (!format) throw new UsageError(`unknown format "${argv[i] ?? ""}"`);
    } else if (arg.startsWith("--format=")) {
      format = FORMATS[arg.slice(9)];
      if (!format) throw new UsageError(`unknown format "${arg.slice(9)}"`);
    } else if (arg === "--dry-run") dryRun = true;
    else if (arg === "--json") json = true;
    else if (arg === "--help" || arg === "-h") throw new UsageError("");
    else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (!format) throw new UsageError("--format is required");
  if (files.length === 0) throw new UsageError("give at least one FILE");
  for (const file of files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      throw new UsageError(`${file}: no such file`);
  }
  return { format, dryRun, json, files };
}

const n = (value: number) => value.toLocaleString("fr-FR");
const seconds = (s: number) =>
  s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.max(0, Math.round(s))} s`;

/** A progress bar on stderr: redrawn in place on a terminal, a line every 2 s otherwise. */
function progressBar(totalBytes: number) {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let drawn = false;
  const draw = (p: ImportProgress, final = false) => {
    const now = performance.now();
    if (!final && now - last < (tty ? 100 : 2000)) return;
    last = now;
    const elapsed = (now - started) / 1000;
    const share = totalBytes > 0 ? Math.min(1, p.bytes / totalBytes) : 1;
    const width = 24;
    const full = Math.round(share * width);
    const rate = elapsed > 0 ? p.records / elapsed : 0;
    const eta = share > 0 && share < 1 ? (elapsed / share) * (1 - share) : 0;
    const line =
      `[${"█".repeat(full)}${"░".repeat(width - full)}] ${String(Math.round(share * 100)).padStart(3)} % · ` +
      `${n(p.records)} enregistrements · ${n(Math.round(rate))}/s · ` +
      (p.geocoded || p.toCheck
        ? `géocodés ${n(p.geocoded ?? 0)} · à vérifier ${n(p.toCheck ?? 0)} · `
        : "") +
      (p.merged ? `${n(p.merged)} rapprochés · ` : "") +
      (final ? `${seconds(elapsed)}` : `reste ${seconds(eta)}`);
    process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
    drawn = true;
  };
  return {
    update: (p: ImportProgress) => draw(p),
    done: (p: ImportProgress) => {
      draw(p, true);
      if (drawn && tty) process.stderr.write("\n");
    },
  };
}

function summary(report: ImportReport): string {
  const lines: string[] = [];
  const verb = report.dryRun
    ? "Essai (rien n'a été écrit)"
    : report.committed
      ? "Import terminé"
      : "Import annulé";
  lines.push(
    `${verb} en ${seconds(report.durationMs / 1000)} : ${n(report.records)} enregistrements lus.`,
  );
  if (report.fileError) {
    const where = report.fileError.line ? ` (ligne ${report.fileError.line})` : "";
    lines.push(`Fichier refusé${where}, rien n'a été importé : ${report.fileError.message}`);
  }
  lines.push(
    `  créés ${n(report.created)} · mis à jour ${n(report.updated)} · inchangés ${n(report.unchanged)} · ` +
      `ignorés ${n(report.skipped)} · rejetés ${n(report.rejected)}`,
  );
  lines.push(
    `  rapprochés de structures existantes (SIRET, nom et adresse) ${n(report.merged)} · ` +
      `doublons possibles à vérifier ${n(report.possibleDuplicates)}`,
  );
  lines.push(
    `  offres : créées ${n(report.offersCreated)} · mises à jour ${n(report.offersUpdated)} · suspendues ${n(report.offersDeactivated)}`,
  );
  if (report.withoutLocationCount > 0) {
    lines.push(
      `  ${n(report.withoutLocationCount)} lieu(x) sans coordonnées, donc sans quartier :`,
    );
    for (const ref of report.withoutLocation.slice(0, 10)) {
      lines.push(`    ligne ${ref.line} · ${ref.recordId} · ${ref.name}`);
    }
    if (report.withoutLocationCount > 10)
      lines.push(`    … et ${n(report.withoutLocationCount - 10)} autre(s)`);
  }
  if (report.geocoded > 0 || report.toCheck > 0) {
    lines.push(
      `  géocodage : ${n(report.geocoded)} lieu(x) localisé(s) par leur adresse · ${n(report.toCheck)} à vérifier (sans coordonnées)`,
    );
  }
  if (report.outsideDistrictsCount > 0) {
    lines.push(
      `  ${n(report.outsideDistrictsCount)} lieu(x) hors des quartiers de la ville, donc sans quartier`,
    );
  }
  if (report.rejectionReasons.length > 0) {
    lines.push("Motifs de rejet :");
    for (const r of report.rejectionReasons) {
      lines.push(`  ${String(r.count).padStart(6)} × ${r.column ?? "(ligne)"} · ${r.code}`);
    }
  }
  const shown = report.issues.slice(0, 30);
  if (shown.length > 0) {
    lines.push(`Détail (${n(shown.length)} sur ${n(report.issueCount)}) :`);
    for (const issue of shown) {
      const where = [
        issue.line !== null ? `ligne ${issue.line}` : null,
        issue.recordId,
        issue.column,
      ]
        .filter(Boolean)
        .join(" · ");
      const tag = issue.severity === "ERROR" ? "rejet" : "note";
      lines.push(
        `  [${tag}] ${where} : ${issue.message}${issue.value ? ` (« ${issue.value} »)` : ""}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`maillage import: ${error.message}\n`);
    process.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ logLevel: config.logLevel === "info" ? "warn" : config.logLevel });
  const db = await openDatabase(config, logger);
  try {
    await migrate(db);
    if (await isEmpty(db.dataSource)) {
      // As at the server's first start: districts are needed to place the structures.
      await seed(db.dataSource, { demo: db.kind === "embedded" && config.seedDemo });
    }
    const totalBytes = args.files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    const bar = progressBar(totalBytes);
    let last: ImportProgress = { records: 0, bytes: 0 };
    const report = await runImport(
      db.dataSource,
      args.files.map((file) => ({
        name: path.basename(file),
        stream: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
      })),
      {
        format: args.format,
        dryRun: args.dryRun,
        actor: { type: "system", id: null },
        geocoding: addressLocatorFor(config.geocoder),
        onProgress: (p) => {
          last = p;
          bar.update(p);
        },
      },
    );
    // The last batch is geocoded after its records were read: the final line takes the report's counts.
    bar.done({ ...last, geocoded: report.geocoded, toCheck: report.toCheck });
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
    if (report.fileError) return 2;
    return report.rejected > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

// exitCode rather than exit(): a report piped to another program is written out in full first.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const prefix = error instanceof ConfigError ? "configuration error" : "import failed";
    process.stderr.write(
      `maillage import: ${prefix}: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exitCode = 2;
  },
);
