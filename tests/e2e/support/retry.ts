// A real browser on a shared 2-core machine is sometimes slower than a wait allows. A failed
// end-to-end test runs again, up to twice, with its first error logged, so a flake shows in the
// output without failing the build; a real failure fails all three runs.
jest.retryTimes(2, { logErrorsBeforeRetry: true });
