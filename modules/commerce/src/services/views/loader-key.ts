/**
 * mercurius builds each loader call's cache key by serializing the parent
 * object; for a product with its price ranges that is most of the object, 20
 * times per field per page. A view's key only needs its id and locale:
 * `toJSON` (non-enumerable, so GraphQL never sees it) says so.
 */
function loaderKey(this: { id: string; wantedLocale: string }): string {
  return `${this.id}|${this.wantedLocale}`;
}

export function withLoaderKey<T extends { id: string; wantedLocale: string }>(view: T): T {
  return Object.defineProperty(view, 'toJSON', { value: loaderKey });
}
