import { Op, type Model, type ModelStatic, type Transaction, type WhereOptions } from 'sequelize';
import { ErrorCodes, ModuleAccessError } from '../errors';
import { currentScope, type Scope } from './scope';

/** Name of the column that makes a table tenant-owned. */
export const TENANT_COLUMN = 'tenant_id';

/** The attribute mapped to `tenant_id`, or null when the model is not tenant-owned. */
export function tenantAttributeOf(model: ModelStatic<Model>): string | null {
  for (const [name, attribute] of Object.entries(model.getAttributes())) {
    if ((attribute.field ?? name) === TENANT_COLUMN) return name;
  }
  return null;
}

interface ScopedOptions {
  where?: WhereOptions;
  transaction?: Transaction | null;
}

/** Where each model method takes its options: static methods, then instance methods. */
const STATIC_OPTIONS_AT: Readonly<Record<string, number>> = {
  findAll: 0, findOne: 0, findByPk: 1, findAndCountAll: 0, findOrCreate: 0, findCreateFind: 0, count: 0,
  aggregate: 2, max: 1, min: 1, sum: 1, create: 1, bulkCreate: 1, update: 1, destroy: 0, restore: 0,
  upsert: 1, increment: 1, decrement: 1,
};
const INSTANCE_OPTIONS_AT: Readonly<Record<string, number>> = { save: 0, reload: 0, update: 1, destroy: 0, restore: 0, increment: 1, decrement: 1 };

/**
 * Makes a tenant-owned model safe to use however a module calls it:
 * - every call without an explicit `{ transaction }` runs in the scope's
 *   transaction when there is one (a forgotten `{ transaction }` inside
 *   ctx.models.transaction); outside one it runs on a pooled connection that
 *   carries the scope's tenant (`bindConnectionsToScope`);
 * - every find, count, update and destroy adds the scope's tenant, every
 *   create sets it.
 * Row-level security is the guarantee; this is what makes a forgotten filter
 * or a forgotten transaction a correct query instead of an empty one.
 */
export function scopeModelToTenant(model: ModelStatic<Model>, attribute: string, moduleId: string): void {
  const scopeFor = (operation: string): Scope & { tenantId: string } => {
    const scope = currentScope();
    if (scope?.tenantId == null) {
      throw new ModuleAccessError(
        ErrorCodes.TENANT_SCOPE_REQUIRED,
        `Module "${moduleId}" ran ${operation} on tenant-owned model "${model.name}" outside a tenant scope.`,
        'Query tenant-owned models while serving a request for a tenant, in an event handler of a tenant\'s event, or inside ctx.tenancy.run(tenantId, …).',
        { module: moduleId, model: model.name, operation },
      );
    }
    return scope as Scope & { tenantId: string };
  };
  const filter = (operation: string, key: string) => (options: ScopedOptions) => {
    const scope = scopeFor(operation);
    const own = { [key]: scope.tenantId };
    options.where = options.where === undefined ? own : { [Op.and]: [options.where, own] };
  };
  const stamp = (operation: string, target: Model) => {
    const scope = scopeFor(operation);
    const given = target.get(attribute) as string | null | undefined;
    if (given != null && given !== scope.tenantId) {
      throw new ModuleAccessError(ErrorCodes.TENANT_MISMATCH, `Module "${moduleId}" tried to write a "${model.name}" row of tenant ${given} while working for tenant ${scope.tenantId}.`, `Leave ${attribute} unset: the kernel fills it with the scope's tenant.`, { module: moduleId, model: model.name });
    }
    target.set(attribute, scope.tenantId);
  };
  model.addHook('beforeFind', filter('find', attribute));
  model.addHook('beforeCount', filter('count', attribute));
  model.addHook('beforeBulkUpdate', filter('update', attribute));
  // Model.destroy maps attribute names to columns before this hook runs, so it gets the column itself.
  model.addHook('beforeBulkDestroy', filter('destroy', TENANT_COLUMN));
  // Validation (allowNull: false on the tenant attribute) runs before beforeCreate: stamp first.
  // upsert builds and validates an instance too, so this stamps its insert values as well.
  model.addHook('beforeValidate', (instance: Model) => {
    if (instance.isNewRecord) stamp('create', instance);
  });
  model.addHook('beforeCreate', (instance: Model) => stamp('create', instance));
  model.addHook('beforeBulkCreate', (instances: Model[]) => {
    for (const instance of instances) stamp('bulkCreate', instance);
  });

  const inTenantTransaction = (optionsAt: number, original: (...args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]): unknown {
      const given = args[optionsAt] as ScopedOptions | undefined;
      const scope = currentScope();
      // Outside a tenant scope the hooks refuse with a clear error; an explicit transaction is the caller's choice.
      if (scope?.tenantId == null || scope.transaction === null || given?.transaction !== undefined) return original.apply(this, args);
      const next = [...args];
      while (next.length < optionsAt) next.push(undefined);
      next[optionsAt] = { ...given, transaction: scope.transaction };
      return original.apply(this, next);
    };
  const statics = model as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [method, optionsAt] of Object.entries(STATIC_OPTIONS_AT)) {
    statics[method] = inTenantTransaction(optionsAt, statics[method] as (...args: unknown[]) => unknown);
  }
  const prototype = model.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [method, optionsAt] of Object.entries(INSTANCE_OPTIONS_AT)) {
    prototype[method] = inTenantTransaction(optionsAt, prototype[method] as (...args: unknown[]) => unknown);
  }
}
