import type { Transaction } from 'sequelize';
import { CommerceErrors, commerceError } from '../errors';
import type { MediaRow } from '../models/media';
import type { MediaRepository } from '../repositories/media';
import type { ProductRepository } from '../repositories/products';
import type { CatalogEvents } from './catalog-events';
import { prepareMedia } from './inputs/products';
import type { MediaInput } from './inputs/shapes';
import type { Transactions } from './transactions';
import type { WriteContext } from './write-context';

/** Product images and videos: URLs with alt texts per locale, in order. Files live elsewhere (a CDN). */
export class MediaService {
  constructor(private readonly deps: { media: MediaRepository; products: ProductRepository; events: CatalogEvents; transactions: Transactions }) {}

  async add(ctx: WriteContext, productId: string, input: MediaInput): Promise<MediaRow> {
    const prepared = prepareMedia(ctx, input, 'input');
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const product = await this.deps.products.findById(productId, t, true);
      if (product === null) throw commerceError(CommerceErrors.PRODUCT_NOT_FOUND, 'No such product.', { field: 'productId' });
      const created = await this.deps.media.create({ productId, url: prepared.url, alt: prepared.alt, position: prepared.position ?? (await this.deps.media.nextPosition(productId, t)) }, t);
      await this.changed(ctx, productId, t);
      return created;
    });
  }

  async update(ctx: WriteContext, id: string, input: Partial<MediaInput>): Promise<MediaRow> {
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const current = await this.existing(id, t);
      const prepared = prepareMedia(ctx, { url: input.url ?? current.url, alt: input.alt ?? null, position: input.position ?? null }, 'input');
      const updated = (await this.deps.media.update(id, { url: prepared.url, ...(input.alt == null ? {} : { alt: prepared.alt }), ...(prepared.position === undefined ? {} : { position: prepared.position }) }, t)) as MediaRow;
      await this.changed(ctx, current.productId, t);
      return updated;
    });
  }

  async remove(ctx: WriteContext, id: string): Promise<string> {
    return this.deps.transactions.inTenant(ctx.tenantId, async (t) => {
      const current = await this.existing(id, t);
      await this.deps.media.destroy(id, t);
      await this.changed(ctx, current.productId, t);
      return id;
    });
  }

  private async existing(id: string, t: Transaction): Promise<MediaRow> {
    const media = await this.deps.media.findById(id, t);
    if (media === null) throw commerceError(CommerceErrors.MEDIA_NOT_FOUND, 'No such media.', { field: 'id' });
    return media;
  }

  private async changed(ctx: WriteContext, productId: string, t: Transaction): Promise<void> {
    const product = await this.deps.products.findById(productId, t);
    if (product === null) return;
    await this.deps.products.touch(productId, t);
    await this.deps.events.productUpdated(ctx.tenantId, product, ['media'], t);
  }
}
