import { Column, Entity } from "typeorm";

/** The yearly "households accompanied" target, when set (2,500 otherwise). */
@Entity("programme_target")
export class ProgrammeTarget {
  @Column("integer", { primary: true }) year: number;
  @Column("integer", { name: "households_target" }) householdsTarget: number;
  @Column("timestamptz", { name: "updated_at" }) updatedAt: Date;
  @Column("uuid", { name: "updated_by", nullable: true }) updatedBy: string | null;
}
