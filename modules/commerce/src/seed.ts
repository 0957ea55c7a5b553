import { CORE_DIRECTORY, toGlobalId, type ModuleContext, type ModuleSeed } from '@rustok/contracts';
import type { CommerceConfig } from './config';
import type { CheckoutServices } from './checkout';
import type { Caller } from './checkout/services/caller';
import { DEMO_CATEGORIES, DEMO_PRODUCTS, DEMO_PROMOTIONS, DEMO_REGIONS, OPTION_NAMES_RU, type DemoProduct } from './seed-data';
import type { CommerceServices } from './services';
import type { CreateProductInput, VariantInput } from './services/inputs/shapes';
import type { WriteContext } from './services/write-context';

/**
 * `npm start` on a fresh database: a small catalog for core's demo tenant
 * (categories, ~30 products with variants, prices in USD and RUB, texts in
 * English and Russian), written through the same services as the API, so
 * it obeys the same rules. Once per database (the kernel records it).
 */
export function demoCatalogSeed(ctx: ModuleContext<CommerceConfig>, services: CommerceServices, slug = 'demo'): ModuleSeed {
  return {
    name: 'demo-catalog',
    async run(io) {
      const tenant = await ctx.services.get(CORE_DIRECTORY).tenantBySlug(slug);
      if (tenant === null) {
        io.print(`No tenant "${slug}"; the demo catalog is not written.`);
        return;
      }
      const write: WriteContext = { tenantId: tenant.id, defaultLocale: tenant.defaultLocale, locales: tenant.locales, actorId: null };
      const scope = { tenantId: tenant.id, audience: 'admin' as const, wantedLocale: tenant.defaultLocale, defaultLocale: tenant.defaultLocale };
      const existing = await ctx.tenancy.run(tenant.id, () => services.reader.products(scope, { filter: {}, sort: { field: 'created_at', direction: 'desc' }, first: 1 }));
      if (existing.edges.length > 0) {
        io.print(`Tenant "${slug}" has products already; the demo catalog leaves them alone.`);
        return;
      }
      // Texts in the locales the tenant has; English stands in for its default when that is neither.
      const texts = (en: string, ru: string) => {
        const byLocale: Record<string, string> = { en, ru };
        return tenant.locales.map((locale) => ({ locale, text: byLocale[locale.split('-')[0] as string] ?? en }));
      };
      const categoryIds = new Map<string, string>();
      for (const category of DEMO_CATEGORIES) {
        const parentId = category.parent === undefined ? null : toGlobalId('CommerceCategory', categoryIds.get(category.parent) as string);
        const id = await services.categories.create(write, { handle: category.handle, parentId, translations: texts(category.en, category.ru).map((t) => ({ locale: t.locale, name: t.text })) });
        categoryIds.set(category.handle, id);
      }
      for (const [index, product] of DEMO_PRODUCTS.entries()) {
        await services.products.create(write, demoProductInput(product, index, texts, toGlobalId('CommerceCategory', categoryIds.get(product.category) as string)));
      }
      io.print(`Demo catalog written for "${slug}": ${DEMO_CATEGORIES.length} categories, ${DEMO_PRODUCTS.length} products, prices in USD and RUB.`);
    },
  };
}

function demoProductInput(product: DemoProduct, index: number, texts: (en: string, ru: string) => Array<{ locale: string; text: string }>, categoryId: string): CreateProductInput {
  const titles = texts(product.en, product.ru);
  const descriptions = texts(product.descriptionEn, product.descriptionRu);
  const options = Object.entries(product.options ?? {});
  // Every combination of the option values, e.g. S/M/L × Black.
  const combinations = options.reduce<Array<Array<{ name: string; value: string }>>>((acc, [name, values]) => acc.flatMap((combo) => values.map(([value]) => [...combo, { name, value }])), [[]]);
  const variants: VariantInput[] = combinations.map((combo, i) => ({
    sku: `DEMO-${String(index + 1).padStart(3, '0')}${combo.length > 0 ? `-${combo.map((c) => c.value.replace(/[^A-Za-z0-9]/g, '')).join('-')}` : ''}`,
    options: combo,
    prices: [
      { currency: 'USD', amount: String(product.usd), ...(index % 5 === 0 ? { compareAtAmount: String(Math.round(product.usd * 1.25)) } : {}) },
      { currency: 'RUB', amount: String(product.rub) },
    ],
    // Some variants sold out, some low, most in stock: the storefront's filters have something to show.
    onHand: (index + i) % 7 === 0 ? 0 : ((index * 7 + i * 3) % 40) + 2,
    weightGrams: 200 + index * 10,
  }));
  return {
    status: 'ACTIVE',
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    translations: titles.map((title, i) => ({ locale: title.locale, title: title.text, description: descriptions[i]?.text ?? null })),
    options: options.map(([name, values]) => ({
      name,
      translations: texts(name, OPTION_NAMES_RU[name] ?? name).filter((t) => t.text !== name),
      values: values.map(([en, ru]) => ({ value: en, translations: texts(en, ru).filter((t) => t.text !== en) })),
    })),
    variants: variants.length > 0 ? variants : undefined,
    media: [{ url: `https://picsum.photos/seed/rustok-${index + 1}/800/800`, alt: titles }],
    categoryIds: [categoryId],
  };
}

/**
 * What the demo storefront needs to check out: a region per demo currency
 * (USD, RUB) with shipping options, and promotion codes to try. Through the
 * checkout services, like the admin API; a separate seed from the catalog
 * so a database seeded before checkout existed gets it at its next
 * `rustok dev`. A tenant that has regions already is left alone.
 */
export function demoCheckoutSeed(ctx: ModuleContext<CommerceConfig>, checkout: CheckoutServices, slug = 'demo'): ModuleSeed {
  return {
    name: 'demo-checkout',
    async run(io) {
      const tenant = await ctx.services.get(CORE_DIRECTORY).tenantBySlug(slug);
      if (tenant === null) {
        io.print(`No tenant "${slug}"; the demo regions are not written.`);
        return;
      }
      const caller: Caller = { tenantId: tenant.id, actorId: null, actorKind: 'system', locale: tenant.defaultLocale };
      if ((await checkout.regions.list(caller)).length > 0) {
        io.print(`Tenant "${slug}" has regions already; the demo regions leave them alone.`);
        return;
      }
      for (const region of DEMO_REGIONS) {
        const created = await checkout.regions.create(caller, region);
        for (const option of region.shipping) await checkout.regions.createOption(caller, created.id, option);
      }
      for (const promotion of DEMO_PROMOTIONS) await checkout.promotions.create(caller, promotion);
      io.print(
        `Demo checkout written for "${slug}": regions ${DEMO_REGIONS.map((r) => `${r.name} (${r.currency})`).join(', ')} with shipping options; promotion codes ${DEMO_PROMOTIONS.map((p) => p.code).join(', ')}.`,
      );
    },
  };
}
