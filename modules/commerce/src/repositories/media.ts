import type { Transaction } from 'sequelize';
import type { CommerceModels } from '../models';
import type { MediaRow } from '../models/media';
import { uuidv7 } from '@rustok/contracts';
import { rows } from './sql';

export class MediaRepository {
  constructor(private readonly models: Pick<CommerceModels, 'Media'>) {}

  async findById(id: string, transaction: Transaction): Promise<MediaRow | null> {
    return (await this.models.Media.findOne({ where: { id }, raw: true, transaction })) as MediaRow | null;
  }

  async nextPosition(productId: string, transaction: Transaction): Promise<number> {
    const [row] = await rows<{ next: number }>(transaction, 'SELECT coalesce(max(position) + 1, 0) AS next FROM commerce.product_media WHERE product_id = $1', [productId]);
    return row?.next ?? 0;
  }

  async create(media: Omit<MediaRow, 'id'>, transaction: Transaction): Promise<MediaRow> {
    return (await this.models.Media.create({ id: uuidv7(), ...media }, { transaction })).get({ plain: true }) as MediaRow;
  }

  async update(id: string, patch: Partial<Pick<MediaRow, 'url' | 'alt' | 'position'>>, transaction: Transaction): Promise<MediaRow | null> {
    const [, updated] = await this.models.Media.update({ ...patch, updatedAt: new Date() }, { where: { id }, transaction, returning: true });
    return (updated[0]?.get({ plain: true }) as MediaRow | undefined) ?? null;
  }

  async destroy(id: string, transaction: Transaction): Promise<void> {
    await this.models.Media.destroy({ where: { id }, transaction });
  }
}
