import { useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { useI18n } from "@/app/i18n/I18nProvider";
import { DeviceProgressDocument, type DistrictProgressFragment } from "@/gql/graphql";
import { ErrorState, LoadingState } from "@/shared/components/States";
import { useReferenceData } from "@/shared/reference/useReferenceData";
import { ScrollTable } from "@/shared/components/ScrollTable";
import { useProgrammeFormat } from "../hooks/format";
import { ProgressMeter } from "./ProgressMeter";

/** Delivered against planned, per district: one table for a wave or for the whole plan. */
function DistrictTable(props: { caption: string; rows: DistrictProgressFragment[] }) {
  const { t, number } = useI18n();
  const { districtName } = useReferenceData();
  const f = useProgrammeFormat();
  return (
    <ScrollTable label={props.caption}>
      <thead>
        <tr>
          <th scope="col">{t("programme.district")}</th>
          <th scope="col">{t("programme.waves.planned")}</th>
          <th scope="col">{t("programme.waves.delivered")}</th>
          <th scope="col">{t("programme.waves.allocated")}</th>
          <th scope="col">{t("programme.waves.returned")}</th>
          <th scope="col">{t("programme.waves.ratio")}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((d) => (
          <tr key={d.districtCode ?? "unknown"}>
            <th scope="row">
              {d.districtCode ? districtName(d.districtCode) : t("programme.district.unknown")}
            </th>
            <td>{d.planned == null ? t("programme.waves.unshared") : number(d.planned)}</td>
            <td>{number(d.delivered)}</td>
            <td>{number(d.allocated)}</td>
            <td>{number(d.returned)}</td>
            <td>{d.planned ? f.percent(d.delivered / d.planned) : "—"}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** The lending plan: every wave's delivered devices against planned, and per district. */
export function WavesPanel() {
  const { t, number } = useI18n();
  const f = useProgrammeFormat();
  const { data, loading, error, refetch } = useQuery(DeviceProgressDocument, {
    fetchPolicy: "cache-and-network",
  });
  const p = data?.deviceProgress;
  if (loading && !p) return <LoadingState />;
  if (error || !p) return <ErrorState onRetry={() => void refetch()} />;

  const progressText = (delivered: number, planned: number, ratio: number) =>
    t("programme.waves.progress", {
      delivered: number(delivered),
      planned: number(planned),
      percent: f.percent(ratio),
    });
  const inStock = p.devices.find((d) => d.status === "IN_STOCK")?.count ?? 0;
  return (
    <>
      <ProgressMeter
        label={t("programme.waves.meter")}
        value={p.delivered}
        max={p.planned}
        text={progressText(p.delivered, p.planned, p.deliveredRatio)}
      />
      <dl className="kpis">
        <div>
          <dt>{t("programme.waves.allocatedLong")}</dt>
          <dd>{number(p.allocated)}</dd>
        </div>
        <div>
          <dt>{t("programme.waves.returned")}</dt>
          <dd>{number(p.returned)}</dd>
        </div>
        <div>
          <dt>{t("programme.waves.inStock")}</dt>
          <dd>{number(inStock)}</dd>
        </div>
      </dl>
      <p>
        <Link to="/pilotage/programme/vagues">{t("programme.waves.manage")}</Link>
      </p>
      {p.waves.length === 0 ? (
        <p>{t("programme.waves.none")}</p>
      ) : (
        <ol className="wave-list">
          {p.waves.map((w) => (
            <li key={w.wave.id} className="card">
              <h3>{w.wave.name}</h3>
              <p className="meta">
                {t("programme.waves.from", { month: f.month(w.wave.startMonth) })}
                {w.wave.schoolNetwork && <> · {w.wave.schoolNetwork}</>}
              </p>
              <ProgressMeter
                label={t("programme.waves.waveMeter", { name: w.wave.name })}
                value={w.delivered}
                max={w.planned}
                text={progressText(w.delivered, w.planned, w.deliveredRatio)}
              />
              {w.byDistrict.length > 0 ? (
                <DistrictTable
                  caption={t("programme.waves.byDistrictOf", { name: w.wave.name })}
                  rows={w.byDistrict}
                />
              ) : (
                <p className="hint">{t("programme.waves.noDistrict")}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      <h3>{t("programme.waves.allDistricts")}</h3>
      {p.byDistrict.length > 0 ? (
        <DistrictTable caption={t("programme.waves.byDistrict")} rows={p.byDistrict} />
      ) : (
        <p>{t("programme.waves.noDelivery")}</p>
      )}
    </>
  );
}
