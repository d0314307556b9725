import { useApolloClient, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { GeocodeAddressDocument, GeocodingEnabledDocument } from "@/gql/graphql";
import type { StructureFormValues } from "../hooks/structure-form";

type Outcome = { kind: "found" | "unsure" | "problem"; text: string } | null;

/**
 * « Localiser cette adresse »: asks the server's geocoder (national address base) for the
 * address typed, fills latitude and longitude, and says what was found and how surely. Not
 * shown when the server has no geocoder.
 */
export function LocateAddressButton(props: {
  values: Pick<StructureFormValues, "street" | "postalCode" | "city">;
  onLocate(patch: Pick<StructureFormValues, "latitude" | "longitude">): void;
}) {
  const { t, locale } = useI18n();
  const client = useApolloClient();
  const enabled = useQuery(GeocodingEnabledDocument);
  const [searching, setSearching] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  if (!enabled.data?.geocodingEnabled) return null;

  const percent = (score: number) => Math.round(score * 100).toLocaleString(locale);

  async function locate() {
    const { street, postalCode, city } = props.values;
    if (!street.trim() || (!postalCode.trim() && !city.trim())) {
      return setOutcome({ kind: "problem", text: t("editing.locate.incomplete") });
    }
    setSearching(true);
    setOutcome(null);
    try {
      const { data } = await client.query({
        query: GeocodeAddressDocument,
        variables: { street, postalCode: postalCode.trim() || null, city: city.trim() || null },
        fetchPolicy: "network-only",
      });
      const r = data?.geocodeAddress;
      if (r?.__typename === "AddressLocation") {
        props.onLocate({ latitude: String(r.lat), longitude: String(r.lon) });
        const values = { label: r.label, score: percent(r.score) };
        setOutcome(
          r.sure
            ? { kind: "found", text: t("editing.locate.found", values) }
            : { kind: "unsure", text: t("editing.locate.unsure", values) },
        );
      } else if (r?.__typename === "NotFoundError") {
        setOutcome({ kind: "problem", text: t("editing.locate.notFound") });
      } else if (r?.__typename === "ValidationError") {
        setOutcome({ kind: "problem", text: t("editing.locate.incomplete") });
      } else setOutcome({ kind: "problem", text: t("editing.locate.unavailable") });
    } catch {
      setOutcome({ kind: "problem", text: t("common.error.network") });
    } finally {
      setSearching(false);
    }
  }

  return (
    <div className="field">
      <button
        type="button"
        className="button button-secondary"
        disabled={searching}
        onClick={() => void locate()}
      >
        {searching ? t("editing.locate.searching") : t("editing.locate.button")}
      </button>
      <p role="status" className={outcome && outcome.kind !== "found" ? "hint alert" : "hint"}>
        {outcome?.text ?? ""}
      </p>
    </div>
  );
}
