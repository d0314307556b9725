import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";
import type { ServiceAvailability } from "./service-availability";

const AvailabilityContext = createContext<ServiceAvailability | null>(null);

export function AvailabilityProvider(props: {
  availability: ServiceAvailability;
  children: ReactNode;
}) {
  return (
    <AvailabilityContext.Provider value={props.availability}>
      {props.children}
    </AvailabilityContext.Provider>
  );
}

const noStore = () => () => undefined;
const never = () => false;

/** True while queries wait for the server to come back; false where none is provided (tests). */
export function useServiceRetrying(): boolean {
  const availability = useContext(AvailabilityContext);
  return useSyncExternalStore(
    availability ? availability.subscribe : noStore,
    availability ? availability.get : never,
  );
}
