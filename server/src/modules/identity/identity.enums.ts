import { registerEnumType } from "type-graphql";

/** Roles over the whole city's network. */
export enum GlobalRole {
  ADMIN = "ADMIN",
  COORDINATOR = "COORDINATOR",
}

/** Roles inside one structure. */
export enum MembershipRole {
  MANAGER = "MANAGER",
  STAFF = "STAFF",
}

registerEnumType(GlobalRole, { name: "GlobalRole" });
registerEnumType(MembershipRole, { name: "MembershipRole" });
