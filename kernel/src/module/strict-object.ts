import { ErrorCodes, ModuleAccessError } from '../errors';

/**
 * Freezes `target` and makes reading any member it does not have throw
 * `RTK_CTX_UNKNOWN_MEMBER` instead of returning undefined, so a module that
 * reaches for something the kernel does not grant fails loudly at the spot.
 */
export function strictObject<T extends object>(target: T, describedAs: string): T {
  Object.freeze(target);
  return new Proxy(target, {
    get(object, property, receiver) {
      // Symbols and `then` are probed by inspectors and by `await`; answering undefined keeps those working.
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON' || property in object) {
        return Reflect.get(object, property, receiver);
      }
      throw new ModuleAccessError(
        ErrorCodes.CTX_UNKNOWN_MEMBER,
        `${describedAs} has no member "${property}".`,
        `${describedAs} offers only: ${Object.keys(object).join(', ')}. Anything else must be declared in the manifest and granted by the kernel (see docs/module-authoring.md).`,
        { member: property },
      );
    },
  });
}
