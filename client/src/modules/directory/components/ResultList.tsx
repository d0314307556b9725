import { useEffect } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import type { DirectoryStructureFragment } from "@/gql/graphql";
import { StructureCard } from "./StructureCard";

export function ResultList(props: {
  structures: DirectoryStructureFragment[];
  selected: string | null;
  busy: boolean;
  hasMore: boolean;
  onSelect(id: string): void;
  onLoadMore(): void;
}) {
  const { t } = useI18n();

  // A structure picked on the map comes into view in the list.
  useEffect(() => {
    if (props.selected)
      document.getElementById(`result-${props.selected}`)?.scrollIntoView?.({ block: "nearest" });
  }, [props.selected]);

  return (
    <div className="results" aria-busy={props.busy}>
      <ol className="result-list">
        {props.structures.map((s) => (
          <li key={s.id}>
            <StructureCard
              structure={s}
              selected={s.id === props.selected}
              onSelect={() => props.onSelect(s.id)}
            />
          </li>
        ))}
      </ol>
      {props.hasMore && (
        <button type="button" className="button button-secondary" onClick={props.onLoadMore}>
          {t("directory.loadMore")}
        </button>
      )}
    </div>
  );
}
