import { violatedConstraint } from '../../errors';
import { parseAmount, parseCurrency } from '../../domain/money';
import { uuidv7 } from '@rustok/contracts';
import type { Transactions } from '../../services/transactions';
import type { PricingPromotion, PromotionKind } from '../domain/totals';
import { CheckoutErrors, checkoutError, type CheckoutErrorCode } from '../errors';
import type { PromotionRepository, PromotionRow, PromotionWrite } from '../repositories/promotions';
import type { Caller } from './caller';

export interface PromotionInput {
  code?: string | null;
  automatic?: boolean | null;
  kind: PromotionKind;
  /** Basis points for percentage (1000 = 10 %), minor units for fixed. */
  value?: string | null;
  currency?: string | null;
  productIds?: string[] | null;
  categoryIds?: string[] | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
  active?: boolean | null;
}

export function normalizeCode(raw: string): string {
  return raw.trim().toUpperCase();
}

function invalid(message: string, field: string): never {
  throw checkoutError(CheckoutErrors.PROMOTION_INVALID, message, { field });
}

function limit(value: number | null | undefined, field: string): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 1) invalid(`${field} must be a whole number of at least 1, or null for no limit.`, field);
  return value;
}

/** Checks a promotion's input; every problem names its field. */
export function preparePromotion(id: string, input: PromotionInput): PromotionWrite {
  const automatic = input.automatic ?? false;
  let code: string | null = null;
  if (!automatic) {
    code = normalizeCode(input.code ?? '');
    if (!/^[A-Z0-9][A-Z0-9_-]{1,63}$/.test(code)) invalid('A code is 2 to 64 letters, digits, _ or -; or set automatic: true for a promotion without one.', 'input.code');
  } else if (input.code != null) invalid('An automatic promotion has no code.', 'input.code');
  let value = 0n;
  let currency: string | null = null;
  if (input.kind === 'percentage') {
    value = parseAmount(input.value ?? '', 'input.value');
    if (value < 1n || value > 10_000n) invalid('A percentage is basis points from 1 to 10000 (1000 = 10 %).', 'input.value');
  } else if (input.kind === 'fixed') {
    value = parseAmount(input.value ?? '', 'input.value');
    if (value < 1n) invalid('A fixed amount off is at least 1 minor unit.', 'input.value');
    currency = parseCurrency(input.currency ?? '', 'input.currency');
  }
  const startsAt = input.startsAt ?? null;
  const endsAt = input.endsAt ?? null;
  if (startsAt !== null && endsAt !== null && startsAt >= endsAt) invalid('endsAt must be after startsAt.', 'input.endsAt');
  return {
    id,
    code,
    automatic,
    kind: input.kind,
    value: value.toString(),
    currency,
    productIds: input.productIds ?? [],
    categoryIds: input.categoryIds ?? [],
    startsAt,
    endsAt,
    usageLimit: limit(input.usageLimit, 'input.usageLimit'),
    perCustomerLimit: limit(input.perCustomerLimit, 'input.perCustomerLimit'),
    active: input.active ?? true,
  };
}

/** Why a promotion cannot apply to a cart in `currency` now, or null when it can. */
export function promotionProblem(p: PromotionRow, currency: string, now: Date): { code: CheckoutErrorCode; message: string } | null {
  if (!p.active) return { code: CheckoutErrors.PROMOTION_NOT_FOUND, message: 'This promotion is not active.' };
  if (p.startsAt !== null && new Date(p.startsAt) > now) return { code: CheckoutErrors.PROMOTION_NOT_STARTED, message: `This promotion starts at ${new Date(p.startsAt).toISOString()}.` };
  if (p.endsAt !== null && new Date(p.endsAt) <= now) return { code: CheckoutErrors.PROMOTION_EXPIRED, message: `This promotion ended at ${new Date(p.endsAt).toISOString()}.` };
  if (p.usageLimit !== null && p.usedCount >= p.usageLimit) return { code: CheckoutErrors.PROMOTION_EXHAUSTED, message: 'This promotion has been used as often as it may be.' };
  if (p.kind === 'fixed' && p.currency !== currency) return { code: CheckoutErrors.CURRENCY_MISMATCH, message: `This promotion is an amount in ${p.currency}; the cart is in ${currency}.` };
  return null;
}

export function pricingPromotion(p: PromotionRow): PricingPromotion {
  return { id: p.id, code: p.code, kind: p.kind, value: BigInt(p.value), productIds: p.productIds, categoryIds: p.categoryIds };
}

/** Promotions CRUD for admins, and what carts and checkout need of them. */
export class PromotionService {
  constructor(private readonly deps: { promotions: PromotionRepository; transactions: Transactions }) {}

  create(caller: Caller, input: PromotionInput): Promise<PromotionRow> {
    const promotion = preparePromotion(uuidv7(), input);
    return this.deps.transactions.inTenant(caller.tenantId, (t) => this.write(() => this.deps.promotions.create(promotion, t)));
  }

  update(caller: Caller, id: string, input: PromotionInput): Promise<PromotionRow> {
    const promotion = preparePromotion(id, input);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const updated = await this.write(() => this.deps.promotions.update(promotion, t));
      if (updated === null) throw checkoutError(CheckoutErrors.PROMOTION_NOT_FOUND, 'No such promotion.', { field: 'id' });
      return updated;
    });
  }

  delete(caller: Caller, id: string): Promise<boolean> {
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      if (!(await this.deps.promotions.delete(id, t))) throw checkoutError(CheckoutErrors.PROMOTION_NOT_FOUND, 'No such promotion.', { field: 'id' });
      return true;
    });
  }

  list(caller: Caller): Promise<PromotionRow[]> {
    return this.deps.transactions.inTenant(caller.tenantId, (t) => this.deps.promotions.list(t));
  }

  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (violatedConstraint(error) === 'promotions_tenant_code_key') throw checkoutError(CheckoutErrors.PROMOTION_CODE_TAKEN, 'Another promotion has this code.', { field: 'input.code' });
      throw error;
    }
  }
}

/**
 * The promotions a cart gets, from `candidates` (its codes' promotions and
 * the automatic ones, as `cartPartsSql` reads them): its codes that still
 * apply and the automatic ones running now, in id order (the order discounts
 * stack in). With `strict`, a code that stopped applying is an error naming
 * that field; without, it is left out.
 */
export function choosePromotions(codes: readonly string[], candidates: readonly PromotionRow[], currency: string, strict: string | null, now = new Date()): PromotionRow[] {
  const chosen: PromotionRow[] = [];
  for (const code of codes) {
    const promotion = candidates.find((p) => p.code === code);
    const problem = promotion === undefined ? { code: CheckoutErrors.PROMOTION_NOT_FOUND, message: `No promotion has the code ${code}.` } : promotionProblem(promotion, currency, now);
    if (problem !== null) {
      if (strict !== null) throw checkoutError(problem.code, problem.message, { field: strict, details: { promotionCode: code } });
      continue;
    }
    chosen.push(promotion as PromotionRow);
  }
  for (const promotion of candidates) {
    if (promotion.automatic && promotionProblem(promotion, currency, now) === null) chosen.push(promotion);
  }
  return chosen.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
