import type { DataSource } from "typeorm";
import type { Config } from "./config";
import { logBackgroundFailure } from "./db/unavailable";
import type { AppLogger } from "./logger";
import { purgeIdempotencyKeys } from "./modules/idempotency/idempotency";
import { composeDigests } from "./modules/mail/digest";
import { runProgrammeJobs } from "./modules/programme/programme.jobs";
import { runReferralJobs } from "./modules/referral/referral.jobs";

/**
 * Runs the background jobs every `jobsIntervalSeconds` inside the server. Safe with several
 * instances (the jobs lock rows with SKIP LOCKED); a run never overlaps the previous one.
 */
export function startJobs(dataSource: DataSource, config: Config, logger: AppLogger) {
  if (config.jobsIntervalSeconds === 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runReferralJobs(dataSource, config)
      .then((report) => {
        if (report.expired || report.reminded || report.anonymised)
          logger.info(report, "referral jobs");
      })
      .catch((err: unknown) => logBackgroundFailure(logger, err, "referral jobs failed"))
      .then(() => runProgrammeJobs(dataSource, config))
      .then((report) => {
        if (report.anonymisedAllocations) logger.info(report, "programme jobs");
      })
      .catch((err: unknown) => logBackgroundFailure(logger, err, "programme jobs failed"))
      .then(async () => void (await purgeIdempotencyKeys(dataSource)))
      .catch((err: unknown) => logBackgroundFailure(logger, err, "idempotency keys purge failed"))
      .then(() => composeDigests(dataSource, config.publicUrl))
      .then((digests) => {
        if (digests) logger.info({ digests }, "daily digests written");
      })
      .catch((err: unknown) => logBackgroundFailure(logger, err, "daily digests failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, config.jobsIntervalSeconds * 1000);
  timer.unref();
  setImmediate(tick);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
