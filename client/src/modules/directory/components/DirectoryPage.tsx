import { lazy, Suspense } from "react";
import { Link } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { useViewer } from "@/modules/auth/hooks/useViewer";
import { ErrorBoundary } from "@/shared/components/ErrorBoundary";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { activeFilterCount, useDirectoryFilters } from "../hooks/useDirectoryFilters";
import { useDirectorySearch } from "../hooks/useDirectorySearch";
import { FilterPanel } from "./FilterPanel";
import { ResultList } from "./ResultList";

// Leaflet and the district polygons load in their own chunk, after the list.
const DirectoryMap = lazy(() => import("./DirectoryMap"));

/** L'annuaire : filters, the results and the map in step, all in the URL. */
export function DirectoryPage() {
  const { t } = useI18n();
  usePageTitle(t("directory.title"));
  const { filters, update, clear } = useDirectoryFilters();
  const search = useDirectorySearch(filters);
  const viewer = useViewer();
  const select = (id: string | null) => update({ selected: id });

  let results;
  if (search.error) {
    results = <ErrorState hint={t("directory.error.hint")} onRetry={search.retry} />;
  } else if (search.loading) {
    results = <LoadingState label={t("directory.loading")} />;
  } else if (search.structures.length === 0) {
    results = (
      <EmptyState title={t("directory.empty.title")}>
        <p>{t("directory.empty.hint")}</p>
        {activeFilterCount(filters) > 0 && (
          <button type="button" className="button button-secondary" onClick={clear}>
            {t("directory.filters.clear")}
          </button>
        )}
      </EmptyState>
    );
  } else {
    results = (
      <ResultList
        structures={search.structures}
        selected={filters.selected}
        busy={search.refreshing}
        hasMore={search.hasMore}
        onSelect={select}
        onLoadMore={() => void search.loadMore()}
      />
    );
  }

  return (
    <div className="directory">
      <div className="page-heading">
        <h1>{t("directory.title")}</h1>
        <p>{t("directory.intro")}</p>
        {viewer.coordinates && (
          <p>
            <Link className="button button-secondary" to="/structures/nouvelle">
              {t("directory.addStructure")}
            </Link>
          </p>
        )}
      </div>
      <FilterPanel filters={filters} onChange={update} onClear={clear} />
      <section className="directory-results" aria-labelledby="results-heading">
        <h2 id="results-heading" className="results-heading">
          {t("directory.results")}{" "}
          <span role="status" className="results-count">
            {search.loading || search.error
              ? ""
              : t("directory.count", { count: search.totalCount })}
          </span>
        </h2>
        <a className="skip-to-map" href="#map-heading">
          {t("directory.map.skip")}
        </a>
        {results}
      </section>
      <section className="directory-map" aria-labelledby="map-heading">
        <h2 id="map-heading" className="visually-hidden" tabIndex={-1}>
          {t("directory.map.title")}
        </h2>
        <p className="visually-hidden">{t("directory.map.hint")}</p>
        <ErrorBoundary fallback={<ErrorState hint={t("directory.map.error")} />}>
          <Suspense fallback={<LoadingState label={t("directory.map.loading")} />}>
            <DirectoryMap
              structures={search.structures}
              selected={filters.selected}
              onSelect={select}
            />
          </Suspense>
        </ErrorBoundary>
      </section>
    </div>
  );
}
