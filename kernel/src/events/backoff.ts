/** Longest wait between two attempts of a delivery. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: exponential
 * with full jitter (uniform in [base·2^(n-1) / 2, base·2^(n-1)]), so handlers
 * failing together do not retry in lockstep, yet never sooner than half the step.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
