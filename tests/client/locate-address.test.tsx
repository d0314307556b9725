import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { GeocodeAddressDocument, GeocodingEnabledDocument } from "@/gql/graphql";
import { LocateAddressButton } from "@/modules/editing/components/LocateAddressButton";
import { type Mock, renderPage } from "./support/render";

/* « Localiser cette adresse » of the structure form, over Apollo's MockLink. */

const enabled = (value: boolean): Mock => ({
  request: { query: GeocodingEnabledDocument },
  result: { data: { geocodingEnabled: value } },
});
const geocode = (street: string, answer: Record<string, unknown>): Mock => ({
  request: {
    query: GeocodeAddressDocument,
    variables: { street, postalCode: "44100", city: "Nantes" },
  },
  result: { data: { geocodeAddress: answer } },
});
const location = (score: number, sure: boolean) => ({
  __typename: "AddressLocation",
  lat: 47.220513,
  lon: -1.585076,
  score,
  label: "5 Rue des Dervallières 44100 Nantes",
  citycode: "44109",
  sure,
});

function Form(props: { street: string }) {
  const [coords, setCoords] = useState({ latitude: "", longitude: "" });
  return (
    <>
      <LocateAddressButton
        values={{ street: props.street, postalCode: "44100", city: "Nantes" }}
        onLocate={setCoords}
      />
      <output aria-label="coordonnées">{`${coords.latitude} ${coords.longitude}`}</output>
    </>
  );
}

test("fills the coordinates and says what was found, and how surely", async () => {
  const user = userEvent.setup();
  renderPage(<Form street="5 rue des Dervallières" />, {
    mocks: [
      enabled(true),
      geocode("5 rue des Dervallières", location(0.9412, true)),
      geocode("5 rue des Dervallières", location(0.4, false)),
    ],
  });
  await user.click(await screen.findByRole("button", { name: "Localiser cette adresse" }));
  expect(
    await screen.findByText(
      /Adresse trouvée : « 5 Rue des Dervallières 44100 Nantes » \(fiabilité 94 %\)/,
    ),
  ).toBeInTheDocument();
  expect(screen.getByLabelText("coordonnées")).toHaveTextContent("47.220513 -1.585076");
  await user.click(screen.getByRole("button", { name: "Localiser cette adresse" }));
  expect(await screen.findByText(/peu de certitude.*\(fiabilité 40 %\)/)).toBeInTheDocument();
});

test("says when the address is unknown or the geocoder down, leaving the coordinates alone", async () => {
  const user = userEvent.setup();
  renderPage(<Form street="999 rue inconnue" />, {
    mocks: [
      enabled(true),
      geocode("999 rue inconnue", {
        __typename: "NotFoundError",
        errorCode: "NOT_FOUND",
        message: "Address does not exist",
      }),
      geocode("999 rue inconnue", {
        __typename: "GeocoderUnavailableError",
        errorCode: "GEOCODER_UNAVAILABLE",
        message: "down",
      }),
    ],
  });
  await user.click(await screen.findByRole("button", { name: "Localiser cette adresse" }));
  expect(await screen.findByText(/Adresse introuvable/)).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Localiser cette adresse" }));
  expect(await screen.findByText(/ne répond pas pour l'instant/)).toBeInTheDocument();
  expect(screen.getByLabelText("coordonnées")).toHaveTextContent(/^\s*$/);
});

test("is not shown when the server has no geocoder", async () => {
  renderPage(<Form street="5 rue des Dervallières" />, { mocks: [enabled(false)] });
  expect(await screen.findByLabelText("coordonnées")).toBeInTheDocument();
  await new Promise((r) => setTimeout(r, 50)); // the answer has come
  expect(screen.queryByRole("button", { name: "Localiser cette adresse" })).toBeNull();
});
