import { useMutation } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import {
  type AccessMode,
  CreateOfferDocument,
  type EditableOfferFragment,
  type Fee,
  type OfferEditResultFragment,
  type Public,
  type ServiceCategory,
  type SupportMode,
  UpdateOfferDocument,
} from "@/gql/graphql";
import { CheckboxGroup, SelectField, TextAreaField, TextField } from "@/shared/components/Field";
import { type FieldErrorMap, fieldErrorMap } from "@/shared/format/field-errors";
import { useReferenceData } from "@/shared/reference/useReferenceData";

interface OfferValues {
  title: string;
  category: ServiceCategory | "";
  description: string;
  publics: Public[];
  fees: Fee[];
  supportModes: SupportMode[];
  accessModes: AccessMode[];
  capacityPerWeek: string;
}

function valuesOf(o: EditableOfferFragment | null): OfferValues {
  return {
    title: o?.title ?? "",
    category: o?.category ?? "",
    description: o?.description ?? "",
    publics: [...(o?.publics ?? [])],
    fees: [...(o?.fees ?? [])],
    supportModes: [...(o?.supportModes ?? [])],
    accessModes: [...(o?.accessModes ?? [])],
    capacityPerWeek: o?.capacityPerWeek != null ? String(o.capacityPerWeek) : "",
  };
}

/** Adds an offer to a structure, or changes one (with its expected version). */
export function OfferForm(props: {
  structureId: string;
  offer: EditableOfferFragment | null;
  onDone(message: string): void;
  onCancel(): void;
}) {
  const { t, locale } = useI18n();
  const { terms } = useReferenceData();
  const [v, setV] = useState(() => valuesOf(props.offer));
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [create, creating] = useMutation(CreateOfferDocument, {
    refetchQueries: ["StructureForEditing"],
  });
  const [update, updating] = useMutation(UpdateOfferDocument);
  const change = (patch: Partial<OfferValues>) => setV((x) => ({ ...x, ...patch }));
  const prefix = props.offer ? `offer-${props.offer.id}` : "offer-new";

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!v.title.trim() || !v.category) {
      setErrors({
        ...(v.title.trim() ? {} : { title: t("form.required") }),
        ...(v.category ? {} : { category: t("form.required") }),
      });
      return;
    }
    const input = {
      title: v.title.trim(),
      category: v.category as ServiceCategory,
      description: v.description.trim() || null,
      publics: v.publics,
      fees: v.fees,
      supportModes: v.supportModes,
      accessModes: v.accessModes,
      capacityPerWeek: v.capacityPerWeek.trim() ? Number(v.capacityPerWeek) : null,
    };
    let result: OfferEditResultFragment | undefined;
    try {
      result = props.offer
        ? (
            await update({
              variables: { id: props.offer.id, expectedVersion: props.offer.version, input },
            })
          ).data?.updateOffer
        : (await create({ variables: { structureId: props.structureId, input } })).data
            ?.createOffer;
    } catch {
      return setProblem(t("common.error.network"));
    }
    if (result?.__typename === "ServiceOffer")
      props.onDone(
        t(props.offer ? "editing.offer.saved" : "editing.offer.created", { title: result.title }),
      );
    else if (result?.__typename === "ValidationError")
      setErrors(fieldErrorMap(result.fields, locale));
    else if (result?.__typename === "ConflictError")
      setProblem(t("editing.conflict", { version: result.currentVersion }));
    else setProblem(result?.message ?? t("common.error.hint"));
  }

  const err = (k: string) => errors[k];
  return (
    <form
      className="inline-form offer-form"
      onSubmit={submit}
      noValidate
      aria-label={
        props.offer
          ? t("editing.offer.editForm", { title: props.offer.title })
          : t("editing.offer.add")
      }
    >
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <p className="alert alert-error" role="alert">
          {t("form.errors.title")}
        </p>
      )}
      <TextField
        name={`${prefix}-title`}
        label={t("editing.offer.title")}
        required
        maxLength={200}
        value={v.title}
        error={err("title")}
        onChange={(e) => change({ title: e.target.value })}
      />
      <SelectField
        name={`${prefix}-category`}
        label={t("editing.offer.category")}
        required
        placeholder={t("referral.need.choose")}
        options={terms("categories")}
        value={v.category}
        error={err("category")}
        onChange={(e) => change({ category: e.target.value as ServiceCategory })}
      />
      <TextAreaField
        name={`${prefix}-description`}
        label={t("editing.offer.description")}
        rows={3}
        value={v.description}
        error={err("description")}
        onChange={(e) => change({ description: e.target.value })}
      />
      <CheckboxGroup
        name={`${prefix}-publics`}
        legend={t("structure.offers.publics")}
        options={terms("publics")}
        selected={v.publics}
        error={err("publics")}
        onChange={(x) => change({ publics: x as Public[] })}
      />
      <CheckboxGroup
        name={`${prefix}-fees`}
        legend={t("structure.offers.fees")}
        options={terms("fees")}
        selected={v.fees}
        error={err("fees")}
        onChange={(x) => change({ fees: x as Fee[] })}
      />
      <CheckboxGroup
        name={`${prefix}-supportModes`}
        legend={t("structure.offers.supportModes")}
        options={terms("supportModes")}
        selected={v.supportModes}
        error={err("supportModes")}
        onChange={(x) => change({ supportModes: x as SupportMode[] })}
      />
      <CheckboxGroup
        name={`${prefix}-accessModes`}
        legend={t("structure.offers.accessModes")}
        options={terms("accessModes")}
        selected={v.accessModes}
        error={err("accessModes")}
        onChange={(x) => change({ accessModes: x as AccessMode[] })}
      />
      <TextField
        name={`${prefix}-capacity`}
        label={t("structure.offers.capacity")}
        type="number"
        min={1}
        max={10000}
        value={v.capacityPerWeek}
        error={err("capacityPerWeek")}
        onChange={(e) => change({ capacityPerWeek: e.target.value })}
      />
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={creating.loading || updating.loading}
        >
          {t("common.save")}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
