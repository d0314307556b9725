import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

/** A wave of the lending plan: so many devices, from a month, in districts or a school network. */
@Entity("device_wave")
export class DeviceWave {
  @PrimaryGeneratedColumn("uuid") id: string;
  @Column("text") name: string;
  @Column("text", { name: "school_network", nullable: true }) schoolNetwork: string | null;
  /** First day of the start month, YYYY-MM-01. */
  @Column("date", { name: "start_month" }) startMonth: string;
  @Column("integer", { name: "planned_count" }) plannedCount: number;
  @Column("integer") version: number;
  @Column("timestamptz", { name: "created_at" }) createdAt: Date;
  @Column("timestamptz", { name: "updated_at" }) updatedAt: Date;
}

/** A district a wave covers, with its share of the plan when the plan says it. */
@Entity("device_wave_district")
export class DeviceWaveDistrict {
  @PrimaryColumn("uuid", { name: "wave_id" }) waveId: string;
  @PrimaryColumn("text", { name: "district_code" }) districtCode: string;
  @Column("integer", { name: "planned_count", nullable: true }) plannedCount: number | null;
}
