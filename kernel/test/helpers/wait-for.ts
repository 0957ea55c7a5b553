/**
 * Polls `probe` every `stepMs` until `done(value)` holds or `timeoutMs` passes, and returns the last
 * value either way, so the caller's assertions report what was actually there. Asynchronous work
 * (event delivery, webhooks) is awaited this way, never with fixed sleeps.
 */
export async function waitFor<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 5000, stepMs = 20): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    value = await probe();
  }
  return value;
}
