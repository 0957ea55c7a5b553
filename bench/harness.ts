import type { ChildProcess } from 'node:child_process';

/**
 * The lifecycle every benchmark shares: a bounded run, cleanup exactly once
 * whether it ends by success, failure, deadline or signal, and child
 * processes stopped politely first.
 */

/** A positive integer from the environment (a bench's size or duration), else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export type CleanupStep = (what: string, work: () => Promise<unknown>) => Promise<void>;

export interface Cleanup {
  /** Runs the steps once; later calls return the same promise. */
  run(): Promise<void>;
  /** Whether cleanup began: errors after that are its echo (closed pools, stopped children), not the cause. */
  started(): boolean;
}

/** A cleanup whose steps each log their own failure and never stop the next one. */
export function cleanupOnce(steps: (step: CleanupStep) => Promise<void>): Cleanup {
  let running: Promise<void> | null = null;
  const step: CleanupStep = async (what, work) => {
    try {
      await work();
    } catch (error) {
      console.error(`cleanup: ${what} failed: ${(error as Error).message}`);
    }
  };
  return { run: () => (running ??= steps(step)), started: () => running !== null };
}

/** SIGTERM (after SIGCONT, in case the bench paused it), then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 12_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(killer);
}

/** Runs `main` under a deadline and SIGINT/SIGTERM handling, cleans up, and exits with its outcome. */
export function runBench(name: string, deadlineMs: number, main: () => Promise<void>, cleanup: Cleanup): void {
  const deadline = setTimeout(() => {
    console.error(`${name} bench: gave up after ${deadlineMs / 1000} s`);
    void cleanup.run().finally(() => process.exit(1));
  }, deadlineMs);
  deadline.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${name} bench: ${signal}; cleaning up`);
      void cleanup.run().finally(() => process.exit(130));
    });
  }
  main().then(
    async () => {
      await cleanup.run();
      process.exit(0);
    },
    async (error: unknown) => {
      if (!cleanup.started()) console.error(error);
      await cleanup.run();
      process.exit(1);
    },
  );
}
