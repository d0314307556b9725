import { useEffect, useState } from "react";

interface DistrictSummary {
  code: string;
  name: string;
  qpv: boolean;
}

type State =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "ready"; districts: DistrictSummary[]; structures: number };

const QUERY = `query Home { districts { code name qpv } structures(first: 0) { totalCount } }`;

/** Placeholder home page until the directory client lands: shows that the API answers. */
export function App() {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: QUERY, operationName: "Home" }),
    })
      .then((r) => r.json())
      .then(({ data, errors }) => {
        if (errors?.length) throw new Error(errors[0].message);
        setState({
          kind: "ready",
          districts: data.districts,
          structures: data.structures.totalCount,
        });
      })
      .catch((e: Error) => setState({ kind: "error", message: e.message }));
  }, []);

  return (
    <main>
      <h1>Maillage</h1>
      <p>La coordination du réseau de l'inclusion numérique de Nantes.</p>
      {state.kind === "loading" && <p>Chargement…</p>}
      {state.kind === "error" && (
        <p role="alert">Le serveur ne répond pas ({state.message}). Réessayez dans un instant.</p>
      )}
      {state.kind === "ready" && (
        <>
          <p>
            {state.structures} structures dans {state.districts.length} quartiers.
          </p>
          <ul aria-label="Quartiers">
            {state.districts.map((d) => (
              <li key={d.code}>
                {d.name}
                {d.qpv && <span className="tag"> quartier prioritaire</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
