import DataLoader from "dataloader";
import { type DataSource, In } from "typeorm";
import { createReadAuditor } from "../audit/audit.service";
import type { Viewer } from "../identity/viewer";
import { Device } from "./device.entity";
import { Household } from "./household.entity";
import { PassTicket } from "./pass-numerique.entity";
import { DeviceWave, DeviceWaveDistrict } from "./wave.entity";

function byId<T extends { id: string }>(dataSource: DataSource, entity: new () => T) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await dataSource.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const found = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

export function createProgrammeLoaders(dataSource: DataSource, viewer: Viewer, ip: string | null) {
  return {
    householdById: byId(dataSource, Household),
    deviceById: byId(dataSource, Device),
    waveById: byId(dataSource, DeviceWave),
    districtsByWave: new DataLoader<string, DeviceWaveDistrict[]>(async (ids) => {
      const rows = await dataSource
        .getRepository(DeviceWaveDistrict)
        .find({ where: { waveId: In([...ids]) }, order: { districtCode: "ASC" } });
      return ids.map((id) => rows.filter((r) => r.waveId === id));
    }),
    ticketsByBooklet: new DataLoader<string, PassTicket[]>(async (ids) => {
      const rows = await dataSource
        .getRepository(PassTicket)
        .find({ where: { bookletId: In([...ids]) }, order: { position: "ASC" } });
      return ids.map((id) => rows.filter((r) => r.bookletId === id));
    }),
    /** One audit entry per allocation whose resident data is read, one statement per request. */
    allocationResidentRead: createReadAuditor(dataSource, viewer, ip, "allocation"),
  };
}
