import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';

export interface RegionRow {
  id: string;
  name: string;
  currency: string;
  countries: string[];
  taxRateBp: number;
  pricesIncludeTax: boolean;
}

export interface ShippingOptionRow {
  id: string;
  regionId: string;
  name: string;
  amount: string;
  freeOver: string | null;
  active: boolean;
}

const REGION = `id, name, currency, countries, tax_rate_bp AS "taxRateBp", prices_include_tax AS "pricesIncludeTax"`;
const OPTION = `id, region_id AS "regionId", name, amount::text AS amount, free_over::text AS "freeOver", active`;

/** Regions and their shipping options. */
export class RegionRepository {
  async create(region: RegionRow, t: Transaction): Promise<RegionRow> {
    const [row] = await rows<RegionRow>(
      t,
      `INSERT INTO commerce.regions (id, tenant_id, name, currency, countries, tax_rate_bp, prices_include_tax)
       VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5, $6) RETURNING ${REGION}`,
      [region.id, region.name, region.currency, region.countries, region.taxRateBp, region.pricesIncludeTax],
    );
    return row as RegionRow;
  }

  async update(id: string, patch: Partial<Omit<RegionRow, 'id' | 'currency'>>, t: Transaction): Promise<RegionRow | null> {
    const [row] = await rows<RegionRow>(
      t,
      `UPDATE commerce.regions SET name = COALESCE($2, name), countries = COALESCE($3, countries), tax_rate_bp = COALESCE($4, tax_rate_bp),
              prices_include_tax = COALESCE($5, prices_include_tax), updated_at = now()
        WHERE id = $1 RETURNING ${REGION}`,
      [id, patch.name ?? null, patch.countries ?? null, patch.taxRateBp ?? null, patch.pricesIncludeTax ?? null],
    );
    return row ?? null;
  }

  async get(id: string, t: Transaction): Promise<RegionRow | null> {
    const [row] = await rows<RegionRow>(t, `SELECT ${REGION} FROM commerce.regions WHERE id = $1`, [id]);
    return row ?? null;
  }

  async list(t: Transaction): Promise<RegionRow[]> {
    return rows<RegionRow>(t, `SELECT ${REGION} FROM commerce.regions ORDER BY name, id`);
  }

  async createOption(option: ShippingOptionRow, t: Transaction): Promise<ShippingOptionRow> {
    const [row] = await rows<ShippingOptionRow>(
      t,
      `INSERT INTO commerce.shipping_options (id, tenant_id, region_id, name, amount, free_over, active)
       VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5, $6) RETURNING ${OPTION}`,
      [option.id, option.regionId, option.name, option.amount, option.freeOver, option.active],
    );
    return row as ShippingOptionRow;
  }

  async updateOption(id: string, patch: { name?: string; amount?: string; freeOver?: string | null; active?: boolean }, t: Transaction): Promise<ShippingOptionRow | null> {
    const [row] = await rows<ShippingOptionRow>(
      t,
      `UPDATE commerce.shipping_options SET name = COALESCE($2, name), amount = COALESCE($3::bigint, amount),
              free_over = CASE WHEN $4 THEN $5::bigint ELSE free_over END, active = COALESCE($6, active), updated_at = now()
        WHERE id = $1 RETURNING ${OPTION}`,
      [id, patch.name ?? null, patch.amount ?? null, patch.freeOver !== undefined, patch.freeOver ?? null, patch.active ?? null],
    );
    return row ?? null;
  }

  async option(id: string, t: Transaction): Promise<ShippingOptionRow | null> {
    const [row] = await rows<ShippingOptionRow>(t, `SELECT ${OPTION} FROM commerce.shipping_options WHERE id = $1`, [id]);
    return row ?? null;
  }

  async options(regionId: string, activeOnly: boolean, t: Transaction): Promise<ShippingOptionRow[]> {
    return rows<ShippingOptionRow>(t, `SELECT ${OPTION} FROM commerce.shipping_options WHERE region_id = $1 AND (active OR NOT $2) ORDER BY amount, id`, [regionId, activeOnly]);
  }
}
