import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { useFormDraft } from "@/shared/drafts/form-drafts";
import { useNavigate } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { CreateStructureDocument } from "@/gql/graphql";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import { EMPTY_STRUCTURE, toCreateInput } from "../hooks/structure-form";
import { StructureForm } from "./StructureForm";

/** A new structure of the network (coordinators and admins). */
export function StructureCreatePage() {
  const { t, locale } = useI18n();
  usePageTitle(t("editing.create.title"));
  const navigate = useNavigate();
  const [values, setValues] = useFormDraft("structure:new", () => EMPTY_STRUCTURE);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateStructureDocument);

  async function submit() {
    setProblem(null);
    const local: FieldErrorMap = {};
    if (!values.name.trim()) local.name = t("form.required");
    if (!values.kind) local.kind = t("form.required");
    if (!values.pivot.trim()) local.pivot = t("form.required");
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const { data } = await create({ variables: { input: toCreateInput(values) } });
      const result = data?.createStructure;
      if (result?.__typename === "Structure")
        navigate(`/structures/${result.id}/modifier`, { state: { created: true } });
      else if (result?.__typename === "ValidationError")
        setErrors(fieldErrorMap(result.fields, locale));
      else setProblem(result?.message ?? t("common.error.hint"));
    } catch {
      setProblem(t("common.error.network"));
    }
  }

  return (
    <div className="narrow-wide">
      <h1>{t("editing.create.title")}</h1>
      <p>{t("editing.create.intro")}</p>
      <StructureForm
        values={values}
        errors={errors}
        problem={problem}
        submitting={loading}
        submitLabel={t("editing.create.submit")}
        onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
        onSubmit={() => void submit()}
      />
    </div>
  );
}
