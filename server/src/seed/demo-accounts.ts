import type { EntityManager } from "typeorm";
import { GlobalRole, MembershipRole } from "../modules/identity/identity.enums";
import { hashPassword } from "../modules/identity/secrets";
import { RecordSource } from "../modules/vocabulary/vocabulary.enums";

/**
 * Demo accounts, created only with SEED_DEMO=true (never in production: the config refuses it).
 * Their passwords are public, in the README.
 */
export const DEMO_PASSWORD = "maillage-demo-2026";

interface DemoAccount {
  email: string;
  displayName: string;
  globalRole?: GlobalRole;
  memberships?: { structureKey: string; role: MembershipRole }[];
}

export const demoAccounts: DemoAccount[] = [
  { email: "admin@maillage.test", displayName: "Alex Admin", globalRole: GlobalRole.ADMIN },
  {
    email: "coordination@maillage.test",
    displayName: "Camille Coordination",
    globalRole: GlobalRole.COORDINATOR,
  },
  {
    email: "direction@ccas.maillage.test",
    displayName: "Dominique (CCAS)",
    memberships: [
      { structureKey: "ccas-espace-public-numerique", role: MembershipRole.MANAGER },
      { structureKey: "ccas-nantes", role: MembershipRole.MANAGER },
    ],
  },
  {
    email: "mediation@ccas.maillage.test",
    displayName: "Sacha (CCAS)",
    memberships: [{ structureKey: "ccas-espace-public-numerique", role: MembershipRole.STAFF }],
  },
  {
    email: "responsable@recup-ordi.maillage.test",
    displayName: "Morgane (Récup'Ordi 44)",
    memberships: [{ structureKey: "recup-ordi-44", role: MembershipRole.MANAGER }],
  },
  {
    email: "benevole@recup-ordi.maillage.test",
    displayName: "Yanis (Récup'Ordi 44)",
    memberships: [{ structureKey: "recup-ordi-44", role: MembershipRole.STAFF }],
  },
  {
    email: "responsable@jacques-demy.maillage.test",
    displayName: "Léa (Médiathèque Jacques Demy)",
    memberships: [{ structureKey: "mediatheque-jacques-demy", role: MembershipRole.MANAGER }],
  },
  {
    email: "accueil@france-services-nord.maillage.test",
    displayName: "Nour (France Services Nantes Nord)",
    memberships: [{ structureKey: "france-services-nantes-nord", role: MembershipRole.STAFF }],
  },
];

/** Creates the demo accounts that do not exist yet; returns how many were created. */
export async function seedDemoAccounts(em: EntityManager): Promise<number> {
  const structures: { id: string; source_ref: string }[] = await em.query(
    `SELECT id, source_ref FROM structure WHERE source = $1`,
    [RecordSource.DEMO],
  );
  const structureId = new Map(structures.map((s) => [s.source_ref, s.id]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  for (const account of demoAccounts) {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO app_user (email, display_name, password_hash, global_role) VALUES ($1, $2, $3, $4)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
      [account.email, account.displayName, passwordHash, account.globalRole ?? null],
    );
    if (rows.length === 0) continue;
    created++;
    for (const m of account.memberships ?? []) {
      const id = structureId.get(m.structureKey);
      if (!id)
        throw new Error(`demo account ${account.email}: no demo structure ${m.structureKey}`);
      await em.query(`INSERT INTO membership (user_id, structure_id, role) VALUES ($1, $2, $3)`, [
        rows[0].id,
        id,
        m.role,
      ]);
    }
  }
  return created;
}
