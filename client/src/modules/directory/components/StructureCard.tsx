import { Link } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { DirectoryStructureFragment } from "@/gql/graphql";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { OpenState } from "./OpenState";

export function StructureCard(props: {
  structure: DirectoryStructureFragment;
  selected: boolean;
  onSelect(): void;
}) {
  const { t, distance } = useI18n();
  const { label } = useReferenceData();
  const s = props.structure;
  const needs = [...new Set(s.offers.map((o) => o.category))];
  const headingId = `structure-${s.id}`;
  return (
    <article
      className={`card structure-card${props.selected ? " is-selected" : ""}`}
      aria-labelledby={headingId}
      aria-current={props.selected ? "true" : undefined}
      id={`result-${s.id}`}
    >
      <h3 id={headingId}>
        <Link to={`/structures/${s.id}`}>{s.name}</Link>
      </h3>
      <p className="meta">
        {label("structureKinds", s.kind)}
        {s.district && <> · {s.district.name}</>}
      </p>
      <p className="address">
        {[s.address.street, [s.address.postalCode, s.address.city].filter(Boolean).join(" ")]
          .filter(Boolean)
          .join(", ")}
      </p>
      <p className="status-line">
        <OpenState hours={s.openingHours} />
        {s.distanceMeters != null && (
          <span className="distance">
            {t("directory.distance", { d: distance(s.distanceMeters) })}
          </span>
        )}
        {s.passNumerique && <span className="tag tag-pass">{t("directory.passNumerique")}</span>}
      </p>
      {needs.length > 0 && (
        <ul className="tags" aria-label={t("directory.needs")}>
          {needs.map((n) => (
            <li key={n} className="tag">
              {label("categories", n)}
            </li>
          ))}
        </ul>
      )}
      {s.location && (
        <button type="button" className="link-button" onClick={props.onSelect}>
          {t("directory.showOnMap")}
          <span className="visually-hidden"> : {s.name}</span>
        </button>
      )}
    </article>
  );
}
