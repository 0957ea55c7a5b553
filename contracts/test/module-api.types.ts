/**
 * Type tests of the module-facing contract, checked by `tsc --noEmit` (part of `npm test`).
 * Each `@ts-expect-error` line must fail to compile; if the contract loosens, tsc reports the
 * directive as unused and the test run fails.
 */
import { defineModule, serviceRef, type ModuleContext, type ServiceRef } from '../src';

interface Greeter {
  greet(name: string): string;
}
const greeterRef: ServiceRef<Greeter> = serviceRef<Greeter>('example.greeter@1');

export const typedConfig = defineModule<{ greeting: string }>({
  register(ctx) {
    const greeting: string = ctx.config.greeting;
    // @ts-expect-error config is read-only
    ctx.config.greeting = 'changed';
    // @ts-expect-error config has only the declared keys
    void ctx.config.missing;
    const greeter: Greeter = ctx.services.get(greeterRef);
    greeter.greet(greeting);
    // @ts-expect-error a typed service ref fixes the implementation type
    ctx.services.provide(greeterRef, { greet: (name: number) => String(name) });
    // @ts-expect-error emit must say which transaction the event belongs to
    void ctx.events.emit('example.thing.created@1', {});
    void ctx.events.emit('example.thing.created@1', {}, { transaction: null });
    // @ts-expect-error ctx grants no database handle
    void ctx.sequelize;
    // @ts-expect-error ctx members cannot be replaced
    ctx.models = ctx.models;
  },
});

// @ts-expect-error a module definition needs register(ctx)
export const withoutRegister = defineModule({});

export function migrationsTakeSqlOrFunctions(ctx: ModuleContext): void {
  ctx.migrations.add({ name: '0001', up: 'CREATE TABLE t (id int)', down: 'DROP TABLE t' });
  ctx.migrations.add({ name: '0002', up: async ({ query }) => void (await query('SELECT 1')) });
  // @ts-expect-error a migration needs an up step
  ctx.migrations.add({ name: '0003' });
}
