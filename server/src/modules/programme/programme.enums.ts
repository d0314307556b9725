import { registerEnumType } from "type-graphql";

export enum DeviceKind {
  LAPTOP = "LAPTOP",
  DESKTOP = "DESKTOP",
  TABLET = "TABLET",
  SMARTPHONE = "SMARTPHONE",
  OTHER = "OTHER",
}

/** IN_STOCK → ALLOCATED → DELIVERED → RETURNED → IN_STOCK | RETIRED (see device.lifecycle.ts). */
export enum DeviceStatus {
  IN_STOCK = "IN_STOCK",
  ALLOCATED = "ALLOCATED",
  DELIVERED = "DELIVERED",
  RETURNED = "RETURNED",
  RETIRED = "RETIRED",
}

/** PLANNED → DELIVERED (charter signed first) → RETURNED; PLANNED → CANCELLED. */
export enum AllocationStatus {
  PLANNED = "PLANNED",
  DELIVERED = "DELIVERED",
  RETURNED = "RETURNED",
  CANCELLED = "CANCELLED",
}

/** The priority education network of the child's school (éducation prioritaire). */
export enum SchoolNetwork {
  REP = "REP",
  REP_PLUS = "REP_PLUS",
  NONE = "NONE",
}

registerEnumType(DeviceKind, { name: "DeviceKind" });
registerEnumType(DeviceStatus, { name: "DeviceStatus" });
registerEnumType(AllocationStatus, { name: "AllocationStatus" });
registerEnumType(SchoolNetwork, {
  name: "SchoolNetwork",
  description: "Priority education network: REP, REP+ or none.",
});
