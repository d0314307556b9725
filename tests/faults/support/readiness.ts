/** Polls an instance's `/readyz` and keeps the sequence of answers it went through. */
export function watchReadiness(base: string, everyMs = 200) {
  const seen: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const status = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3_000) }).then(
        (r) => String(r.status),
        () => "down",
      );
      if (seen.at(-1) !== status) seen.push(status);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    /** E.g. `200 → 503 → 200`. */
    get sequence() {
      return seen.join(" → ");
    },
    seen,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** Waits until `/readyz` answers 200, failing after `ms`. */
export async function waitReady(base: string, ms: number): Promise<void> {
  const giveUpAt = Date.now() + ms;
  while (Date.now() < giveUpAt) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base} was not ready within ${ms} ms`);
}
