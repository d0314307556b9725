import schema from "../../server/src/interop/standards/lieux-mediation-numerique.schema.json";
import thematiques from "../../server/src/interop/standards/data-inclusion-v1/thematiques.json";
import {
  accessModeTerms,
  categoryTerms,
  categoryThematiques,
  feeTerms,
  labelTerms,
  mobilityTerms,
  programmeTerms,
  publicTerms,
  specificSupportTerms,
  supportModeTerms,
} from "../../server/src/modules/vocabulary/vocabulary.terms";

/** The values a field of the national standard enumerates in its pattern. */
function standardValues(field: string): string[] {
  const def = schema.fields.find((f) => f.name === field);
  const pattern = (def?.constraints as { pattern?: string })?.pattern;
  if (!pattern) throw new Error(`no pattern for ${field}`);
  const alternatives = /\^\|\\\|\)\((.*)\)\)\+\$$/.exec(pattern)![1];
  return alternatives.split("|").map((v) => v.replace(/\\(.)/g, "$1"));
}

const frenchLabels = (terms: Record<string, { fr: string }>) =>
  Object.values(terms).map((t) => t.fr);

describe("vocabularies follow the national standard v1.0.2", () => {
  it.each([
    ["services", categoryTerms],
    ["publics_specifiquement_adresses", publicTerms],
    ["prise_en_charge_specifique", specificSupportTerms],
    ["dispositif_programmes_nationaux", programmeTerms],
    ["formations_labels", labelTerms],
    ["modalites_acces", accessModeTerms],
    ["modalites_accompagnement", supportModeTerms],
    ["itinerance", mobilityTerms],
  ] as const)(
    "%s: every standard value has a term and every term is a standard value",
    (field, terms) => {
      expect(frenchLabels(terms).sort()).toEqual(standardValues(field).sort());
    },
  );

  it("frais_a_charge: the standard's three values, plus Pass numérique of our own", () => {
    const ours = frenchLabels(feeTerms).filter((l) => l !== feeTerms.PASS_NUMERIQUE.fr);
    expect(ours.sort()).toEqual(standardValues("frais_a_charge").sort());
  });

  it("maps every need to existing data·inclusion thematiques, the first one digital", () => {
    const known = new Set(thematiques.map((t) => t.value));
    for (const [category, values] of Object.entries(categoryThematiques)) {
      expect(values.length).toBeGreaterThan(0);
      expect(values[0]).toMatch(/^numerique--/);
      for (const v of values)
        expect({ category, v, known: known.has(v) }).toEqual({ category, v, known: true });
    }
  });
});
