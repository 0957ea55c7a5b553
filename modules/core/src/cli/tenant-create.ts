import type { ModuleCommand } from '@rustok/contracts';
import type { CoreServices } from '../services';
import { SYSTEM_ACTOR } from '../services/system-actor';
import { Flags } from './flags';

const usage = 'rustok tenant create --slug <slug> --name <name> [--domain <host>[,<host>…]] [--locale <default>] [--locales en,ru]';

export function tenantCreateCommand(services: CoreServices): ModuleCommand {
  return {
    name: 'tenant create',
    summary: 'Create a tenant (a store or site) with its built-in roles',
    usage,
    async run(args, io) {
      const flags = new Flags(args, usage, ['slug', 'name', 'domain', 'domains', 'locale', 'locales']);
      const { tenant } = await services.tenants.create(
        { slug: flags.required('slug'), name: flags.required('name'), domains: flags.list('domain') ?? flags.list('domains'), defaultLocale: flags.optional('locale'), locales: flags.list('locales') },
        { actor: SYSTEM_ACTOR, ip: null, requestId: null },
      );
      io.print(`Created tenant "${tenant.slug}" (${tenant.name}), id ${tenant.id}`);
      io.print(`  locales: ${tenant.locales.join(', ')} (default ${tenant.defaultLocale})`);
      io.print(`  domains: ${tenant.domains.length === 0 ? '(none; reach it with the X-Tenant header)' : tenant.domains.join(', ')}`);
      io.print(`  roles: owner, admin, editor, customer. Add its first owner with: rustok user create --tenant ${tenant.slug} --email <email> --password <password> --owner`);
    },
  };
}
