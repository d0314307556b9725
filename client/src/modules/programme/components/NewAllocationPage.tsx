import { useQuery } from "@apollo/client/react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { AllocationChoicesDocument, AllocationConsentWordingDocument } from "@/gql/graphql";
import { ConsentField } from "@/modules/referral/components/ConsentField";
import { ErrorSummary } from "@/shared/components/ErrorSummary";
import { SelectField, TextField } from "@/shared/components/Field";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { useProgrammeFormat } from "../hooks/format";
import { useAllocationForm } from "../hooks/useAllocationForm";
import { useProgrammeStructure } from "../hooks/useProgrammeStructure";
import { AllocationResidentFields } from "./AllocationResidentFields";
import { CharterFields } from "./CharterFields";
import { HouseholdLookup } from "./HouseholdLookup";
import { RadioGroup } from "@/shared/components/RadioGroup";
import { SectionHeader } from "./SectionHeader";

const DEVICES_SHOWN = 100;

/** Nouveau prêt: device and wave → household → family → school → consent → charter (optional). */
export function NewAllocationPage() {
  const { t } = useI18n();
  usePageTitle(t("programme.newAllocation.title"));
  const navigate = useNavigate();
  const f = useProgrammeFormat();
  const { structureId, href } = useProgrammeStructure();
  const wording = useQuery(AllocationConsentWordingDocument);
  const choices = useQuery(AllocationChoicesDocument, {
    variables: { first: DEVICES_SHOWN },
    fetchPolicy: "cache-and-network",
  });
  const form = useAllocationForm(
    structureId,
    wording.data?.allocationConsentWording.version ?? null,
  );
  const { draft: d, change, errors } = form;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const created = await form.submit();
    if (created) {
      await choices.refetch().catch(() => undefined);
      navigate(href(`/programme/prets/${created.id}`), {
        state: { created: created.reference },
      });
    }
  }

  const labels: Record<string, string> = {
    accompanyingStructureId: t("programme.structure"),
    deviceId: t("programme.allocation.device"),
    waveId: t("programme.allocation.wave"),
    householdId: t("programme.household.reference"),
    "resident.firstName": t("referral.resident.firstName"),
    "resident.lastName": t("referral.resident.lastName"),
    "resident.contactValue": t("referral.resident.contact"),
    "resident.districtCode": t("referral.resident.district"),
    "resident.languages": t("referral.resident.languages"),
    "resident.accessibilityNeeds": t("referral.resident.accessibility"),
    schoolName: t("programme.allocation.schoolName"),
    schoolNetwork: t("programme.allocation.schoolNetwork"),
    "consent.given": t("referral.consent.title"),
    "consent.wordingVersion": t("referral.consent.title"),
    "charter.signedOn": t("programme.charter.signedOn"),
    "charter.familySignatory": t("programme.charter.family"),
    "charter.citySignatory": t("programme.charter.city"),
    "charter.associationSignatory": t("programme.charter.association"),
  };

  const devices = choices.data?.devices;
  let equipment;
  if (choices.loading && !choices.data) equipment = <LoadingState />;
  else if (choices.error || !devices)
    equipment = <ErrorState onRetry={() => void choices.refetch()} />;
  else
    equipment = (
      <>
        <SelectField
          name="deviceId"
          label={t("programme.allocation.device")}
          hint={
            devices.totalCount > devices.edges.length
              ? t("programme.allocation.deviceHintMore", { shown: devices.edges.length })
              : t("programme.allocation.deviceHint", { count: devices.totalCount })
          }
          required
          placeholder={
            devices.totalCount === 0 ? t("programme.allocation.noDevice") : t("programme.choose")
          }
          options={devices.edges.map(({ node }) => ({
            value: node.id,
            label: `${node.inventoryId} · ${t(`programme.device.kind.${node.kind}`)} · ${node.origin}`,
          }))}
          value={d.deviceId}
          error={errors.deviceId}
          onChange={(e) => change({ deviceId: e.target.value })}
        />
        <SelectField
          name="waveId"
          label={t("programme.allocation.wave")}
          required
          placeholder={t("programme.choose")}
          options={choices.data!.deviceWaves.map((w) => ({
            value: w.id,
            label: `${w.name} (${t("programme.waves.from", { month: f.month(w.startMonth) })})`,
          }))}
          value={d.waveId}
          error={errors.waveId}
          onChange={(e) => change({ waveId: e.target.value })}
        />
      </>
    );

  return (
    <div className="narrow-wide programme-section">
      <p className="breadcrumb">
        <Link to={href("/programme/prets")}>{t("programme.allocations.back")}</Link>
      </p>
      <h1>{t("programme.newAllocation.title")}</h1>
      <SectionHeader />
      <p>{t("programme.newAllocation.intro")}</p>
      <ErrorSummary errors={errors} labels={labels} message={form.problem ?? undefined} />
      <form className="form" onSubmit={submit} noValidate>
        <section aria-labelledby="equipment-heading" className="form-section">
          <h2 id="equipment-heading">{t("programme.newAllocation.equipment")}</h2>
          {equipment}
        </section>

        <section aria-labelledby="household-heading" className="form-section">
          <h2 id="household-heading">{t("programme.newAllocation.household")}</h2>
          <RadioGroup
            name="householdMode"
            legend={t("programme.household.mode")}
            options={[
              { value: "new", label: t("programme.household.new") },
              { value: "existing", label: t("programme.household.existing") },
            ]}
            value={d.householdMode}
            onChange={(householdMode) => change({ householdMode })}
          />
          {d.householdMode === "existing" && (
            <HouseholdLookup
              reference={d.householdReference}
              found={d.household}
              error={errors.householdId}
              onChange={(householdReference, household) =>
                change({ householdReference, household })
              }
            />
          )}
          <p className="hint">{t("programme.allocation.minimal")}</p>
          <AllocationResidentFields draft={d} errors={errors} onChange={change} />
        </section>

        <section aria-labelledby="school-heading" className="form-section">
          <h2 id="school-heading">{t("programme.newAllocation.school")}</h2>
          <TextField
            name="schoolName"
            label={t("programme.allocation.schoolName")}
            hint={t("programme.allocation.schoolNameHint")}
            maxLength={200}
            value={d.schoolName}
            error={errors.schoolName}
            onChange={(e) => change({ schoolName: e.target.value })}
          />
          <RadioGroup
            name="schoolNetwork"
            legend={t("programme.allocation.schoolNetwork")}
            required
            options={(["REP", "REP_PLUS", "NONE"] as const).map((value) => ({
              value,
              label: t(`programme.schoolNetwork.${value}`),
            }))}
            value={d.schoolNetwork}
            error={errors.schoolNetwork}
            onChange={(schoolNetwork) => change({ schoolNetwork })}
          />
        </section>

        <section aria-labelledby="consent-heading" className="form-section">
          <h2 id="consent-heading">{t("referral.consent.title")}</h2>
          <ConsentField
            wording={wording.data?.allocationConsentWording ?? null}
            checked={d.consent}
            error={errors["consent.given"] ?? errors["consent.wordingVersion"]}
            onChange={(consent) => change({ consent })}
          />
        </section>

        <section aria-labelledby="charter-heading" className="form-section">
          <h2 id="charter-heading">{t("programme.charter.title")}</h2>
          <p className="hint">{t("programme.charter.rule")}</p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={d.charterSigned}
              onChange={(e) => change({ charterSigned: e.target.checked })}
            />
            {t("programme.charter.alreadySigned")}
          </label>
          {d.charterSigned && (
            <CharterFields
              prefix="charter."
              value={d.charter}
              errors={errors}
              onChange={(patch) => change({ charter: { ...d.charter, ...patch } })}
            />
          )}
        </section>

        <button type="submit" className="button button-primary" disabled={form.sending}>
          {form.sending ? t("programme.sending") : t("programme.newAllocation.submit")}
        </button>
      </form>
    </div>
  );
}
