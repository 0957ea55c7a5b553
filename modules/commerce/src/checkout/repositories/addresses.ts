import type { Transaction } from 'sequelize';
import { rows } from '../../repositories/sql';
import type { Address } from '../domain/inputs';

export interface CustomerAddressRow extends Address {
  id: string;
  label: string | null;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type AddressKind = 'shipping' | 'billing';

const ADDRESS = `id, label, name, line1, line2, city, postal_code AS "postalCode", country, phone,
  is_default_shipping AS "isDefaultShipping", is_default_billing AS "isDefaultBilling", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The column of a default flag; a closed set, never caller input, so it may be interpolated. */
const DEFAULT_COLUMN: Readonly<Record<AddressKind, string>> = { shipping: 'is_default_shipping', billing: 'is_default_billing' };

/**
 * Customers' saved addresses. Every statement names the customer as well as
 * the address id: an id of another customer's address finds nothing.
 */
export class CustomerAddressRepository {
  /**
   * Serializes the writes of one customer's address book until the caller's
   * transaction ends: the limit count and the move of a default flag read
   * what the previous write committed. Two keys (table, tenant+customer) so
   * the lock shares no key space with other advisory locks.
   */
  async lockBook(customerId: string, t: Transaction): Promise<void> {
    await rows(t, `SELECT pg_advisory_xact_lock(hashtext('commerce.customer_addresses'), hashtext(rustok.current_tenant_id()::text || '/' || $1))`, [customerId]);
  }

  async list(customerId: string, t: Transaction): Promise<CustomerAddressRow[]> {
    return rows<CustomerAddressRow>(t, `SELECT ${ADDRESS} FROM commerce.customer_addresses WHERE customer_id = $1 ORDER BY id`, [customerId]);
  }

  async get(customerId: string, id: string, t: Transaction): Promise<CustomerAddressRow | null> {
    const [row] = await rows<CustomerAddressRow>(t, `SELECT ${ADDRESS} FROM commerce.customer_addresses WHERE customer_id = $1 AND id = $2`, [customerId, id]);
    return row ?? null;
  }

  /** How many addresses the customer has, and whether one is already the default of each kind. */
  async summary(customerId: string, t: Transaction): Promise<{ count: number; hasDefaultShipping: boolean; hasDefaultBilling: boolean }> {
    const [row] = await rows<{ count: number; hasDefaultShipping: boolean; hasDefaultBilling: boolean }>(
      t,
      `SELECT count(*)::int AS count, COALESCE(bool_or(is_default_shipping), false) AS "hasDefaultShipping", COALESCE(bool_or(is_default_billing), false) AS "hasDefaultBilling"
         FROM commerce.customer_addresses WHERE customer_id = $1`,
      [customerId],
    );
    return row ?? { count: 0, hasDefaultShipping: false, hasDefaultBilling: false };
  }

  async insert(customerId: string, address: Omit<CustomerAddressRow, 'createdAt' | 'updatedAt'>, t: Transaction): Promise<CustomerAddressRow> {
    const [row] = await rows<CustomerAddressRow>(
      t,
      `INSERT INTO commerce.customer_addresses (id, tenant_id, customer_id, label, name, line1, line2, city, postal_code, country, phone, is_default_shipping, is_default_billing)
       VALUES ($1, rustok.current_tenant_id(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${ADDRESS}`,
      [address.id, customerId, address.label, address.name, address.line1, address.line2, address.city, address.postalCode, address.country, address.phone, address.isDefaultShipping, address.isDefaultBilling],
    );
    return row as CustomerAddressRow;
  }

  /** Replaces the address's text fields; null when the customer has no such address. */
  async update(customerId: string, id: string, address: Address & { label: string | null }, t: Transaction): Promise<CustomerAddressRow | null> {
    const [row] = await rows<CustomerAddressRow>(
      t,
      `UPDATE commerce.customer_addresses SET label = $3, name = $4, line1 = $5, line2 = $6, city = $7, postal_code = $8, country = $9, phone = $10, updated_at = now()
        WHERE customer_id = $1 AND id = $2 RETURNING ${ADDRESS}`,
      [customerId, id, address.label, address.name, address.line1, address.line2, address.city, address.postalCode, address.country, address.phone],
    );
    return row ?? null;
  }

  async delete(customerId: string, id: string, t: Transaction): Promise<boolean> {
    return (await rows(t, 'DELETE FROM commerce.customer_addresses WHERE customer_id = $1 AND id = $2 RETURNING id', [customerId, id])).length > 0;
  }

  /**
   * Clears the customer's default of `kind` except on `keepId` (null: on
   * every address). Run before setting a new default: the unique index is
   * checked row by row, so the old default must be gone first.
   */
  async clearDefault(customerId: string, kind: AddressKind, keepId: string | null, t: Transaction): Promise<void> {
    const column = DEFAULT_COLUMN[kind];
    await rows(t, `UPDATE commerce.customer_addresses SET ${column} = false, updated_at = now() WHERE customer_id = $1 AND ${column} AND id IS DISTINCT FROM $2::uuid`, [customerId, keepId]);
  }

  /** Makes an address the default of `kind`; false when the customer has no such address. */
  async setDefault(customerId: string, id: string, kind: AddressKind, t: Transaction): Promise<boolean> {
    const column = DEFAULT_COLUMN[kind];
    return (await rows(t, `UPDATE commerce.customer_addresses SET ${column} = true, updated_at = now() WHERE customer_id = $1 AND id = $2 RETURNING id`, [customerId, id])).length > 0;
  }

  async unsetDefault(customerId: string, id: string, kind: AddressKind, t: Transaction): Promise<void> {
    const column = DEFAULT_COLUMN[kind];
    await rows(t, `UPDATE commerce.customer_addresses SET ${column} = false, updated_at = now() WHERE customer_id = $1 AND id = $2 AND ${column}`, [customerId, id]);
  }
}
