import { ObjectType } from "type-graphql";
import { Connection } from "../../graphql/connection";
import { ServiceOffer } from "./offer.entity";

@ObjectType()
export class ServiceOfferConnection extends Connection(ServiceOffer) {}
