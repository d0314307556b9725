import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { EraseAllocationResidentDataDocument } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ConfirmButton } from "@/shared/components/ConfirmButton";

/** Right to erasure on a loan: the accompanying structure's managers and admins, confirmed. */
export function EraseFamilyData({
  allocationId,
  structureId,
  onDone,
}: {
  allocationId: string;
  structureId: string;
  onDone: (news: string) => void;
}) {
  const { t } = useI18n();
  const viewer = useViewer();
  const [erase] = useMutation(EraseAllocationResidentDataDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const allowed =
    viewer.isAdmin ||
    viewer.memberships.some((m) => m.structure.id === structureId && m.role === "MANAGER");
  if (!allowed) return null;

  async function run() {
    setProblem(null);
    try {
      const { data } = await erase({ variables: { id: allocationId } });
      const result = data?.eraseAllocationResidentData;
      if (result?.__typename === "Allocation") onDone(t("programme.erase.done"));
      else setProblem(result && "message" in result ? result.message : t("common.error.network"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <section aria-labelledby="erase-heading" className="form-section">
      <h2 id="erase-heading">{t("programme.erase.title")}</h2>
      <p className="hint">{t("programme.erase.hint")}</p>
      <ConfirmButton
        question={t("programme.erase.confirm")}
        confirmLabel={t("programme.erase.yes")}
        onConfirm={run}
      >
        {t("programme.erase.button")}
      </ConfirmButton>
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}
