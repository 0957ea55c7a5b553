import { parseAmount, parseCurrency } from '../../domain/money';
import { uuidv7 } from '@rustok/contracts';
import type { Transactions } from '../../services/transactions';
import { parseCountry, parseTaxRate } from '../domain/inputs';
import { CheckoutErrors, checkoutError } from '../errors';
import type { RegionRepository, RegionRow, ShippingOptionRow } from '../repositories/regions';
import type { Caller } from './caller';

export interface RegionInput {
  name?: string | null;
  currency?: string | null;
  countries?: string[] | null;
  taxRateBp?: number | null;
  pricesIncludeTax?: boolean | null;
}

export interface ShippingOptionInput {
  name?: string | null;
  amount?: string | null;
  freeOver?: string | null;
  active?: boolean | null;
}

function name(raw: string | null | undefined, field: string): string {
  const value = (raw ?? '').trim();
  if (value.length === 0 || value.length > 200) throw checkoutError(CheckoutErrors.INPUT_INVALID, `${field} must be 1 to 200 characters.`, { field });
  return value;
}

function countries(raw: readonly string[]): string[] {
  return [...new Set(raw.map((country, index) => parseCountry(country, `input.countries[${index}]`)))].sort();
}

/** Regions (currency, countries, tax) and their shipping options: admin writes, storefront reads. */
export class RegionService {
  constructor(private readonly deps: { regions: RegionRepository; transactions: Transactions }) {}

  create(caller: Caller, input: RegionInput): Promise<RegionRow> {
    const region: RegionRow = {
      id: uuidv7(),
      name: name(input.name, 'input.name'),
      currency: parseCurrency(input.currency ?? '', 'input.currency'),
      countries: countries(input.countries ?? []),
      taxRateBp: parseTaxRate(input.taxRateBp ?? 0, 'input.taxRateBp'),
      pricesIncludeTax: input.pricesIncludeTax ?? false,
    };
    return this.deps.transactions.inTenant(caller.tenantId, (t) => this.deps.regions.create(region, t));
  }

  update(caller: Caller, id: string, input: RegionInput): Promise<RegionRow> {
    if (input.currency != null) throw checkoutError(CheckoutErrors.INPUT_INVALID, "A region's currency cannot change: carts and orders are priced in it.", { field: 'input.currency', fix: 'Create a new region.' });
    const patch = {
      ...(input.name == null ? {} : { name: name(input.name, 'input.name') }),
      ...(input.countries == null ? {} : { countries: countries(input.countries) }),
      ...(input.taxRateBp == null ? {} : { taxRateBp: parseTaxRate(input.taxRateBp, 'input.taxRateBp') }),
      ...(input.pricesIncludeTax == null ? {} : { pricesIncludeTax: input.pricesIncludeTax }),
    };
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const region = await this.deps.regions.update(id, patch, t);
      if (region === null) throw checkoutError(CheckoutErrors.REGION_NOT_FOUND, 'No such region.', { field: 'id' });
      return region;
    });
  }

  list(caller: Caller): Promise<RegionRow[]> {
    return this.deps.transactions.inTenant(caller.tenantId, (t) => this.deps.regions.list(t));
  }

  createOption(caller: Caller, regionId: string, input: ShippingOptionInput): Promise<ShippingOptionRow> {
    const option: ShippingOptionRow = {
      id: uuidv7(),
      regionId,
      name: name(input.name, 'input.name'),
      amount: parseAmount(input.amount ?? '', 'input.amount').toString(),
      freeOver: input.freeOver == null ? null : parseAmount(input.freeOver, 'input.freeOver').toString(),
      active: input.active ?? true,
    };
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      if ((await this.deps.regions.get(regionId, t)) === null) throw checkoutError(CheckoutErrors.REGION_NOT_FOUND, 'No such region.', { field: 'regionId' });
      return this.deps.regions.createOption(option, t);
    });
  }

  updateOption(caller: Caller, id: string, input: ShippingOptionInput): Promise<ShippingOptionRow> {
    const patch = {
      ...(input.name == null ? {} : { name: name(input.name, 'input.name') }),
      ...(input.amount == null ? {} : { amount: parseAmount(input.amount, 'input.amount').toString() }),
      ...(input.freeOver === undefined ? {} : { freeOver: input.freeOver === null ? null : parseAmount(input.freeOver, 'input.freeOver').toString() }),
      ...(input.active == null ? {} : { active: input.active }),
    };
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const option = await this.deps.regions.updateOption(id, patch, t);
      if (option === null) throw checkoutError(CheckoutErrors.SHIPPING_OPTION_NOT_FOUND, 'No such shipping option.', { field: 'id' });
      return option;
    });
  }

  options(caller: Caller, regionId: string, activeOnly: boolean): Promise<ShippingOptionRow[]> {
    return this.deps.transactions.inTenant(caller.tenantId, (t) => this.deps.regions.options(regionId, activeOnly, t));
  }
}
