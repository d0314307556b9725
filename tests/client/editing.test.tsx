import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import type { EditableStructureFragment } from "@/gql/graphql";
import { OpeningHoursField } from "@/modules/editing/components/OpeningHoursField";
import { previewOpeningHours } from "@/modules/editing/hooks/opening-hours-preview";
import {
  fromStructure,
  toCreateInput,
  toUpdateInput,
} from "@/modules/editing/hooks/structure-form";
import { renderPage } from "./support/render";

test("previews the common opening_hours forms, later rules replacing earlier days", () => {
  expect(
    previewOpeningHours("Mo-Fr 09:00-12:00,14:00-17:00; We off; Sa 10:00-12:00; PH off"),
  ).toEqual({
    weekly: [
      { day: 1, opens: "09:00", closes: "12:00" },
      { day: 1, opens: "14:00", closes: "17:00" },
      { day: 2, opens: "09:00", closes: "12:00" },
      { day: 2, opens: "14:00", closes: "17:00" },
      { day: 4, opens: "09:00", closes: "12:00" },
      { day: 4, opens: "14:00", closes: "17:00" },
      { day: 5, opens: "09:00", closes: "12:00" },
      { day: 5, opens: "14:00", closes: "17:00" },
      { day: 6, opens: "10:00", closes: "12:00" },
    ],
    holidaysOff: true,
  });
  expect(previewOpeningHours("Su-Mo 10:00-11:00")?.weekly.map((i) => i.day)).toEqual([1, 7]);
  expect(previewOpeningHours("24/7")?.weekly).toHaveLength(7);
  expect(previewOpeningHours('Mo-Fr 09:00-12:00 || "sur rendez-vous"')).toBeNull();
  expect(previewOpeningHours("Mo 12:00-09:00")).toBeNull();
});

function Field() {
  const [value, setValue] = useState("");
  return <OpeningHoursField value={value} onChange={setValue} />;
}

test("the opening-hours field writes the week out as it is typed", async () => {
  const user = userEvent.setup();
  renderPage(<Field />, { mocks: [] });
  expect(screen.getByText(/Sans horaires/)).toBeInTheDocument();
  await user.type(
    screen.getByLabelText("Horaires (format OpenStreetMap)"),
    "Tu 09:00-12:00; PH off",
  );
  const table = screen.getByRole("table", { name: "Aperçu de la semaine" });
  expect(table).toHaveTextContent("mardi09:00 – 12:00");
  expect(table).toHaveTextContent("lundiFermé");
  expect(screen.getByText("Fermé les jours fériés.")).toBeInTheDocument();
  await user.type(screen.getByLabelText("Horaires (format OpenStreetMap)"), " || x");
  expect(screen.getByText(/Pas d'aperçu pour cette écriture/)).toBeInTheDocument();
});

const stored: EditableStructureFragment = {
  __typename: "Structure",
  id: "s1",
  version: 3,
  name: "RéCup'Ordi 44",
  kind: "ASSOCIATION",
  pivot: "W442000001",
  summary: null,
  description: "Réemploi",
  phone: "+33240000116",
  emails: ["contact@example.org"],
  websites: [],
  appointmentUrl: null,
  accessibilityUrl: null,
  programmes: [],
  labels: [],
  otherLabels: null,
  specificSupports: [],
  mobility: ["FIXED"],
  passNumerique: true,
  districtOverridden: true,
  archivedAt: null,
  address: {
    __typename: "Address",
    street: "14 rue Joseph Blanchart",
    complement: null,
    postalCode: "44100",
    city: "Nantes",
    inseeCode: "44109",
  },
  district: { __typename: "District", code: "bellevue", name: "Bellevue" },
  location: { __typename: "GeoPoint", lat: 47.2075, lon: -1.5754 },
  openingHours: { __typename: "OpeningHours", osm: "We 14:00-18:00" },
};

test("an update sends only what changed; cleared fields as null; location as a pair", () => {
  const original = fromStructure(stored);
  expect(toUpdateInput(original, original)).toEqual({});
  expect(
    toUpdateInput(original, {
      ...original,
      description: "",
      latitude: "47,21",
      emails: "a@example.org\nb@example.org",
    }),
  ).toEqual({
    description: null,
    latitude: 47.21,
    longitude: -1.5754,
    emails: ["a@example.org", "b@example.org"],
  });
  expect(toUpdateInput(original, { ...original, districtCode: "" })).toEqual({
    deriveDistrict: true,
  });
});

test("a new structure leaves out what was not filled in", () => {
  const input = toCreateInput({
    ...fromStructure(stored),
    description: "",
    emails: "",
    mobility: [],
  });
  expect(input).not.toHaveProperty("description");
  expect(input).not.toHaveProperty("emails");
  expect(input).toMatchObject({ name: "RéCup'Ordi 44", kind: "ASSOCIATION", latitude: 47.2075 });
});
