import type { GraphQLResolveInfo } from 'graphql';
import type { Actor, TenantContext } from './access';
import type { DataTypes, Model, ModelAttributes, ModelOptions, ModelStatic, QueryInterface, Transaction } from 'sequelize';

/**
 * Structured logger handed to a module: a pino child bound to the module id.
 * Only the methods below are part of the contract.
 */
export interface ModuleLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/**
 * Per-request context GraphQL resolvers receive (the same object is current
 * for `ctx.tenancy.current()` while a resolver runs). Modules must not rely on
 * anything not listed here.
 */
export interface RequestContext {
  readonly requestId: string;
  /** The tenant the request is for (host name or X-Tenant header); null when it names none. */
  readonly tenant: TenantContext | null;
  /** Who is asking; null for anonymous requests. */
  readonly actor: Actor | null;
  /** The locale to answer in: requested (Accept-Language / X-Locale) if the tenant has it, else its default. */
  readonly locale: string | null;
  readonly ip: string;
  readonly userAgent: string | null;
}

// Resolver arguments are shaped by the module's own SDL, which TypeScript cannot see; `any` lets a
// module annotate them itself instead of casting from `unknown` in every resolver.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverFn = (parent: any, args: any, context: RequestContext, info: GraphQLResolveInfo) => unknown;

/** Type name → field name → resolver. */
export type Resolvers = Record<string, Record<string, ResolverFn>>;

/**
 * Mercurius loaders: type name → field name → batch function receiving every
 * `{ obj, params }` of one request and returning one result per query.
 */
// `obj` and `params` are shaped by the module's SDL, as for resolvers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LoaderFn = (queries: Array<{ obj: any; params: any }>, context: RequestContext) => Promise<unknown[]>;
export type Loaders = Record<string, Record<string, LoaderFn>>;

/** Fetches one object of a type the module owns, for the kernel's `node(id:)`. */
export type NodeFetcher = (localId: string, context: RequestContext) => Promise<unknown>;

export interface GraphQLExtension {
  /** SDL: definitions of owned types and `extend type` blocks for extended ones. */
  typeDefs: string;
  resolvers?: Resolvers;
  loaders?: Loaders;
  /** Owned type name → fetcher, making that type reachable through `node(id:)`. */
  nodes?: Record<string, NodeFetcher>;
}

export interface ModelsFacade {
  /**
   * Defines a Sequelize model. Its table always lives in the module's own
   * PostgreSQL schema; asking for another schema is a contract error.
   * A model with a `tenant_id` column is tenant-owned: the kernel sets
   * `tenant_id` on create and adds the scope's tenant to every find, count,
   * update and destroy; used outside a tenant scope it throws
   * `RTK_TENANT_SCOPE_REQUIRED` (and row-level security would show nothing).
   */
  define(name: string, attributes: ModelAttributes, options?: ModelOptions): ModelStatic<Model>;
  /** Sequelize's DataTypes, from the kernel's own copy of sequelize. */
  readonly types: typeof DataTypes;
  /**
   * Runs `work` in a managed transaction: committed when it resolves, rolled
   * back when it throws. The transaction carries the current tenant scope, so
   * row-level security shows only that tenant's rows; queries of tenant-owned
   * models inside `work` use it even when not passed `{ transaction }`.
   */
  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs one SQL statement with `$1…$n` parameters for the current tenant
   * scope and returns its rows. Outside a transaction it costs one round trip:
   * the pooled connection already carries the scope's tenant, so row-level
   * security holds without BEGIN/COMMIT — the way to read on hot paths.
   * Inside `transaction` (passed, or the scope's own) it runs on that
   * transaction's connection. Each distinct text is prepared once per
   * connection, so put values in `values`, never into the text. Outside a
   * transaction a statement commits on its own: writes that belong together
   * go inside `transaction`.
   */
  query<T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: { transaction?: Transaction | null }): Promise<T[]>;
}

export interface EmitOptions {
  /**
   * The transaction the event belongs to: the event is written to the outbox
   * inside it, so it is delivered if and only if that transaction commits.
   * `null` states that the event is emitted outside any transaction, on
   * purpose: it is written and committed before `emit` resolves.
   */
  transaction: Transaction | null;
  /** Groups the events of one business flow; defaults to the handled event's, or a new id. */
  correlationId?: string;
  /**
   * Deliver no earlier than this moment: the kernel's scheduling. The event
   * is durable from commit (it survives restarts) and handlers receive it once
   * the time has come; until then it counts as pending.
   */
  deliverAt?: Date;
}

export interface EventMeta {
  /** Event id (UUID); the same on every delivery of the event, so receivers can deduplicate. */
  id: string;
  /** `module.entity.verb@version` */
  name: string;
  emittedBy: string;
  emittedAt: string;
  correlationId: string;
  /** Id of the event whose handler emitted this one, if any. */
  causationId: string | null;
  /** 1 on the first delivery to this handler, 2 on the first retry, … */
  attempt: number;
  /** The tenant the event belongs to (the emitter's tenant scope); the handler runs in that scope. */
  tenantId: string | null;
}

export interface DeliveryContext {
  /**
   * The transaction the delivery is recorded in. Write the handler's effects
   * in it: they commit together with the "delivered" mark, so a handler's
   * effect happens once even when the event is delivered twice. Events
   * emitted with it name the handled event as their cause.
   */
  transaction: Transaction;
}

/**
 * Handles one delivery. Throwing rolls back the handler's effects and
 * schedules a retry (exponential backoff with jitter); after the configured
 * number of attempts the delivery is dead-lettered for an operator to replay.
 */
export type EventHandler = (payload: unknown, meta: EventMeta, delivery: DeliveryContext) => Promise<void> | void;

/** One event of an `emitAll` list. */
export interface EventToEmit {
  /** A declared event, `module.entity.verb@version`. */
  name: string;
  payload: unknown;
}

export interface EventsFacade {
  /** Emits a declared event (`name@version`); the payload is validated against its schema. */
  emit(name: string, payload: unknown, options: EmitOptions): Promise<void>;
  /**
   * Emits the events of one write together, in one statement (one round trip however many):
   * every event is checked first (declared, payload valid), then all are written, or none.
   * `options` applies to each of them. An empty list writes nothing.
   * @example ctx.events.emitAll([{ name: 'shop.stock.changed@1', payload: a }, { name: 'shop.order.placed@1', payload: b }], { transaction: t })
   * @since 0.1.0
   */
  emitAll(events: readonly EventToEmit[], options: EmitOptions): Promise<void>;
  /** Subscribes to a declared consumed event (or one of the module's own). */
  on(name: string, handler: EventHandler): void;
}

/** A typed reference to a service contract: `serviceRef<AuthService>('core.auth@1')`. */
export interface ServiceRef<T> {
  readonly name: string;
  /** Phantom field carrying the service type; never set at run time. */
  readonly __type?: T;
  toString(): string;
}

export function serviceRef<T>(name: string): ServiceRef<T> {
  return Object.freeze({ name, toString: () => `serviceRef{${name}}` });
}

export interface ServicesFacade {
  /** Provides a service the manifest lists under `provides.services`. */
  provide<T>(service: ServiceRef<T> | string, implementation: T): void;
  /** Gets a service the manifest lists under `requires.services`. */
  get<T>(service: ServiceRef<T> | string): T;
}

export interface MigrationContext {
  /** The module's PostgreSQL schema; every table the migration creates belongs in it. */
  readonly schema: string;
  readonly transaction: Transaction;
  readonly queryInterface: QueryInterface;
  /** Runs SQL inside the migration's transaction. */
  query(sql: string, bind?: unknown[]): Promise<unknown[]>;
  /**
   * Makes a table of the module's schema tenant-owned: it must have a
   * `tenant_id uuid NOT NULL` column; row-level security is enabled and forced
   * with a policy that shows and accepts only rows of the transaction's tenant.
   * The kernel refuses to start while a table with `tenant_id` lacks it.
   */
  isolateByTenant(table: string): Promise<void>;
}

export type MigrationStep = string | ((context: MigrationContext) => Promise<void>);

/**
 * One migration. Names sort the module's migrations (use a timestamp or a
 * zero-padded counter prefix). A migration's checksum is recorded when it is
 * applied; changing an applied migration is refused as drift.
 */
export interface ModuleMigration {
  name: string;
  up: MigrationStep;
  down?: MigrationStep;
}

export interface MigrationsFacade {
  add(...migrations: ModuleMigration[]): void;
}

/** The tenant scope the module's code runs in. */
export interface TenancyFacade {
  /** The request being served (or the event being handled, or the scope `run` entered); null outside any. */
  current(): RequestContext | null;
  /** The current scope's tenant id, or null. */
  tenantId(): string | null;
  /**
   * Runs `work` in the scope of one tenant, outside any request: for
   * commands, seeds and platform-level work. Transactions begun inside see
   * only that tenant's rows.
   */
  run<T>(tenantId: string, work: () => Promise<T>): Promise<T>;
}

/** Arguments of a module command: `rustok tenant create --slug shop --name "Shop"`. */
export interface CommandArguments {
  readonly flags: Readonly<Record<string, string | boolean>>;
  readonly positionals: readonly string[];
}

export interface CommandIO {
  /** Writes one line to the operator. */
  print(line: string): void;
}

/** A `rustok` CLI command a module contributes (declared in the manifest under `commands`). */
export interface ModuleCommand {
  /** One or two words, e.g. `tenant create`. */
  name: string;
  summary: string;
  /** Shown by `rustok <name> --help`. */
  usage: string;
  run(args: CommandArguments, io: CommandIO): Promise<void>;
}

/**
 * Demo data that `rustok dev` (`npm start`) writes once per database; each
 * seed's name is recorded when it succeeds and never run again.
 */
export interface ModuleSeed {
  name: string;
  run(io: CommandIO): Promise<void>;
}

/**
 * Everything a module can reach. The object is frozen; reading any other
 * member throws `RTK_CTX_UNKNOWN_MEMBER`, and every registration method throws
 * `RTK_REGISTRATION_CLOSED` once boot has finished.
 */
export interface ModuleContext<Config = Record<string, unknown>> {
  readonly id: string;
  readonly models: ModelsFacade;
  readonly graphql: { extend(extension: GraphQLExtension): void };
  readonly events: EventsFacade;
  readonly services: ServicesFacade;
  readonly config: Readonly<Config>;
  readonly log: ModuleLogger;
  readonly migrations: MigrationsFacade;
  readonly tenancy: TenancyFacade;
  readonly commands: { add(command: ModuleCommand): void };
  readonly seeds: { add(seed: ModuleSeed): void };
}

export interface ModuleDefinition<Config = Record<string, unknown>> {
  /** Declares everything the module contributes. Runs once, at boot, in dependency order. */
  register(ctx: ModuleContext<Config>): void | Promise<void>;
}

/** Marks objects made by `defineModule`, so the kernel can tell them from anything else exported. */
export const MODULE_DEFINITION = Symbol.for('rustok.module-definition');

export interface DefinedModule<Config = Record<string, unknown>> extends ModuleDefinition<Config> {
  readonly [MODULE_DEFINITION]: true;
}

/** A module entry's default export (or `module` export). */
export function defineModule<Config = Record<string, unknown>>(definition: ModuleDefinition<Config>): DefinedModule<Config> {
  return Object.freeze({ register: definition.register, [MODULE_DEFINITION]: true as const });
}
