import { ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection";
import { Structure } from "./structure.entity";

@ObjectType()
export class StructureConnection extends Connection(Structure) {}
