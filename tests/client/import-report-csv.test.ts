import { csvCell, toCsv } from "@/modules/import/report-csv";
import { formatOfFileName } from "@/modules/import/upload";

test("cells holding the separator, quotes or line breaks are quoted, quotes doubled", () => {
  expect(csvCell("simple")).toBe("simple");
  expect(csvCell("a;b")).toBe('"a;b"');
  expect(csvCell('le « nom » "exact"')).toBe('"le « nom » ""exact"""');
  expect(csvCell("deux\nlignes")).toBe('"deux\nlignes"');
  expect(csvCell("a,b")).toBe("a,b");
  expect(csvCell("a,b", ",")).toBe('"a,b"');
  expect(csvCell(null)).toBe("");
  expect(csvCell(undefined)).toBe("");
  expect(csvCell(12)).toBe("12");
});

test("text a spreadsheet would run as a formula is neutralised, numbers are not", () => {
  expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  expect(csvCell("+33240000000")).toBe("'+33240000000");
  expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  expect(csvCell("-1.5536")).toBe("-1.5536");
  expect(csvCell("-cmd")).toBe("'-cmd");
});

test("rows become CRLF-separated lines, the header first", () => {
  expect(
    toCsv([
      ["Ligne", "Message"],
      [3, "Code postal invalide ; 5 chiffres"],
      [null, "Fichier refusé"],
    ]),
  ).toBe('Ligne;Message\r\n3;"Code postal invalide ; 5 chiffres"\r\n;Fichier refusé');
});

test("the format is guessed from the file's extension", () => {
  expect(formatOfFileName("lieux.CSV")).toBe("LIEUX_MEDIATION_NUMERIQUE");
  expect(formatOfFileName("structures.json")).toBe("DATA_INCLUSION");
  expect(formatOfFileName("export.xlsx")).toBeNull();
});
