import { asFunction, asValue, createContainer, InjectionMode } from 'awilix';
import type { Logger } from 'pino';
import { DataTypes, type Model, type ModelAttributes, type ModelOptions, type ModelStatic, type Sequelize, type Transaction } from 'sequelize';
import {
  isUuid,
  schemaNameFor,
  type ContractProblem,
  type EventHandler,
  type GraphQLExtension,
  type ModuleContext,
  type ModuleManifest,
  type ModuleCommand,
  type ModuleMigration,
  type ModuleSeed,
  type ServiceRef,
} from '@rustok/contracts';
import { deepFreeze } from '../deep-freeze';
import { ErrorCodes, ModuleAccessError } from '../errors';
import type { EventBus } from '../events/event-bus';
import { currentScope, currentTenantId, runInScope } from '../tenancy/scope';
import { scopeModelToTenant, tenantAttributeOf } from '../tenancy/tenant-owned-model';
import { scopedQueryFor } from '../tenancy/scoped-query';
import { tenantTransaction } from '../tenancy/tenant-transaction';
import { strictObject } from './strict-object';


/** What one module registered during `register(ctx)`, compared with its manifest afterwards. */
export interface ModuleRegistrations {
  id: string;
  schema: string;
  models: Map<string, ModelStatic<Model>>;
  graphql: GraphQLExtension[];
  migrations: ModuleMigration[];
  providedServices: Set<string>;
  /** Models with a tenant_id column. */
  tenantOwnedModels: Set<string>;
  commands: Map<string, ModuleCommand>;
  seeds: ModuleSeed[];
}

export interface ModuleContextOptions {
  manifest: ModuleManifest;
  /** Validated config with defaults applied. */
  config: Record<string, unknown>;
  packageFile: string;
  rootLog: Logger;
  sequelize: Sequelize;
  bus: EventBus;
  /** Every provided service by name; shared by the kernel, never handed to a module. */
  services: Map<string, unknown>;
  problems: ContractProblem[];
}

export interface BuiltModuleContext {
  ctx: ModuleContext;
  registrations: ModuleRegistrations;
  /** Ends the registration window: later registration calls throw RTK_REGISTRATION_CLOSED. */
  close(): void;
}

/**
 * Builds a module's ctx from a fresh Awilix container holding only what the
 * manifest declared: its config, a child logger, its own facades and the
 * services it requires. Never a scope of the kernel's container, which could
 * resolve everything the kernel can.
 */
export function buildModuleContext(options: ModuleContextOptions): BuiltModuleContext {
  const { manifest, sequelize, bus, problems, packageFile } = options;
  const id = manifest.id;
  const schema = schemaNameFor(id);
  const registrations: ModuleRegistrations = { id, schema, models: new Map(), graphql: [], migrations: [], providedServices: new Set(), tenantOwnedModels: new Set(), commands: new Map(), seeds: [] };
  let open = true;
  const at = (field: string) => ({ module: id, file: packageFile, path: field });

  const assertOpen = (call: string) => {
    if (!open) {
      throw new ModuleAccessError(
        ErrorCodes.REGISTRATION_CLOSED,
        `Module "${id}" called ${call} after its register() finished.`,
        'Make every registration inside register(ctx) (and await it there); the kernel freezes the module graph once boot completes.',
        { module: id, call },
      );
    }
  };
  const serviceName = (service: ServiceRef<unknown> | string) => (typeof service === 'string' ? service : service.name);
  const emits = new Set(Object.keys(manifest.events?.emits ?? {}));
  const consumes = new Set(manifest.events?.consumes ?? []);
  const provides = new Set(manifest.provides?.services ?? []);
  const requires = new Set(manifest.requires?.services ?? []);

  const container = createContainer({ injectionMode: InjectionMode.PROXY, strict: true });
  for (const service of requires) {
    container.register(
      `service:${service}`,
      asFunction(() => {
        if (!options.services.has(service)) {
          throw new ModuleAccessError(ErrorCodes.SERVICE_UNAVAILABLE, `Service "${service}" required by "${id}" has not been provided.`, `Check that the module providing ${service} calls ctx.services.provide("${service}", …) in its register().`, { module: id, service });
        }
        return options.services.get(service);
      }),
    );
  }

  const models = strictObject(
    {
      define(name: string, attributes: ModelAttributes, modelOptions: ModelOptions = {}): ModelStatic<Model> {
        assertOpen('ctx.models.define');
        if (modelOptions.schema !== undefined && modelOptions.schema !== schema) {
          problems.push({
            code: ErrorCodes.MODEL_OUTSIDE_SCHEMA,
            message: `Model "${name}" of module "${id}" asks for schema "${modelOptions.schema}"; a module's tables live in its own schema.`,
            ...at(`models.${name}.schema`),
            expected: schema,
            received: modelOptions.schema,
            fix: `Remove the "schema" option; ctx.models.define puts every table in "${schema}". Reach other modules' data through their services or events.`,
          });
        }
        if (sequelize.isDefined(name)) {
          problems.push({
            code: ErrorCodes.MODEL_DUPLICATE,
            message: `Model name "${name}" of module "${id}" is already defined${registrations.models.has(name) ? ' by this module' : ' by another module'}.`,
            ...at(`models.${name}`),
            expected: 'a model name unique across modules',
            received: name,
            fix: `Prefix the model name with the module, e.g. "${id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}${name}".`,
          });
          return sequelize.model(name);
        }
        const model = sequelize.define(name, attributes, { ...modelOptions, schema });
        registrations.models.set(name, model);
        const tenantAttribute = tenantAttributeOf(model);
        if (tenantAttribute !== null) {
          scopeModelToTenant(model, tenantAttribute, id);
          registrations.tenantOwnedModels.add(name);
        }
        return model;
      },
      types: DataTypes,
      transaction: <T>(work: (transaction: Transaction) => Promise<T>): Promise<T> => tenantTransaction(sequelize, work),
      query: scopedQueryFor(sequelize),
    },
    `ctx.models of "${id}"`,
  );

  const graphql = strictObject(
    {
      extend(extension: GraphQLExtension): void {
        assertOpen('ctx.graphql.extend');
        registrations.graphql.push(extension);
      },
    },
    `ctx.graphql of "${id}"`,
  );

  const events = strictObject(
    {
      emit: (name: string, payload: unknown, emitOptions: Parameters<EventBus['emit']>[3]) => bus.emit(id, name, payload, emitOptions),
      emitAll: (list: Parameters<EventBus['emitAll']>[1], emitOptions: Parameters<EventBus['emitAll']>[2]) => bus.emitAll(id, list, emitOptions),
      on(name: string, handler: EventHandler): void {
        assertOpen('ctx.events.on');
        if (!consumes.has(name) && !emits.has(name)) {
          problems.push({
            code: ErrorCodes.UNDECLARED_EVENT,
            message: `Module "${id}" subscribes to "${name}", which its manifest does not list in events.consumes.`,
            ...at('rustok.events.consumes'),
            expected: `"${name}" in events.consumes`,
            received: `ctx.events.on("${name}")`,
            fix: `Add "${name}" to events.consumes (with the @version you handle).`,
          });
          return;
        }
        bus.subscribe(name, id, handler);
      },
    },
    `ctx.events of "${id}"`,
  );

  const services = strictObject(
    {
      provide<T>(service: ServiceRef<T> | string, implementation: T): void {
        assertOpen('ctx.services.provide');
        const name = serviceName(service);
        if (!provides.has(name)) {
          problems.push({
            code: ErrorCodes.UNDECLARED_SERVICE,
            message: `Module "${id}" provides service "${name}", which its manifest does not list in provides.services.`,
            ...at('rustok.provides.services'),
            expected: `"${name}" in provides.services`,
            received: `ctx.services.provide("${name}")`,
            fix: `Add "${name}" to provides.services, or remove the call.`,
          });
          return;
        }
        options.services.set(name, implementation);
        registrations.providedServices.add(name);
      },
      get<T>(service: ServiceRef<T> | string): T {
        const name = serviceName(service);
        if (provides.has(name) && registrations.providedServices.has(name)) return options.services.get(name) as T;
        if (!requires.has(name)) {
          throw new ModuleAccessError(ErrorCodes.UNDECLARED_SERVICE, `Module "${id}" asked for service "${name}", which its manifest does not list in requires.services.`, `Add "${name}" to requires.services of "${id}".`, { module: id, service: name });
        }
        return container.resolve<T>(`service:${name}`);
      },
    },
    `ctx.services of "${id}"`,
  );

  const migrationNames = new Set<string>();
  const migrations = strictObject(
    {
      add(...added: ModuleMigration[]): void {
        assertOpen('ctx.migrations.add');
        for (const migration of added) {
          const valid = migration !== null && typeof migration === 'object' && typeof migration.name === 'string' && migration.name.length > 0 && (typeof migration.up === 'string' || typeof migration.up === 'function');
          if (!valid || migrationNames.has(migration.name)) {
            problems.push({
              code: ErrorCodes.MIGRATION_INVALID,
              message: valid ? `Module "${id}" adds migration "${migration.name}" twice.` : `Module "${id}" adds a migration without a name or an up step.`,
              ...at('migrations'),
              expected: '{ name: unique string, up: SQL string or async function, down? }',
              received: valid ? migration.name : JSON.stringify(migration && typeof migration === 'object' ? Object.keys(migration) : migration),
              fix: 'Give every migration a unique name and an up step.',
            });
            continue;
          }
          migrationNames.add(migration.name);
          registrations.migrations.push(Object.freeze({ ...migration }));
        }
      },
    },
    `ctx.migrations of "${id}"`,
  );

  const tenancy = strictObject(
    {
      current: () => currentScope()?.request ?? null,
      tenantId: () => currentTenantId(),
      run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
        if (typeof tenantId !== 'string' || !isUuid(tenantId)) {
          throw new ModuleAccessError(ErrorCodes.TENANT_SCOPE_REQUIRED, `Module "${id}" called ctx.tenancy.run with ${JSON.stringify(tenantId)}, which is not a tenant id.`, 'Pass the UUID of the tenant (tenant.id), not its slug.', { module: id });
        }
        return runInScope({ tenantId, request: null, transaction: null }, work);
      },
    },
    `ctx.tenancy of "${id}"`,
  );

  const declaredCommands = new Set(manifest.commands ?? []);
  const commands = strictObject(
    {
      add(command: ModuleCommand): void {
        assertOpen('ctx.commands.add');
        const name = command?.name;
        if (typeof name !== 'string' || !declaredCommands.has(name) || typeof command.run !== 'function') {
          problems.push({
            code: ErrorCodes.UNDECLARED_COMMAND,
            message: typeof name === 'string' && typeof command.run === 'function' ? `Module "${id}" adds command "${name}", which its manifest does not list in commands.` : `Module "${id}" adds a command without a name or a run function.`,
            ...at('rustok.commands'),
            expected: `"${String(name)}" in rustok.commands, and { name, summary, usage, run }`,
            received: String(name),
            fix: `List "${String(name)}" under rustok.commands in the manifest (and give the command a run function).`,
          });
          return;
        }
        registrations.commands.set(name, Object.freeze({ ...command }));
      },
    },
    `ctx.commands of "${id}"`,
  );

  const seeds = strictObject(
    {
      add(seed: ModuleSeed): void {
        assertOpen('ctx.seeds.add');
        if (typeof seed?.name !== 'string' || seed.name.length === 0 || typeof seed.run !== 'function' || registrations.seeds.some((s) => s.name === seed.name)) {
          problems.push({ code: ErrorCodes.SEED_INVALID, message: `Module "${id}" adds a seed without a unique name or a run function.`, ...at('seeds'), expected: '{ name: unique string, run(io) }', received: String(seed?.name), fix: 'Give every seed a unique name and a run function.' });
          return;
        }
        registrations.seeds.push(Object.freeze({ ...seed }));
      },
    },
    `ctx.seeds of "${id}"`,
  );

  container.register({
    id: asValue(id),
    // The gate hands over its own validated copy (defaults applied); freezing it is enough.
    config: asValue(deepFreeze(options.config)),
    log: asValue(options.rootLog.child({ module: id })),
    models: asValue(models),
    graphql: asValue(graphql),
    events: asValue(events),
    services: asValue(services),
    migrations: asValue(migrations),
    tenancy: asValue(tenancy),
    commands: asValue(commands),
    seeds: asValue(seeds),
  });
  const cradle = container.cradle as Record<string, unknown>;
  const ctx = strictObject(
    {
      id: cradle.id,
      models: cradle.models,
      graphql: cradle.graphql,
      events: cradle.events,
      services: cradle.services,
      config: cradle.config,
      log: cradle.log,
      migrations: cradle.migrations,
      tenancy: cradle.tenancy,
      commands: cradle.commands,
      seeds: cradle.seeds,
    },
    `ctx of module "${id}"`,
  ) as ModuleContext;

  return {
    ctx,
    registrations,
    close() {
      open = false;
      for (const name of declaredCommands) {
        if (!registrations.commands.has(name)) {
          problems.push({ code: ErrorCodes.COMMAND_DECLARED_NOT_ADDED, message: `Module "${id}" declares command "${name}" but never adds it.`, ...at('rustok.commands'), expected: `ctx.commands.add({ name: "${name}", … }) in register()`, received: 'no add call', fix: `Add the command in register(), or remove it from rustok.commands.` });
        }
      }
    },
  };
}
