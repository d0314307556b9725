import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import {
  DismissPossibleDuplicateDocument,
  type DuplicateSideFieldsFragment,
  MergeStructuresDocument,
  PossibleDuplicatesDocument,
} from "@/gql/graphql";
import { ConfirmButton } from "@/shared/components/ConfirmButton";
import { ErrorState, LoadingState } from "@/shared/components/States";
import "../duplicates.css";

function Side({ side, titleId }: { side: DuplicateSideFieldsFragment; titleId: string }) {
  const { t } = useI18n();
  const s = side.structure;
  const address = [
    s.address.street,
    [s.address.postalCode, s.address.city].filter(Boolean).join(" "),
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <section className="duplicate-side" aria-labelledby={titleId}>
      <h3 id={titleId}>{s.name}</h3>
      <dl>
        <dt>{t("duplicates.pivot")}</dt>
        <dd>{s.pivot}</dd>
        <dt>{t("duplicates.address")}</dt>
        <dd>{address || "—"}</dd>
        <dt>{t("duplicates.phone")}</dt>
        <dd>{s.phone ?? "—"}</dd>
        <dt>{t("duplicates.sources")}</dt>
        <dd>
          {side.sources.length === 0
            ? t("duplicates.noSource")
            : side.sources.map((r) => `${r.source} : ${r.recordId}`).join(" ; ")}
        </dd>
        <dt>{t("duplicates.referrals")}</dt>
        <dd>{side.referralCount}</dd>
        <dt>{t("duplicates.offers")}</dt>
        <dd>{side.offerCount}</dd>
        <dt>{t("duplicates.members")}</dt>
        <dd>{side.memberCount}</dd>
      </dl>
    </section>
  );
}

/**
 * `/admin/doublons`, for coordinators and admins: the pairs imports found close but not enough,
 * side by side; keep one (the other merges into it, confirmed in the page) or dismiss the pair.
 */
export function DuplicatesPage() {
  const { t } = useI18n();
  usePageTitle(t("duplicates.title"));
  const { data, loading, error, refetch } = useQuery(PossibleDuplicatesDocument, {
    fetchPolicy: "cache-and-network",
  });
  const [merge] = useMutation(MergeStructuresDocument);
  const [dismiss] = useMutation(DismissPossibleDuplicateDocument);
  const [status, setStatus] = useState<string | null>(null);
  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState onRetry={() => void refetch()} />;

  async function keep(kept: DuplicateSideFieldsFragment, absorbed: DuplicateSideFieldsFragment) {
    setStatus(null);
    try {
      const { data: answer } = await merge({
        variables: { keepId: kept.structure.id, mergeId: absorbed.structure.id },
      });
      const result = answer?.mergeStructures;
      if (result?.__typename === "StructureMerge") {
        setStatus(
          t("duplicates.merged", {
            kept: kept.structure.name,
            absorbed: absorbed.structure.name,
            referrals: String(result.referrals),
            offers: String(result.offers),
            members: String(result.memberships),
          }),
        );
      } else if (result?.__typename === "ValidationError") {
        setStatus(result.fields.map((f) => f.message).join(" "));
      } else setStatus(result?.message ?? t("common.error.network"));
      await refetch();
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  async function separate(id: string) {
    setStatus(null);
    try {
      const { data: answer } = await dismiss({ variables: { id } });
      const result = answer?.dismissPossibleDuplicate;
      if (result?.__typename === "PossibleDuplicate") setStatus(t("duplicates.dismissed"));
      else if (result?.__typename === "ValidationError")
        setStatus(result.fields.map((f) => f.message).join(" "));
      else setStatus(result?.message ?? t("common.error.network"));
      await refetch();
    } catch {
      setStatus(t("common.error.network"));
    }
  }

  return (
    <div className="duplicates">
      <h1>{t("duplicates.title")}</h1>
      <p>{t("duplicates.intro")}</p>
      <p role="status">{status}</p>
      {data.possibleDuplicates.length === 0 && <p>{t("duplicates.none")}</p>}
      {data.possibleDuplicates.map((pair, index) => {
        const headingId = `pair-${pair.id}`;
        const sides = [
          [pair.first, pair.second],
          [pair.second, pair.first],
        ] as const;
        return (
          <article key={pair.id} className="duplicate-pair" aria-labelledby={headingId}>
            <h2 id={headingId}>
              {t("duplicates.pair", {
                n: String(index + 1),
                first: pair.first.structure.name,
                second: pair.second.structure.name,
              })}
            </h2>
            <p>
              {t("duplicates.score", { percent: String(Math.round(pair.score * 100)) })}
              {" · "}
              {t("duplicates.reasons", { reasons: pair.reasons.join(", ") })}
            </p>
            <div className="duplicate-sides">
              <Side side={pair.first} titleId={`${headingId}-first`} />
              <Side side={pair.second} titleId={`${headingId}-second`} />
            </div>
            <div className="actions">
              {sides.map(([kept, absorbed]) => (
                <ConfirmButton
                  key={kept.structure.id}
                  question={t("duplicates.merge.confirm", {
                    kept: kept.structure.name,
                    absorbed: absorbed.structure.name,
                  })}
                  confirmLabel={t("duplicates.merge.yes")}
                  onConfirm={() => keep(kept, absorbed)}
                >
                  {t("duplicates.keep", { name: kept.structure.name })}
                </ConfirmButton>
              ))}
              <button type="button" className="button" onClick={() => void separate(pair.id)}>
                {t("duplicates.dismiss")}
                <span className="visually-hidden"> ({pair.first.structure.name})</span>
              </button>
            </div>
          </article>
        );
      })}
    </div>
  );
}
