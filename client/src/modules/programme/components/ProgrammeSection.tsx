import { Navigate, Route, Routes, useLocation } from "react-router";
import { NotFoundPage } from "@/app/layout/NotFoundPage";
import { AllocationPage } from "./AllocationPage";
import { AllocationsPage } from "./AllocationsPage";
import { BookletPage } from "./BookletPage";
import { NewAllocationPage } from "./NewAllocationPage";
import { PassNumeriquePage } from "./PassNumeriquePage";
import "../programme.css";

/**
 * The programme for the structures that run it (members): device loans and Pass numérique.
 * One lazy chunk; its pages are routed here, under /programme.
 */
export function ProgrammeSection() {
  const { search } = useLocation();
  return (
    <Routes>
      <Route index element={<Navigate to={`prets${search}`} replace />} />
      <Route path="prets" element={<AllocationsPage />} />
      <Route path="prets/nouveau" element={<NewAllocationPage />} />
      <Route path="prets/:id" element={<AllocationPage />} />
      <Route path="pass" element={<PassNumeriquePage />} />
      <Route path="pass/carnets/:id" element={<BookletPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
