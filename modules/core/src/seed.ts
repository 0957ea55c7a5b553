import { randomBytes } from 'node:crypto';
import type { ModuleSeed } from '@rustok/contracts';
import type { CoreConfig } from './config';
import type { CoreServices } from './services';
import { SYSTEM_ACTOR } from './services/system-actor';

export const DEMO_OWNER_EMAIL = 'owner@demo.local';

/**
 * `npm start` on a fresh database: a demo tenant that localhost resolves to,
 * and a platform owner with a generated password printed once, so a new
 * developer can log in without reading any docs.
 */
export function demoSeed(services: CoreServices, config: CoreConfig): ModuleSeed {
  return {
    name: 'demo',
    async run(io) {
      const slug = config.devTenant;
      if ((await services.tenants.bySlug(slug)) !== null) {
        io.print(`Tenant "${slug}" exists already; the demo seed leaves it alone.`);
        return;
      }
      const password = randomBytes(12).toString('base64url');
      await services.tenants.create(
        { slug, name: 'Demo', domains: ['localhost'], defaultLocale: 'en', locales: ['en', 'ru'], owner: { email: DEMO_OWNER_EMAIL, password, displayName: 'Demo owner', isPlatformOwner: true } },
        { actor: SYSTEM_ACTOR, ip: null, requestId: null },
      );
      // The kernel's default port; the module is not told which one it listens on.
      const port = process.env.PORT ?? '3000';
      io.print(`Demo tenant "${slug}" created; requests to localhost resolve to it.`);
      io.print(`Owner (platform owner): ${DEMO_OWNER_EMAIL} / ${password}   (shown only now)`);
      io.print(`Log in at http://localhost:${port}/graphql with:`);
      io.print(`  mutation { login(email: "${DEMO_OWNER_EMAIL}", password: "${password}") { token expiresAt } }`);
      io.print('then send the token as the header  Authorization: Bearer <token>');
    },
  };
}
