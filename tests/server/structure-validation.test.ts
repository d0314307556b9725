import { checkOpeningHours } from "../../server/src/modules/structure/opening-hours";
import {
  isValidSiret,
  pivotProblem,
} from "../../server/src/modules/structure/structure.validation";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { DEMO_NETWORK_CSV } from "../../server/src/seed/demo-network";

describe("pivot (SIRET / SIREN / RNA)", () => {
  it.each(["43493312300029", "W442012345", "434933123", "35600000000010"])(
    "accepts %s",
    (pivot) => {
      expect(pivotProblem(pivot)).toBeNull();
    },
  );

  it.each([
    ["43493312300028", "SIRET checksum is wrong"],
    ["434933124", "SIREN checksum is wrong"],
    ["W44201234", "an RNA number is W followed by 9 digits or capital letters"],
    ["4349331230002", "expected a SIRET"],
    ["", "expected a SIRET"],
  ])("refuses %j: %s", (pivot, problem) => {
    expect(pivotProblem(pivot)).toContain(problem);
  });

  it("knows La Poste's rule", () => {
    expect(isValidSiret("35600000000010")).toBe(true);
    expect(isValidSiret("35600000000011")).toBe(false);
  });
});

describe("opening hours (OSM syntax)", () => {
  it("accepts the standard's example and public holidays in France", () => {
    expect(checkOpeningHours("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00").ok).toBe(true);
    expect(checkOpeningHours("Mo-Fr 09:00-17:00; PH off").ok).toBe(true);
  });

  it("repairs common slips into the canonical form, saying what it repaired", () => {
    const result = checkOpeningHours("Lu-Ve 9h-12h");
    expect(result).toMatchObject({ ok: true, normalized: "Mo-Fr 09:00-12:00" });
    if (result.ok) expect(result.warnings.length).toBeGreaterThan(0);
  });

  it.each(["Lundi matin", "Mo-Fr 25:00-26:00", "   ", "Mo-Fr 09:00-"])(
    "refuses %j with a message",
    (value) => {
      const result = checkOpeningHours(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/opening hours/);
    },
  );
});

describe("the demo network", () => {
  it("has valid identifiers and opening hours only", () => {
    const rows: Record<string, string>[] = parse(fs.readFileSync(DEMO_NETWORK_CSV), {
      columns: true,
    });
    expect(rows.length).toBeGreaterThanOrEqual(40);
    for (const s of rows) {
      expect({ key: s.id, problem: pivotProblem(s.pivot) }).toEqual({ key: s.id, problem: null });
      if (s.horaires)
        expect({ key: s.id, ok: checkOpeningHours(s.horaires).ok }).toEqual({
          key: s.id,
          ok: true,
        });
    }
  });
});
