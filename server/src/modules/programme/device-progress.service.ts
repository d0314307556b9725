import type { Context } from "../../graphql/context";
import type { DeviceStatus } from "./programme.enums";
import type { DeviceProgress, DistrictDeviceProgress, WaveProgress } from "./indicators.type";
import { listWaves } from "./wave.service";
import { DeviceWaveView } from "./wave.type";

/*
 * Per wave and district: the plan's share (device_wave_district) and the loans (allocation, by
 * the family's district of residence). "Delivered" counts loans delivered, returned since or not.
 */
const BY_WAVE_AND_DISTRICT_SQL = `
  SELECT wave_id, district_code, sum(planned)::int AS planned,
         sum(allocated)::int AS allocated, sum(delivered)::int AS delivered, sum(returned)::int AS returned
    FROM (SELECT wave_id, district_code, planned_count AS planned, 0 AS allocated, 0 AS delivered, 0 AS returned
            FROM device_wave_district
          UNION ALL
          SELECT wave_id, district_code, NULL, (status = 'PLANNED')::int, (delivered_on IS NOT NULL)::int,
                 (status = 'RETURNED')::int
            FROM allocation WHERE status <> 'CANCELLED') x
   GROUP BY wave_id, district_code
   ORDER BY district_code NULLS LAST`;

interface Row {
  wave_id: string;
  district_code: string | null;
  planned: number | null;
  allocated: number;
  delivered: number;
  returned: number;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : 0);

function sumByDistrict(rows: Row[]): DistrictDeviceProgress[] {
  const byCode = new Map<string | null, DistrictDeviceProgress>();
  for (const r of rows) {
    const d = byCode.get(r.district_code) ?? {
      districtCode: r.district_code,
      planned: null,
      allocated: 0,
      delivered: 0,
      returned: 0,
    };
    if (r.planned !== null) d.planned = (d.planned ?? 0) + r.planned;
    d.allocated += r.allocated;
    d.delivered += r.delivered;
    d.returned += r.returned;
    byCode.set(r.district_code, d);
  }
  return [...byCode.values()];
}

/** Three statements whatever the number of waves; counts only. */
export async function deviceProgress(ctx: Context): Promise<DeviceProgress> {
  const [waves, rows, devices] = await Promise.all([
    listWaves(ctx),
    ctx.dataSource.query(BY_WAVE_AND_DISTRICT_SQL) as Promise<Row[]>,
    ctx.dataSource.query(
      `SELECT status, count(*)::int AS count FROM device GROUP BY status ORDER BY status`,
    ) as Promise<{ status: DeviceStatus; count: number }[]>,
  ]);
  const progress: WaveProgress[] = waves.map((w) => {
    const own = rows.filter((r) => r.wave_id === w.id);
    const sum = (k: "allocated" | "delivered" | "returned") => own.reduce((n, r) => n + r[k], 0);
    return {
      wave: DeviceWaveView.from(w),
      planned: w.plannedCount,
      allocated: sum("allocated"),
      delivered: sum("delivered"),
      returned: sum("returned"),
      deliveredRatio: ratio(sum("delivered"), w.plannedCount),
      byDistrict: sumByDistrict(own),
    };
  });
  const total = (k: "planned" | "allocated" | "delivered" | "returned") =>
    progress.reduce((n, w) => n + w[k], 0);
  return {
    planned: total("planned"),
    allocated: total("allocated"),
    delivered: total("delivered"),
    returned: total("returned"),
    deliveredRatio: ratio(total("delivered"), total("planned")),
    devices,
    waves: progress,
    byDistrict: sumByDistrict(rows),
  };
}
