/** A file that cannot be read at all: nothing of it is imported. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
  constructor(
    readonly code: string,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/** Offset of the first byte that breaks UTF-8 in `bytes`, or -1 (a sequence cut at the end is fine). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return -1;
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return -1;
}

const countLines = (text: string) => {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
};

function notUtf8(byte: number, line: number): ImportFileError {
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  const latin1 = byte >= 0xa0 ? ` (« ${String.fromCharCode(byte)} » en Latin-1)` : "";
  return new ImportFileError(
    "NOT_UTF8",
    `Le fichier n'est pas encodé en UTF-8 : l'octet ${hex}${latin1} de la ligne ${line} n'est pas ` +
      "valide. Il est sans doute en Latin-1 / Windows-1252 (un export Excel « CSV » ordinaire). " +
      "Enregistrez-le au format « CSV UTF-8 » puis importez-le à nouveau ; Maillage ne convertit " +
      "pas les encodages, pour ne jamais altérer un texte sans le dire.",
    line,
  );
}

/**
 * The text of a byte stream that must be UTF-8: a BOM is dropped, UTF-16 and invalid bytes
 * (Latin-1 files) are refused with the line where they are, an empty file is refused.
 * `onBytes` is told how many bytes each chunk had (for progress).
 */
export async function* decodeUtf8(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let total = 0;
  let line = 1;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (total === 0 && bytes.length >= 2) {
      const bom = (bytes[0] << 8) | bytes[1];
      if (bom === 0xfffe || bom === 0xfeff) {
        throw new ImportFileError(
          "NOT_UTF8",
          "Le fichier est encodé en UTF-16 (« texte Unicode ») : enregistrez-le au format « CSV UTF-8 » ou JSON UTF-8 puis importez-le à nouveau.",
          1,
        );
      }
    }
    total += bytes.length;
    onBytes?.(bytes.length);
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      const at = Math.max(firstInvalidUtf8(bytes), 0);
      const before = Buffer.from(bytes.subarray(0, at)).toString("latin1");
      throw notUtf8(bytes[at], line + countLines(before));
    }
    line += countLines(text);
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new ImportFileError(
      "NOT_UTF8",
      `Le fichier se termine au milieu d'un caractère UTF-8 (ligne ${line}) : il est tronqué ou n'est pas en UTF-8.`,
      line,
    );
  }
  if (total === 0) throw new ImportFileError("EMPTY_FILE", "Le fichier est vide (0 octet).");
}
