import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { ImportFileError } from "../read/decode";
import { LMN_COLUMNS, LMN_REQUIRED } from "./lmn.columns";

/** One data row: its first line in the file and its cells by column name (absent columns are absent). */
export interface LmnRow {
  line: number;
  cells: Map<string, string>;
  /** Set when the row has more or fewer fields than the header. */
  fieldCountProblem: string | null;
}

export interface LmnHeader {
  /** Columns of the standard present in the file. */
  present: Set<string>;
  /** Columns not in the standard: ignored. */
  unknown: string[];
  /** Optional columns of the standard missing from the file: their values are left as they are. */
  missingOptional: string[];
}

/** Peeks at the first line: the standard uses `,`; some older files (Excel in French) use `;`. */
function detectDelimiter(firstLine: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of firstLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ",") commas++;
    else if (!quoted && c === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

const LABEL = (names: string[]) => names.map((n) => `« ${n} »`).join(", ");

function closest(name: string): string | null {
  const simplify = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[^a-z]/gi, "")
      .toLowerCase();
  const wanted = simplify(name);
  return LMN_COLUMNS.find((c) => simplify(c) === wanted || simplify(c) === `${wanted}s`) ?? null;
}

function checkHeader(names: string[]): LmnHeader {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  if (duplicates.size > 0) {
    throw new ImportFileError(
      "DUPLICATE_COLUMNS",
      `En-tête invalide : colonne(s) en double ${LABEL([...duplicates])}.`,
      1,
    );
  }
  const known = new Set<string>(LMN_COLUMNS);
  const unknown = names.filter((n) => n !== "" && !known.has(n));
  const missingRequired = LMN_REQUIRED.filter((c) => !seen.has(c));
  if (missingRequired.length > 0) {
    const hints = unknown
      .map((u) => [u, closest(u)] as const)
      .filter(([, c]) => c !== null && missingRequired.includes(c))
      .map(([u, c]) => ` « ${u} » devrait sans doute s'écrire « ${c} ».`)
      .join("");
    throw new ImportFileError(
      "MISSING_COLUMNS",
      `En-tête invalide : colonne(s) obligatoire(s) absente(s) ${LABEL(missingRequired)}. ` +
        `La première ligne doit nommer les colonnes du standard « lieux de médiation numérique » ` +
        `(id, pivot, nom, commune, code_postal, adresse, date_maj…).${hints}`,
      1,
    );
  }
  return {
    present: new Set(names.filter((n) => known.has(n))),
    unknown,
    missingOptional: LMN_COLUMNS.filter((c) => !seen.has(c)),
  };
}

function syntaxError(error: CsvError): ImportFileError {
  const line = (error as CsvError & { lines?: number }).lines ?? null;
  const where = line ? ` (ligne ${line})` : "";
  const messages: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED:
      `Guillemet jamais refermé${where} : la fin du fichier a été atteinte à l'intérieur d'un champ ` +
      `entre guillemets. Fermez le champ ; un guillemet dans un champ s'écrit "".`,
    INVALID_OPENING_QUOTE: `Guillemet mal placé${where} : un champ contenant des guillemets doit être entièrement entre guillemets, et chaque guillemet intérieur doublé ("").`,
    CSV_INVALID_CLOSING_QUOTE: `Guillemet mal fermé${where} : après le guillemet fermant d'un champ, il faut un séparateur ou une fin de ligne ; un guillemet dans un champ s'écrit "".`,
  };
  const message =
    messages[error.code] ??
    `Fichier CSV illisible${where} : ${error.message.split(":")[0] || error.code}.`;
  return new ImportFileError("CSV_SYNTAX", message, line);
}

const lineBreaks = (value: string) => value.match(/\r\n|\r|\n/g)?.length ?? 0;
const crlfPairs = (value: string) => value.match(/\r\n/g)?.length ?? 0;

/**
 * Streams the rows of a "lieux de médiation numérique" CSV. The header is checked first
 * (`onHeader` is called once); a syntax error (quoting) ends the file with an ImportFileError.
 */
export async function* readLmnRows(
  text: AsyncIterable<string>,
  onHeader: (header: LmnHeader) => void,
): AsyncGenerator<LmnRow> {
  // The delimiter is read from the first line, before the parser is built.
  const chunks = text[Symbol.asyncIterator]();
  let head = "";
  while (!head.includes("\n") && head.length < 100_000) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
  }
  if (head.trim() === "")
    throw new ImportFileError("EMPTY_FILE", "Le fichier ne contient aucune ligne.");
  const firstLine = head.includes("\n") ? head.slice(0, head.indexOf("\n")) : head;
  const parser = parse({
    delimiter: detectDelimiter(firstLine),
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  const feed = Readable.from(
    (async function* () {
      yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
  );
  feed.on("error", (error) => parser.destroy(error));
  feed.pipe(parser);

  let columns: string[] | null = null;
  // csv-parse counts a CRLF inside a quoted field as two lines: corrected here.
  let extraLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const pairs = record.reduce((n, v) => n + crlfPairs(v), 0);
      extraLines += pairs;
      const endLine = info.lines - extraLines;
      const line = endLine - record.reduce((n, v) => n + lineBreaks(v), 0);
      if (!columns) {
        columns = record.map((name) => name.trim().toLowerCase());
        onHeader(checkHeader(columns));
        continue;
      }
      if (record.every((v) => v.trim() === "")) continue;
      const cells = new Map<string, string>();
      columns.forEach((name, i) => {
        if (name && i < record.length) cells.set(name, record[i]);
      });
      const fieldCountProblem =
        record.length === columns.length
          ? null
          : `La ligne a ${record.length} champs au lieu de ${columns.length} (en-tête) : vérifiez les séparateurs et les guillemets.`;
      yield { line, cells, fieldCountProblem };
    }
  } catch (error) {
    if (error instanceof CsvError) throw syntaxError(error);
    throw error;
  }
  if (!columns) throw new ImportFileError("EMPTY_FILE", "Le fichier ne contient aucune ligne.");
}
