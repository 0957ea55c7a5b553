import autocannon from 'autocannon';

/**
 * Load in steady state, shared by the HTTP benchmarks: one autocannon run on one set of
 * connections, whose first `settleSeconds` are not counted. A fresh set of 50 connections first
 * waits behind whatever the host still has in flight (the previous run's requests, which nobody
 * reads any more, on this server or the other one sharing the cores) and behind its own connection
 * set-up: that start is not the server's steady latency, and a separate settle run would not
 * absorb it (its own abandoned requests would stand in front of the next run's first ones).
 */
export interface Slice {
  /** Latency of every 2xx response to a request sent after the settle period. */
  latencies: number[];
  /** Latencies of the settle period (not counted), printed so the start-up transient stays visible. */
  settling: number[];
  seconds: number;
  /** Non-2xx responses and request errors after the settle period. */
  errors: number;
}

export function steadyLoad(options: autocannon.Options, settleSeconds: number, seconds: number): Promise<Slice> {
  const latencies: number[] = [];
  const settling: number[] = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const measuredFrom = performance.now() + settleSeconds * 1000;
    const instance = autocannon({ ...options, duration: settleSeconds + seconds, skipAggregateResult: true } as autocannon.Options, (error) =>
      error ? reject(error) : resolve({ latencies, settling, seconds, errors }),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (performance.now() - responseTime < measuredFrom) settling.push(responseTime);
      else if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else errors += 1;
    });
    instance.on('reqError', () => (errors += 1));
  });
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

/** Requests/s over all slices (answered requests over time measured); latency percentiles (nearest rank) over all their responses. */
export function summarize(slices: readonly Slice[]): Measured {
  const latencies = slices.flatMap((slice) => slice.latencies).sort((a, b) => a - b);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  return { rps: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), requests: latencies.length, errors: slices.reduce((sum, slice) => sum + slice.errors, 0) };
}

/** Nearest-rank quantile of sorted values, to 0.1 ms. */
export function quantile(sorted: readonly number[], q: number): number {
  return Math.round((sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN) * 10) / 10;
}

/** "p99 X ms, max Y ms" of the slices' settle periods. */
export function describeSettling(slices: readonly Slice[]): string {
  const settling = slices.flatMap((slice) => slice.settling).sort((a, b) => a - b);
  return `p99 ${quantile(settling, 0.99)} ms, max ${quantile(settling, 1)} ms`;
}
