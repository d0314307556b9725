import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import "./app/styles.css";
import { unstashKeptForms } from "./shared/drafts/form-drafts";

// Back from ProConnect: the forms kept when the session ended.
unstashKeptForms();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
