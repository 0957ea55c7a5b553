import { ErrorCodes, ModuleAccessError } from '../errors';

/**
 * Freezes `target` and makes reading any member it does not have throw
 * `RTK_CTX_UNKNOWN_MEMBER` instead of returning undefined, and any write throw
 * `RTK_CTX_READ_ONLY`, so a module that reaches for something the kernel does
 * not grant fails loudly at the spot.
 */
export function strictObject<T extends object>(target: T, describedAs: string): T {
  Object.freeze(target);
  // Frozen objects reject writes silently in sloppy-mode code; the traps make every write fail loudly.
  const refuseWrite = (property: string | symbol): never => {
    throw new ModuleAccessError(ErrorCodes.CTX_READ_ONLY, `${describedAs} is read-only; cannot change "${String(property)}".`, 'Keep your own state in your module; the kernel grants ctx as it is.', { member: String(property) });
  };
  return new Proxy(target, {
    set: (_object, property) => refuseWrite(property),
    defineProperty: (_object, property) => refuseWrite(property),
    deleteProperty: (_object, property) => refuseWrite(property),
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
