import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { SetStructureRequiresProConnectDocument, SignInOptionsDocument } from "@/gql/graphql";

/**
 * For admins, where ProConnect is configured: whether a structure's members must sign in with
 * it (public agents), their password then being refused.
 */
export function ProConnectRequirement({
  structureId,
  required,
}: {
  structureId: string;
  required: boolean;
}) {
  const { t } = useI18n();
  const proConnect = useQuery(SignInOptionsDocument).data?.signInOptions.proConnect ?? false;
  const [save, saving] = useMutation(SetStructureRequiresProConnectDocument);
  const [status, setStatus] = useState<string | null>(null);
  if (!proConnect) return null;

  async function change(next: boolean) {
    setStatus(null);
    try {
      const { data } = await save({ variables: { structureId, required: next } });
      const result = data?.setStructureRequiresProConnect;
      setStatus(
        result?.__typename === "Structure"
          ? t(next ? "proConnect.required.on" : "proConnect.required.off")
          : (result?.message ?? t("common.error.network")),
      );
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  return (
    <section aria-labelledby="proconnect-requirement">
      <h2 id="proconnect-requirement">{t("proConnect.required.title")}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={required}
          disabled={saving.loading}
          aria-describedby="requires-proconnect-hint"
          onChange={(e) => void change(e.target.checked)}
        />
        {t("proConnect.required.label")}
      </label>
      <p id="requires-proconnect-hint" className="hint">
        {t("proConnect.required.hint")}
      </p>
      <p role="status">{status}</p>
    </section>
  );
}
