import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A server-side login session; the cookie holds a random token whose SHA-256 is stored here. */
@Entity("user_session")
export class Session {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("text", { name: "token_hash" })
  tokenHash: string;

  @Column("uuid", { name: "user_id" })
  userId: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column("timestamptz", { name: "expires_at" })
  expiresAt: Date;

  @Column("timestamptz", { name: "revoked_at", nullable: true })
  revokedAt: Date | null;

  @Column("text", { nullable: true })
  ip: string | null;

  @Column("text", { name: "user_agent", nullable: true })
  userAgent: string | null;
}
