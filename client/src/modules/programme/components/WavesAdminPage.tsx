import { useQuery } from "@apollo/client/react";
import { useEffect, useRef, useState } from "react";
import { useI18n } from "@/app/i18n/I18nProvider";
import { usePageTitle } from "@/app/layout/usePageTitle";
import { AdminWavesDocument, type WaveAdminFragment } from "@/gql/graphql";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { EmptyState, ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { useProgrammeFormat } from "../hooks/format";
import { FocusAlert } from "./FocusAlert";
import { PilotageTabs } from "./PilotageTabs";
import { WaveForm, type WaveRefusal } from "./WaveForm";
import "../programme.css";

/** The plan's waves, one row each, with the button that opens it in the form below. */
function WaveTable(props: { waves: WaveAdminFragment[]; onEdit(id: string): void }) {
  const { t, number } = useI18n();
  const f = useProgrammeFormat();
  const { districtName } = useReferenceData();
  return (
    <ScrollTable label={t("programme.wavesAdmin.caption")}>
      <thead>
        <tr>
          <th scope="col">{t("programme.wavesAdmin.name")}</th>
          <th scope="col">{t("programme.wavesAdmin.start")}</th>
          <th scope="col">{t("programme.waves.planned")}</th>
          <th scope="col">{t("programme.wavesAdmin.districts")}</th>
          <th scope="col">{t("programme.wavesAdmin.schoolNetwork")}</th>
          <th scope="col">{t("programme.admin.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {props.waves.map((w) => (
          <tr key={w.id}>
            <th scope="row">{w.name}</th>
            <td>{f.month(w.startMonth)}</td>
            <td>{number(w.plannedCount)}</td>
            <td>
              {w.districts.length === 0
                ? "—"
                : w.districts
                    .map((d) =>
                      d.plannedCount == null
                        ? districtName(d.districtCode)
                        : `${districtName(d.districtCode)} (${number(d.plannedCount)})`,
                    )
                    .join(", ")}
            </td>
            <td>{w.schoolNetwork ?? "—"}</td>
            <td>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => props.onEdit(w.id)}
              >
                {t("programme.admin.edit")}
                <span className="visually-hidden">
                  {" "}
                  {t("programme.wavesAdmin.editLabel", { name: w.name })}
                </span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/**
 * Pilotage → Programme → waves (coordinators and admins): plan a wave, change one. A change
 * someone made meanwhile is refused by the server; the wave is then reloaded into the form.
 */
export function WavesAdminPage() {
  const { t } = useI18n();
  usePageTitle(t("programme.wavesAdmin.title"));
  const { data, loading, error, refetch } = useQuery(AdminWavesDocument, {
    fetchPolicy: "cache-and-network",
  });
  const [editingId, setEditingId] = useState<string | null>(null);
  const [news, setNews] = useState("");
  const [alert, setAlert] = useState<{ message: string; at: number } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const newsRef = useRef<HTMLParagraphElement>(null);
  const waves = data?.deviceWaves ?? [];
  const editing = waves.find((w) => w.id === editingId) ?? null;
  const [focusForm, setFocusForm] = useState(0);
  /** A new, empty form after each creation. */
  const [created, setCreated] = useState(0);
  useEffect(() => {
    if (focusForm) heading.current?.focus();
  }, [focusForm]);

  function edit(id: string) {
    setEditingId(id);
    setNews("");
    setAlert(null);
    setFocusForm((n) => n + 1);
  }

  function saved(wave: WaveAdminFragment, isNew: boolean) {
    setAlert(null);
    setEditingId(null);
    if (isNew) setCreated((n) => n + 1);
    setNews(
      t(isNew ? "programme.wavesAdmin.created" : "programme.wavesAdmin.saved", {
        name: wave.name,
      }),
    );
    newsRef.current?.focus();
  }

  async function refused(reason: WaveRefusal) {
    // Show the wave as it now is: the form is keyed by its version, so it is filled again.
    await refetch().catch(() => undefined);
    if (reason === "notFound") setEditingId(null);
    setNews("");
    setAlert({
      message: t(
        reason === "conflict" ? "programme.wavesAdmin.conflict" : "programme.wavesAdmin.notFound",
      ),
      at: Date.now(),
    });
  }

  return (
    <div className="dashboard programme-dashboard programme-admin">
      <h1>{t("programme.wavesAdmin.title")}</h1>
      <PilotageTabs />
      <p>{t("programme.wavesAdmin.intro")}</p>
      <p className="status-message" aria-live="polite" tabIndex={-1} ref={newsRef}>
        {news}
      </p>
      <section aria-labelledby="waves-list-heading" className="panel">
        <h2 id="waves-list-heading">{t("programme.wavesAdmin.list")}</h2>
        {loading && !data ? (
          <LoadingState />
        ) : error && !data ? (
          <ErrorState onRetry={() => void refetch()} />
        ) : waves.length === 0 ? (
          <EmptyState title={t("programme.wavesAdmin.none")} />
        ) : (
          <WaveTable waves={waves} onEdit={edit} />
        )}
      </section>
      <section aria-labelledby="wave-form-heading" className="panel">
        <h2 id="wave-form-heading" tabIndex={-1} ref={heading}>
          {editing
            ? t("programme.wavesAdmin.editing", { name: editing.name })
            : t("programme.wavesAdmin.new")}
        </h2>
        <FocusAlert message={alert?.message ?? null} id={alert?.at} />
        <WaveForm
          key={editing ? `${editing.id}@${editing.version}` : `new-${created}`}
          wave={editing}
          onSaved={saved}
          onRefused={(reason) => void refused(reason)}
          onCancel={() => {
            setEditingId(null);
            setAlert(null);
            setFocusForm((n) => n + 1);
          }}
        />
      </section>
    </div>
  );
}
