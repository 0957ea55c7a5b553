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

/**
 * Makes every find, count, update and destroy of the model add the scope's
 * tenant, every create set it, and every query without an explicit
 * transaction join the scope's one (which carries the tenant setting that
 * row-level security reads). Row-level security is the guarantee; this is
 * what makes a forgotten filter a correct query instead of an empty one.
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
  const joinTransaction = (options: ScopedOptions, scope: Scope) => {
    if (options.transaction === undefined && scope.transaction !== null) options.transaction = scope.transaction;
  };
  const filter = (operation: string, key: string) => (options: ScopedOptions) => {
    const scope = scopeFor(operation);
    joinTransaction(options, scope);
    const own = { [key]: scope.tenantId };
    options.where = options.where === undefined ? own : { [Op.and]: [options.where, own] };
  };
  const stamp = (operation: string, instance: Model, options: ScopedOptions) => {
    const scope = scopeFor(operation);
    joinTransaction(options, scope);
    const given = instance.get(attribute) as string | null | undefined;
    if (given != null && given !== scope.tenantId) {
      throw new ModuleAccessError(ErrorCodes.TENANT_MISMATCH, `Module "${moduleId}" tried to write a "${model.name}" row of tenant ${given} while working for tenant ${scope.tenantId}.`, `Leave ${attribute} unset: the kernel fills it with the scope's tenant.`, { module: moduleId, model: model.name });
    }
    instance.set(attribute, scope.tenantId);
  };
  model.addHook('beforeFind', filter('find', attribute));
  model.addHook('beforeCount', filter('count', attribute));
  model.addHook('beforeBulkUpdate', filter('update', attribute));
  // Model.destroy maps attribute names to columns before this hook runs, so it gets the column itself.
  model.addHook('beforeBulkDestroy', filter('destroy', TENANT_COLUMN));
  // Validation (allowNull: false on the tenant attribute) runs before beforeCreate: stamp first.
  model.addHook('beforeValidate', (instance: Model) => {
    if (instance.isNewRecord) stamp('create', instance, {});
  });
  model.addHook('beforeCreate', (instance: Model, options: ScopedOptions) => stamp('create', instance, options));
  model.addHook('beforeBulkCreate', (instances: Model[], options: ScopedOptions) => {
    for (const instance of instances) stamp('bulkCreate', instance, options);
  });
  model.addHook('beforeSave', (instance: Model, options: ScopedOptions) => joinTransaction(options, scopeFor('save')));
  model.addHook('beforeDestroy', (instance: Model, options: ScopedOptions) => joinTransaction(options, scopeFor('destroy')));
}
