import { useQuery } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { AllocationDocument } from "@/gql/graphql";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { displayPhone } from "@/shared/format/phone";
import { useProgrammeFormat } from "../hooks/format";
import { errorCode } from "../hooks/graphql-errors";
import { useProgrammeStructure } from "../hooks/useProgrammeStructure";
import { AllocationStatusTag } from "./AllocationStatusTag";
import { CancelStep, CharterStep, DeliveryStep, ReturnStep } from "./AllocationSteps";
import { EraseFamilyData } from "./EraseFamilyData";

/** One loan: what was recorded, and its next steps (charter, delivery, return, cancel). */
export function AllocationPage() {
  const { id = "" } = useParams();
  const { t, date, dateTime } = useI18n();
  const f = useProgrammeFormat();
  const location = useLocation();
  const { href } = useProgrammeStructure();
  const { data, loading, error, refetch } = useQuery(AllocationDocument, { variables: { id } });
  const a = data?.allocation;
  usePageTitle(a ? t("programme.allocation.title", { device: a.device.inventoryId }) : null);
  const created = (location.state as { created?: string } | null)?.created;
  const [news, setNews] = useState("");
  useEffect(() => {
    if (created) setNews(t("programme.allocation.created", { reference: created }));
  }, [created, t]);

  const back = (
    <p className="breadcrumb">
      <Link to={href("/programme/prets")}>{t("programme.allocations.back")}</Link>
    </p>
  );
  if (loading && !a) return <LoadingState />;
  if (!a) {
    const code = errorCode(error);
    if (code === "NOT_FOUND" || code === "FORBIDDEN" || code === "BAD_USER_INPUT")
      return (
        <>
          {back}
          <EmptyState title={t("programme.allocation.notFound")} />
        </>
      );
    return <ErrorState onRetry={() => void refetch()} />;
  }

  const r = a.resident;
  const c = a.charter;
  return (
    <div className="narrow-wide programme-section">
      {back}
      <h1>{t("programme.allocation.title", { device: a.device.inventoryId })}</h1>
      <p className="status-message" aria-live="polite" aria-atomic="true">
        {news}
      </p>
      <dl className="facts">
        <dt>{t("programme.allocation.status")}</dt>
        <dd>
          <AllocationStatusTag status={a.status} />
        </dd>
        <dt>{t("programme.allocation.device")}</dt>
        <dd>
          {a.device.inventoryId} · {t(`programme.device.kind.${a.device.kind}`)} · {a.device.origin}
        </dd>
        <dt>{t("programme.allocation.wave")}</dt>
        <dd>
          {a.wave.name} ({t("programme.waves.from", { month: f.month(a.wave.startMonth) })})
        </dd>
        <dt>{t("programme.allocation.household")}</dt>
        <dd>
          <span className="reference">{a.household.reference}</span>
          {a.district && <> · {a.district.name}</>}
        </dd>
        <dt>{t("programme.allocation.family")}</dt>
        <dd>
          {a.anonymised || !r
            ? t("programme.allocation.erased")
            : [
                [r.firstName, r.lastName].filter(Boolean).join(" "),
                r.contactChannel === "PHONE" && r.contactValue
                  ? displayPhone(r.contactValue)
                  : r.contactValue,
              ]
                .filter(Boolean)
                .join(" · ")}
        </dd>
        <dt>{t("programme.allocation.school")}</dt>
        <dd>
          {[a.schoolName, t(`programme.schoolNetwork.${a.schoolNetwork}`)]
            .filter(Boolean)
            .join(" · ")}
        </dd>
        <dt>{t("referral.consent.title")}</dt>
        <dd>
          {t("programme.allocation.consentGiven", {
            when: dateTime(a.consent.givenAt),
            version: a.consent.wordingVersion,
          })}
        </dd>
        <dt>{t("programme.allocation.charter")}</dt>
        <dd>
          {c
            ? t("programme.charter.signedBy", {
                date: date(c.signedOn),
                family: c.familySignatory ?? t("programme.allocation.erased"),
                city: c.citySignatory,
                association: c.associationSignatory,
              })
            : t("programme.charter.notSigned")}
        </dd>
        {a.deliveredOn && (
          <>
            <dt>{t("programme.allocation.deliveredOn")}</dt>
            <dd>{date(a.deliveredOn)}</dd>
          </>
        )}
        {a.returnedOn && (
          <>
            <dt>{t("programme.allocation.returnedOn")}</dt>
            <dd>{date(a.returnedOn)}</dd>
          </>
        )}
      </dl>

      {/* Keyed by version: a step's refusal is forgotten once the loan has changed. */}
      {a.status === "PLANNED" && (
        <>
          {!a.charterSigned && (
            <section aria-labelledby="charter-heading" className="form-section">
              <h2 id="charter-heading" tabIndex={-1}>
                {t("programme.charter.title")}
              </h2>
              <CharterStep key={a.version} allocation={a} onDone={setNews} />
            </section>
          )}
          <section aria-labelledby="delivery-heading" className="form-section">
            <h2 id="delivery-heading">{t("programme.deliver.title")}</h2>
            <DeliveryStep key={a.version} allocation={a} onDone={setNews} />
          </section>
          <section aria-labelledby="cancel-heading" className="form-section">
            <h2 id="cancel-heading">{t("programme.cancel.title")}</h2>
            <CancelStep key={a.version} allocation={a} onDone={setNews} />
          </section>
        </>
      )}
      {a.status === "DELIVERED" && (
        <section aria-labelledby="return-heading" className="form-section">
          <h2 id="return-heading">{t("programme.return.title")}</h2>
          <ReturnStep key={a.version} allocation={a} onDone={setNews} />
        </section>
      )}
      {!a.anonymised && (
        <EraseFamilyData
          allocationId={a.id}
          structureId={a.accompanyingStructure.id}
          onDone={setNews}
        />
      )}
    </div>
  );
}
