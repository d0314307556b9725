import { useApolloClient } from "@apollo/client/react";
import { type KeyboardEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { HouseholdByReferenceDocument } from "@/gql/graphql";
import { TextField } from "@/shared/components/Field";
import { errorCode } from "../hooks/graphql-errors";

export interface FoundHousehold {
  id: string;
  reference: string;
  districtName: string | null;
}

/**
 * A household the programme already follows, found by the reference the family shows (on its
 * charter or booklet). The field is named `householdId`: the server's errors land on it.
 */
export function HouseholdLookup(props: {
  reference: string;
  found: FoundHousehold | null;
  error?: string;
  onChange(reference: string, found: FoundHousehold | null): void;
}) {
  const { t } = useI18n();
  const client = useApolloClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);

  async function search() {
    const reference = props.reference.trim();
    setProblem(null);
    if (!reference) return setProblem(t("form.required"));
    setSearching(true);
    try {
      const { data } = await client.query({
        query: HouseholdByReferenceDocument,
        variables: { reference },
        fetchPolicy: "network-only",
      });
      const h = data?.householdByReference;
      if (h)
        props.onChange(props.reference, {
          id: h.id,
          reference: h.reference,
          districtName: h.district?.name ?? null,
        });
    } catch (error) {
      const code = errorCode(error);
      setProblem(
        code === "NOT_FOUND" || code === "BAD_USER_INPUT"
          ? t("programme.household.notFound")
          : t("common.error.network"),
      );
    } finally {
      setSearching(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter searches the household rather than sending the whole form.
    if (event.key === "Enter") {
      event.preventDefault();
      void search();
    }
  }

  return (
    <div className="household-lookup">
      <div className="lookup-row">
        <TextField
          name="householdId"
          label={t("programme.household.reference")}
          hint={t("programme.household.referenceHint")}
          required
          autoComplete="off"
          spellCheck={false}
          value={props.reference}
          error={problem ?? props.error}
          onKeyDown={onKeyDown}
          onChange={(e) => props.onChange(e.target.value, null)}
        />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void search()}
          disabled={searching}
        >
          {t("programme.household.search")}
        </button>
      </div>
      <p className="status-message" aria-live="polite">
        {props.found &&
          (props.found.districtName
            ? t("programme.household.found", {
                reference: props.found.reference,
                district: props.found.districtName,
              })
            : t("programme.household.foundNoDistrict", { reference: props.found.reference }))}
      </p>
    </div>
  );
}
