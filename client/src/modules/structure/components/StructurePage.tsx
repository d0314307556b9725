import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { StructureDetailDocument } from "@/gql/graphql";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { OpenState } from "@/modules/directory/components/OpenState";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { OfferList } from "./OfferList";
import { StructureContact } from "./StructureContact";
import { WeeklyHours } from "./WeeklyHours";

function isNotFound(error: unknown): boolean {
  const errors = (error as { errors?: { extensions?: { code?: string } }[] })?.errors;
  return Boolean(
    errors?.some(
      (e) => e.extensions?.code === "NOT_FOUND" || e.extensions?.code === "BAD_USER_INPUT",
    ),
  );
}

/** La fiche d'une structure. */
export function StructurePage() {
  const { id = "" } = useParams();
  const { t, dateTime, date } = useI18n();
  const { label } = useReferenceData();
  const viewer = useViewer();
  const { data, loading, error, refetch } = useQuery(StructureDetailDocument, {
    variables: { id },
  });
  const s = data?.structure;
  usePageTitle(s?.name ?? t("structure.title"));

  if (loading && !s) return <LoadingState />;
  if (error && !s) {
    if (isNotFound(error))
      return (
        <EmptyState title={t("structure.notFound.title")}>
          <p>
            <Link to="/">{t("structure.notFound.back")}</Link>
          </p>
        </EmptyState>
      );
    return <ErrorState onRetry={() => void refetch()} />;
  }
  if (!s) return null;

  const hours = s.openingHours;
  const programmes = s.programmes.map((p) => label("programmes", p));
  const labels = [
    ...(s.passNumerique ? [t("directory.passNumerique")] : []),
    ...s.labels.map((l) => label("labels", l)),
    ...(s.otherLabels ? [s.otherLabels] : []),
  ];
  const referHere =
    viewer.memberships.length > 0 && !viewer.memberships.some((m) => m.structure.id === s.id);

  return (
    <article className="structure-page" aria-labelledby="structure-name">
      <p className="breadcrumb">
        <Link to="/">{t("nav.directory")}</Link>
      </p>
      <header className="page-heading">
        <h1 id="structure-name">{s.name}</h1>
        <p className="meta">
          {label("structureKinds", s.kind)}
          {s.district && <> · {s.district.name}</>}
          {s.parent && (
            <>
              {" · "}
              {t("structure.parent")} <Link to={`/structures/${s.parent.id}`}>{s.parent.name}</Link>
            </>
          )}
        </p>
        {s.summary && <p className="lead">{s.summary}</p>}
        <div className="actions">
          {referHere && (
            <Link className="button button-primary" to={`/orientations/nouvelle?structure=${s.id}`}>
              {t("structure.referHere")}
            </Link>
          )}
          {!viewer.signedIn && (
            <Link
              className="button button-primary"
              to={`/connexion?next=${encodeURIComponent(`/orientations/nouvelle?structure=${s.id}`)}`}
            >
              {t("structure.referHere")}
            </Link>
          )}
          {viewer.canEdit(s.id) && (
            <Link className="button button-secondary" to={`/structures/${s.id}/modifier`}>
              {t("structure.edit")}
            </Link>
          )}
        </div>
      </header>

      <div className="structure-grid">
        <section aria-labelledby="hours-heading" className="panel">
          <h2 id="hours-heading">{t("structure.hours")}</h2>
          {hours ? (
            <>
              <p>
                <OpenState hours={hours} />
              </p>
              {hours.openNow && hours.nextClosingAt && (
                <p>{t("structure.closesAt", { when: dateTime(hours.nextClosingAt) })}</p>
              )}
              {!hours.openNow && hours.nextOpeningAt && (
                <p>{t("structure.opensAt", { when: dateTime(hours.nextOpeningAt) })}</p>
              )}
              <WeeklyHours weekly={hours.weekly} caption={t("structure.week")} />
            </>
          ) : (
            <p>{t("structure.hours.unknown")}</p>
          )}
        </section>
        <StructureContact structure={s} />
      </div>

      {s.description && (
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">{t("structure.about")}</h2>
          <p className="prose">{s.description}</p>
        </section>
      )}

      <section aria-labelledby="offers-heading">
        <h2 id="offers-heading">{t("structure.offers")}</h2>
        <OfferList offers={s.offers} />
      </section>

      <section aria-labelledby="programmes-heading">
        <h2 id="programmes-heading">{t("structure.programmes")}</h2>
        {programmes.length + labels.length === 0 ? (
          <p>{t("structure.programmes.none")}</p>
        ) : (
          <ul className="tags">
            {[...programmes, ...labels].map((p) => (
              <li key={p} className="tag">
                {p}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="updated">{t("structure.updatedAt", { when: date(s.updatedAt) })}</p>
    </article>
  );
}
