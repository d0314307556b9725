import { useI18n } from "@/app/i18n/I18nProvider";
import type { StructureDetailQuery } from "@/gql/graphql";
import { useReferenceData, type Vocabulary } from "@/shared/reference/useReferenceData";

type Offer = StructureDetailQuery["structure"]["offers"][number];

function Terms(props: { vocabulary: Vocabulary; values: readonly string[]; term: string }) {
  const { label } = useReferenceData();
  if (props.values.length === 0) return null;
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.values.map((v) => label(props.vocabulary, v)).join(", ")}</dd>
    </>
  );
}

export function OfferList({ offers }: { offers: readonly Offer[] }) {
  const { t, number } = useI18n();
  const { label } = useReferenceData();
  if (offers.length === 0) return <p>{t("structure.offers.none")}</p>;
  return (
    <ul className="offer-list">
      {offers.map((o) => (
        <li key={o.id} className="card">
          <h3>{o.title}</h3>
          <p className="tag">{label("categories", o.category)}</p>
          {o.description && <p>{o.description}</p>}
          <dl className="facts">
            <dt>{t("structure.offers.publics")}</dt>
            <dd>
              {o.publics.length
                ? o.publics.map((p) => label("publics", p)).join(", ")
                : t("structure.offers.everyone")}
            </dd>
            <Terms vocabulary="fees" values={o.fees} term={t("structure.offers.fees")} />
            <Terms
              vocabulary="supportModes"
              values={o.supportModes}
              term={t("structure.offers.supportModes")}
            />
            <Terms
              vocabulary="accessModes"
              values={o.accessModes}
              term={t("structure.offers.accessModes")}
            />
            {o.capacityPerWeek != null && (
              <>
                <dt>{t("structure.offers.capacity")}</dt>
                <dd>{t("structure.offers.perWeek", { count: number(o.capacityPerWeek) })}</dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}
