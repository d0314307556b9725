import { useQuery } from "@apollo/client/react";
import { type FormEvent, useEffect } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { ConsentWordingDocument, type Public, type ServiceCategory } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { CheckboxGroup, SelectField } from "@/shared/components/Field";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { useReferralForm } from "../hooks/useReferralForm";
import { ChosenReceiver } from "./ChosenReceiver";
import { ConsentField } from "./ConsentField";
import { ResidentFields } from "./ResidentFields";
import { SuggestionList } from "./SuggestionList";

/** Nouvelle orientation: need → suggestions → resident → consent → send. */
export function NewReferralPage() {
  const { t } = useI18n();
  usePageTitle(t("referral.title"));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const viewer = useViewer();
  const { terms, districts } = useReferenceData();
  const wording = useQuery(ConsentWordingDocument);
  const memberships = viewer.memberships;
  const form = useReferralForm(
    {
      senderStructureId: memberships.length === 1 ? memberships[0].structure.id : "",
      need: (params.get("need") as ServiceCategory | null) ?? "",
      residentDistrict: params.get("district") ?? "",
      receiverStructureId: params.get("structure") ?? "",
    },
    wording.data?.consentWording.version ?? null,
  );
  const { draft: d, change, errors } = form;

  // With a single structure, it is the sender (also when the viewer arrives after the first render).
  const only = memberships.length === 1 ? memberships[0].structure.id : "";
  useEffect(() => {
    if (only && !d.senderStructureId) change({ senderStructureId: only });
  }, [only, d.senderStructureId, change]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const created = await form.submit();
    if (created)
      navigate(`/tableau?structure=${d.senderStructureId}&tab=sent`, {
        state: { created: created.id },
      });
  }

  const labels: Record<string, string> = {
    senderStructureId: t("referral.sender"),
    need: t("referral.need"),
    receiverStructureId: t("referral.receiver"),
    receiverOfferId: t("referral.receiver.offer"),
    "resident.firstName": t("referral.resident.firstName"),
    "resident.lastName": t("referral.resident.lastName"),
    "resident.contactValue": t("referral.resident.contact"),
    "resident.languages": t("referral.resident.languages"),
    "resident.districtCode": t("referral.resident.district"),
    situation: t("referral.situation"),
    "consent.given": t("referral.consent.title"),
    "consent.wordingVersion": t("referral.consent.title"),
  };

  return (
    <div className="narrow-wide">
      <h1>{t("referral.title")}</h1>
      <p>{t("referral.intro")}</p>
      <ErrorSummary errors={errors} labels={labels} message={form.problem ?? undefined} />
      <form className="form" onSubmit={submit} noValidate>
        <section aria-labelledby="need-heading" className="form-section">
          <h2 id="need-heading">{t("referral.section.need")}</h2>
          {memberships.length > 1 && (
            <SelectField
              name="senderStructureId"
              label={t("referral.sender")}
              required
              placeholder={t("referral.sender.choose")}
              options={memberships.map((m) => ({ value: m.structure.id, label: m.structure.name }))}
              value={d.senderStructureId}
              error={errors.senderStructureId}
              onChange={(e) => change({ senderStructureId: e.target.value })}
            />
          )}
          <SelectField
            name="need"
            label={t("referral.need")}
            required
            placeholder={t("referral.need.choose")}
            options={terms("categories")}
            value={d.need}
            error={errors.need}
            onChange={(e) => change({ need: e.target.value as ServiceCategory })}
          />
          <SelectField
            name="resident.districtCode"
            label={t("referral.resident.district")}
            hint={t("referral.resident.district.hint")}
            placeholder={t("referral.resident.district.unknown")}
            options={districts.map((x) => ({ value: x.code, label: x.name }))}
            value={d.residentDistrict}
            error={errors["resident.districtCode"]}
            onChange={(e) => change({ residentDistrict: e.target.value })}
          />
          <CheckboxGroup
            name="publics"
            legend={t("referral.publics")}
            options={terms("publics")}
            selected={d.publics}
            onChange={(publics) => change({ publics: publics as Public[] })}
          />
          <fieldset className="checkbox-group">
            <legend>{t("directory.conditions.label")}</legend>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={d.freeOnly}
                onChange={(e) => change({ freeOnly: e.target.checked })}
              />
              {t("directory.free")}
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={d.passNumerique}
                onChange={(e) => change({ passNumerique: e.target.checked })}
              />
              {t("directory.passNumerique")}
            </label>
          </fieldset>
        </section>

        <section aria-labelledby="receiver-heading" className="form-section">
          <h2 id="receiver-heading">{t("referral.section.receiver")}</h2>
          {d.receiverStructureId ? (
            <ChosenReceiver
              draft={d}
              error={errors.receiverOfferId ?? errors.receiverStructureId}
              onOffer={(receiverOfferId) => change({ receiverOfferId })}
              onChange={() => change({ receiverStructureId: "", receiverOfferId: "" })}
            />
          ) : (
            <SuggestionList
              draft={d}
              error={errors.receiverStructureId}
              onChoose={(receiverStructureId, receiverOfferId) =>
                change({ receiverStructureId, receiverOfferId })
              }
            />
          )}
        </section>

        <section aria-labelledby="resident-heading" className="form-section">
          <h2 id="resident-heading">{t("referral.section.resident")}</h2>
          <p className="hint">{t("referral.resident.minimal")}</p>
          <ResidentFields draft={d} errors={errors} onChange={change} />
        </section>

        <section aria-labelledby="consent-heading" className="form-section">
          <h2 id="consent-heading">{t("referral.consent.title")}</h2>
          <ConsentField
            wording={wording.data?.consentWording ?? null}
            checked={d.consent}
            error={errors["consent.given"] ?? errors["consent.wordingVersion"]}
            onChange={(consent) => change({ consent })}
          />
        </section>

        <button type="submit" className="button button-primary" disabled={form.sending}>
          {form.sending ? t("referral.sending") : t("referral.send")}
        </button>
      </form>
    </div>
  );
}
