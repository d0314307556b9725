/** A cell of a CSV report: text, a number, or nothing. */
export type CsvCell = string | number | null | undefined;

/** Starts of a cell a spreadsheet would run as a formula (CSV injection), but not a number. */
const FORMULA = /^(?:[=+@\t\r]|-(?![\d.]))/;

/**
 * One cell, quoted when it holds the separator, a quote or a line break (quotes doubled, as
 * RFC 4180 says). Text that a spreadsheet would take for a formula gets a leading apostrophe:
 * the values come from an imported file, which anyone may have written.
 */
export function csvCell(value: CsvCell, separator = ";"): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA.test(text)) text = `'${text}`;
  const needsQuotes =
    text.includes(separator) || text.includes('"') || text.includes("\n") || text.includes("\r");
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the header first) as CSV text, CRLF line ends. */
export function toCsv(rows: readonly (readonly CsvCell[])[], separator = ";"): string {
  return rows
    .map((row) => row.map((cell) => csvCell(cell, separator)).join(separator))
    .join("\r\n");
}

/**
 * Makes the browser save `text` as `fileName`, through an object URL of a Blob (nothing is sent
 * to the server). A byte order mark lets spreadsheets read the UTF-8 accents.
 */
export function downloadText(text: string, fileName: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the download has started (revoking at once can cancel it in some browsers).
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
