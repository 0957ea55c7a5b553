import type { Transaction } from 'sequelize';
import { uuidv7 } from '@rustok/contracts';
import type { Transactions } from '../../services/transactions';
import { parseAddress, type Address } from '../domain/inputs';
import { CheckoutErrors, checkoutError } from '../errors';
import type { AddressKind, CustomerAddressRepository, CustomerAddressRow } from '../repositories/addresses';
import type { Caller } from './caller';
import { customerIdOf } from './caller';

/** A customer keeps at most this many addresses (ADDRESS_BOOK_FULL beyond): a bound on what one account can store. */
export const MAX_ADDRESSES_PER_CUSTOMER = 50;

export interface CustomerAddressInput {
  label?: string | null;
  name?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  postalCode?: string | null;
  country?: string | null;
  phone?: string | null;
  /** true: make it the default; false: make it not the default; absent: leave as is (new addresses: default if there is none). */
  defaultShipping?: boolean | null;
  defaultBilling?: boolean | null;
}

function parseLabel(raw: string | null | undefined, field: string): string | null {
  const label = raw?.trim() ?? '';
  if (label.length === 0) return null;
  if (label.length > 100) throw checkoutError(CheckoutErrors.ADDRESS_INVALID, `${field} is longer than 100 characters.`, { field });
  return label;
}

/** Everything an address write needs, checked before any transaction: bad input writes nothing. */
function prepare(input: CustomerAddressInput): { address: Address; label: string | null } {
  return { address: parseAddress(input as Record<string, unknown>, 'input'), label: parseLabel(input.label, 'input.label') };
}

function addressOf(row: CustomerAddressRow): Address {
  return { name: row.name, line1: row.line1, line2: row.line2, city: row.city, postalCode: row.postalCode, country: row.country, phone: row.phone };
}

/**
 * The signed-in customer's address book. The GraphQL rule
 * (`commerce.customer.self`, held by the customer role) has let the caller
 * in; this service scopes every read and write to the caller's own user id.
 * Writes of one customer are serialized (CustomerAddressRepository.lockBook)
 * and each is one transaction, so a limit or a default never half-applies.
 */
export class CustomerAddressService {
  constructor(private readonly deps: { addresses: CustomerAddressRepository; transactions: Transactions }) {}

  list(caller: Caller): Promise<CustomerAddressRow[]> {
    const customerId = customerIdOf(caller);
    if (customerId === null) return Promise.resolve([]);
    return this.deps.transactions.inTenant(caller.tenantId, (t) => this.deps.addresses.list(customerId, t));
  }

  add(caller: Caller, input: CustomerAddressInput): Promise<CustomerAddressRow> {
    const customerId = requireCustomer(caller);
    const { address, label } = prepare(input);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      await this.deps.addresses.lockBook(customerId, t);
      const book = await this.deps.addresses.summary(customerId, t);
      if (book.count >= MAX_ADDRESSES_PER_CUSTOMER) {
        throw checkoutError(CheckoutErrors.ADDRESS_BOOK_FULL, `An address book holds at most ${MAX_ADDRESSES_PER_CUSTOMER} addresses.`, { field: 'input', fix: 'Remove an address you no longer use.' });
      }
      // The first address (or the first after the defaults were removed) becomes the default, unless told otherwise.
      const isDefaultShipping = input.defaultShipping ?? !book.hasDefaultShipping;
      const isDefaultBilling = input.defaultBilling ?? !book.hasDefaultBilling;
      if (isDefaultShipping && book.hasDefaultShipping) await this.deps.addresses.clearDefault(customerId, 'shipping', null, t);
      if (isDefaultBilling && book.hasDefaultBilling) await this.deps.addresses.clearDefault(customerId, 'billing', null, t);
      return this.deps.addresses.insert(customerId, { id: uuidv7(), label, ...address, isDefaultShipping, isDefaultBilling }, t);
    });
  }

  /** Replaces an address's fields; `defaultShipping`/`defaultBilling` move the defaults when given. */
  update(caller: Caller, id: string, input: CustomerAddressInput): Promise<CustomerAddressRow> {
    const customerId = requireCustomer(caller);
    const { address, label } = prepare(input);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      await this.deps.addresses.lockBook(customerId, t);
      if ((await this.deps.addresses.update(customerId, id, { ...address, label }, t)) === null) throw notFound('id');
      for (const [kind, wanted] of [['shipping', input.defaultShipping], ['billing', input.defaultBilling]] as const) {
        if (wanted === true) await this.makeDefault(customerId, id, kind, t);
        else if (wanted === false) await this.deps.addresses.unsetDefault(customerId, id, kind, t);
      }
      return (await this.deps.addresses.get(customerId, id, t)) as CustomerAddressRow;
    });
  }

  /** Removes an address; a removed default leaves the customer without one of that kind (none is picked for them). */
  remove(caller: Caller, id: string): Promise<boolean> {
    const customerId = requireCustomer(caller);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      await this.deps.addresses.lockBook(customerId, t);
      if (!(await this.deps.addresses.delete(customerId, id, t))) throw notFound('id');
      return true;
    });
  }

  /** Makes an address the default of `kind`; answers the whole book, since two addresses changed. */
  setDefault(caller: Caller, id: string, kind: AddressKind): Promise<CustomerAddressRow[]> {
    const customerId = requireCustomer(caller);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      await this.deps.addresses.lockBook(customerId, t);
      if ((await this.deps.addresses.get(customerId, id, t)) === null) throw notFound('id');
      await this.makeDefault(customerId, id, kind, t);
      return this.deps.addresses.list(customerId, t);
    });
  }

  /**
   * A saved address of the caller, copied for a cart (a later edit of the
   * book does not change the cart, nor the order it becomes).
   */
  async saved(caller: Caller, id: string, field: string, t: Transaction): Promise<Address> {
    const customerId = customerIdOf(caller);
    if (customerId === null) throw checkoutError(CheckoutErrors.CUSTOMER_REQUIRED, 'Saved addresses belong to signed-in customers.', { field, fix: 'Sign in, or send the address itself.' });
    const row = await this.deps.addresses.get(customerId, id, t);
    if (row === null) throw notFound(field);
    return addressOf(row);
  }

  private async makeDefault(customerId: string, id: string, kind: AddressKind, t: Transaction): Promise<void> {
    await this.deps.addresses.clearDefault(customerId, kind, id, t);
    await this.deps.addresses.setDefault(customerId, id, kind, t);
  }
}

function requireCustomer(caller: Caller): string {
  const customerId = customerIdOf(caller);
  if (customerId === null) throw checkoutError(CheckoutErrors.CUSTOMER_REQUIRED, 'Only a signed-in customer has an address book.', { fix: 'Sign in as a customer (an API token or the operator has none).' });
  return customerId;
}

function notFound(field: string) {
  return checkoutError(CheckoutErrors.ADDRESS_NOT_FOUND, 'You have no saved address with this id.', { field });
}
