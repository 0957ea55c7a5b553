import { randomBytes } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { uuidv7 } from '@rustok/contracts';
import type { Transactions } from '../../services/transactions';
import { parseAddress, parseEmail, parseQuantity, type Address } from '../domain/inputs';
import { computeTotals, type Totals } from '../domain/totals';
import { CheckoutErrors, checkoutError } from '../errors';
import type { CartLineRow, CartParts, CartRepository, CartRow } from '../repositories/carts';
import type { PromotionRepository, PromotionRow } from '../repositories/promotions';
import type { RegionRepository, RegionRow, ShippingOptionRow } from '../repositories/regions';
import type { CustomerAddressService } from './addresses';
import type { Caller } from './caller';
import { customerIdOf } from './caller';
import type { Idempotent } from './idempotent';
import { choosePromotions, normalizeCode, pricingPromotion, promotionProblem } from './promotions';

/** A cart with everything shown of it: lines, region, chosen shipping and computed totals. */
export interface CartView {
  cart: CartRow;
  region: RegionRow;
  lines: CartLineRow[];
  shippingOption: ShippingOptionRow | null;
  promotions: PromotionRow[];
  totals: Totals;
}

export interface CreateCartInput {
  regionId: string;
  currency?: string | null;
  email?: string | null;
}

export interface AddressesInput {
  email?: string | null;
  /** The address itself, or `shippingAddressId`: one of a signed-in customer's saved addresses. Exactly one of the two. */
  shippingAddress?: Record<string, unknown> | null;
  shippingAddressId?: string | null;
  /** At most one of the two; neither means no separate billing address. */
  billingAddress?: Record<string, unknown> | null;
  billingAddressId?: string | null;
}

/** An address as given: written out (already checked) or a saved one to look up. */
type GivenAddress = { address: Address } | { savedId: string; field: string } | null;

function givenAddress(written: Record<string, unknown> | null | undefined, savedId: string | null | undefined, field: string, required: boolean): GivenAddress {
  if (written != null && savedId != null) throw checkoutError(CheckoutErrors.INPUT_INVALID, `Send ${field} or ${field}Id, not both.`, { field: `${field}Id` });
  if (savedId != null) return { savedId, field: `${field}Id` };
  if (written != null) return { address: parseAddress(written, field) };
  if (required) throw checkoutError(CheckoutErrors.SHIPPING_ADDRESS_REQUIRED, `Send ${field}, or ${field}Id for a saved address.`, { field });
  return null;
}

/**
 * Carts. A guest holds a cart by its token; a signed-in customer's cart is
 * also tied to their user id. Unit prices are snapshotted when a line is
 * added, so a price change does not move an item's price under the shopper.
 */
export class CartService {
  constructor(
    private readonly deps: {
      carts: CartRepository;
      regions: RegionRepository;
      promotions: PromotionRepository;
      addresses: CustomerAddressService;
      idempotent: Idempotent;
      transactions: Transactions;
      maxLineQuantity: number;
    },
  ) {}

  create(caller: Caller, input: CreateCartInput, idempotencyKey: string | null | undefined): Promise<CartView> {
    const email = input.email == null ? null : parseEmail(input.email, 'input.email');
    return this.deps.idempotent.run(caller, idempotencyKey, {
      name: 'createCart',
      input: { regionId: input.regionId, currency: input.currency ?? null, email },
      work: async (t) => {
        const region = await this.deps.regions.get(input.regionId, t);
        if (region === null) throw checkoutError(CheckoutErrors.REGION_NOT_FOUND, 'No such region.', { field: 'input.regionId' });
        if (input.currency != null && input.currency.trim().toUpperCase() !== region.currency) {
          throw checkoutError(CheckoutErrors.CURRENCY_MISMATCH, `Region ${region.name} sells in ${region.currency}, not ${input.currency}.`, { field: 'input.currency', fix: `Leave currency out, or send ${region.currency}.` });
        }
        const cart = await this.deps.carts.create({ id: uuidv7(), token: randomBytes(32).toString('base64url'), customerId: customerIdOf(caller), regionId: region.id, currency: region.currency, email }, t);
        return this.view(cart, caller.locale, t);
      },
      remember: (view) => ({ cartId: view.cart.id }),
      replay: (remembered, t) => this.viewById((remembered as { cartId: string }).cartId, caller.locale, t),
    });
  }

  get(caller: Caller, token: string): Promise<CartView | null> {
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.deps.carts.byToken(token, t);
      return cart === null ? null : this.view(cart, caller.locale, t);
    });
  }

  addLine(caller: Caller, token: string, input: { variantId: string; quantity: number }, idempotencyKey: string | null | undefined): Promise<CartView> {
    const quantity = parseQuantity(input.quantity, this.deps.maxLineQuantity, 'input.quantity');
    return this.deps.idempotent.run(caller, idempotencyKey, {
      name: 'addToCart',
      input: { token, variantId: input.variantId, quantity },
      // One statement besides the transaction's own (CartRepository.addLineByToken).
      work: async (t) => {
        const added = await this.deps.carts.addLineByToken(token, { id: uuidv7(), variantId: input.variantId, quantity }, caller.locale, t);
        if (added.cart === null) throw cartRefusal(added.cartExists);
        if (!added.added) {
          const { variant } = added;
          if (variant === null) throw checkoutError(CheckoutErrors.VARIANT_NOT_FOUND, 'No such variant.', { field: 'input.variantId' });
          if (variant.status !== 'active' || !variant.published) throw checkoutError(CheckoutErrors.VARIANT_NOT_FOR_SALE, 'This variant belongs to a product that is not for sale.', { field: 'input.variantId' });
          throw checkoutError(CheckoutErrors.PRICE_MISSING, `This variant has no price in ${added.cart.currency}.`, { field: 'input.variantId' });
        }
        return viewOf(added.cart, added.parts);
      },
      remember: (view) => ({ cartId: view.cart.id }),
      replay: (remembered, t) => this.viewById((remembered as { cartId: string }).cartId, caller.locale, t),
    });
  }

  updateLine(caller: Caller, token: string, lineId: string, quantity: number): Promise<CartView> {
    const checked = parseQuantity(quantity, this.deps.maxLineQuantity, 'quantity');
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.openCart(token, t);
      if (!(await this.deps.carts.setLineQuantity(cart.id, lineId, checked, t))) throw checkoutError(CheckoutErrors.CART_LINE_NOT_FOUND, 'The cart has no such line.', { field: 'lineId' });
      return this.view(cart, caller.locale, t);
    });
  }

  removeLine(caller: Caller, token: string, lineId: string): Promise<CartView> {
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.openCart(token, t);
      if (!(await this.deps.carts.removeLine(cart.id, lineId, t))) throw checkoutError(CheckoutErrors.CART_LINE_NOT_FOUND, 'The cart has no such line.', { field: 'lineId' });
      return this.view(cart, caller.locale, t);
    });
  }

  applyPromotion(caller: Caller, token: string, rawCode: string): Promise<CartView> {
    const code = normalizeCode(rawCode);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.openCart(token, t);
      const [promotion] = await this.deps.promotions.byCodes([code], t);
      if (promotion === undefined) throw checkoutError(CheckoutErrors.PROMOTION_NOT_FOUND, `No promotion has the code ${rawCode}.`, { field: 'code' });
      const problem = promotionProblem(promotion, cart.currency, new Date());
      if (problem !== null) throw checkoutError(problem.code, problem.message, { field: 'code' });
      const customerKey = customerIdOf(caller) ?? cart.customerId ?? cart.email;
      if (promotion.perCustomerLimit !== null && customerKey !== null && (await this.deps.promotions.customerUses(promotion.id, customerKey, t)) >= promotion.perCustomerLimit) {
        throw checkoutError(CheckoutErrors.PROMOTION_CUSTOMER_LIMIT_REACHED, 'You have used this promotion as often as you may.', { field: 'code' });
      }
      const codes = cart.promotionCodes.includes(code) ? cart.promotionCodes : [...cart.promotionCodes, code];
      return this.view(await this.update(cart.id, { promotionCodes: codes }, t), caller.locale, t);
    });
  }

  removePromotion(caller: Caller, token: string, rawCode: string): Promise<CartView> {
    const code = normalizeCode(rawCode);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.openCart(token, t);
      return this.view(await this.update(cart.id, { promotionCodes: cart.promotionCodes.filter((c) => c !== code) }, t), caller.locale, t);
    });
  }

  /**
   * Sets the cart's e-mail and addresses. A saved address (by id) is copied
   * into the cart, so editing the address book later changes neither the
   * cart nor the order it becomes.
   */
  setAddresses(caller: Caller, token: string, input: AddressesInput): Promise<CartView> {
    const email = input.email == null ? undefined : parseEmail(input.email, 'input.email');
    const shipping = givenAddress(input.shippingAddress, input.shippingAddressId, 'input.shippingAddress', true) as NonNullable<GivenAddress>;
    const billing = givenAddress(input.billingAddress, input.billingAddressId, 'input.billingAddress', false);
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.openCart(token, t);
      const resolve = async (given: NonNullable<GivenAddress>) => ('address' in given ? given.address : this.deps.addresses.saved(caller, given.savedId, given.field, t));
      const shippingAddress = await resolve(shipping);
      const billingAddress = billing === null ? null : await resolve(billing);
      const region = (await this.deps.regions.get(cart.regionId, t)) as RegionRow;
      if (region.countries.length > 0 && !region.countries.includes(shippingAddress.country)) {
        const field = 'address' in shipping ? 'input.shippingAddress.country' : 'input.shippingAddressId';
        throw checkoutError(CheckoutErrors.COUNTRY_NOT_IN_REGION, `Region ${region.name} ships to ${region.countries.join(', ')}, not ${shippingAddress.country}.`, { field });
      }
      const updated = await this.update(cart.id, { ...(email === undefined ? {} : { email }), shippingAddress, billingAddress }, t);
      return this.view(updated, caller.locale, t);
    });
  }

  setShippingOption(caller: Caller, token: string, optionId: string): Promise<CartView> {
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.openCart(token, t);
      const option = await this.deps.regions.option(optionId, t);
      if (option === null || option.regionId !== cart.regionId || !option.active) {
        throw checkoutError(CheckoutErrors.SHIPPING_OPTION_NOT_FOUND, "No active shipping option with this id in the cart's region.", { field: 'shippingOptionId' });
      }
      return this.view(await this.update(cart.id, { shippingOptionId: option.id }, t), caller.locale, t);
    });
  }

  shippingOptions(caller: Caller, token: string): Promise<ShippingOptionRow[]> {
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const cart = await this.deps.carts.byToken(token, t);
      if (cart === null) throw checkoutError(CheckoutErrors.CART_NOT_FOUND, 'No cart has this token.', { field: 'cartToken' });
      return this.deps.regions.options(cart.regionId, true, t);
    });
  }

  /**
   * On sign-in: the guest cart joins the customer. If the customer already
   * has an open cart, the guest's lines move into it and the guest cart is
   * closed as merged; otherwise the guest cart becomes the customer's.
   */
  merge(caller: Caller, token: string): Promise<CartView> {
    const customerId = customerIdOf(caller);
    if (customerId === null) throw checkoutError(CheckoutErrors.INPUT_INVALID, 'Only a signed-in customer can take over a cart.', { field: 'cartToken' });
    return this.deps.transactions.inTenant(caller.tenantId, async (t) => {
      const guest = await this.openCart(token, t);
      const existing = await this.deps.carts.openCartOf(customerId, t);
      if (existing === null || existing.id === guest.id || existing.regionId !== guest.regionId) {
        return this.view(await this.update(guest.id, { customerId }, t), caller.locale, t);
      }
      await this.deps.carts.moveLines(guest.id, existing.id, t);
      const codes = [...new Set([...existing.promotionCodes, ...guest.promotionCodes])];
      await this.update(guest.id, { status: 'merged' }, t);
      return this.view(await this.update(existing.id, { promotionCodes: codes }, t), caller.locale, t);
    });
  }

  /** The open cart a token names, locked for this transaction (CART_NOT_FOUND / CART_COMPLETED otherwise). */
  async openCart(token: string, t: Transaction): Promise<CartRow> {
    const cart = await this.deps.carts.byToken(token, t);
    if (cart === null || cart.status !== 'open' || !(await this.deps.carts.touchOpen(cart.id, t))) throw cartRefusal(cart !== null);
    return cart;
  }

  private async update(id: string, patch: Parameters<CartRepository['update']>[1], t: Transaction): Promise<CartRow> {
    const cart = await this.deps.carts.update(id, patch, t);
    if (cart === null) throw checkoutError(CheckoutErrors.CART_COMPLETED, 'This cart was checked out (or merged) and cannot change.', { field: 'cartToken' });
    return cart;
  }

  async viewById(cartId: string, locale: string, t: Transaction): Promise<CartView> {
    return this.view((await this.deps.carts.byId(cartId, t)) as CartRow, locale, t);
  }

  /** Prices a cart with the promotions that apply now (a code that stopped applying is left out, not an error); its parts in one statement. */
  async view(cart: CartRow, locale: string, t: Transaction): Promise<CartView> {
    return viewOf(cart, await this.deps.carts.parts(cart.id, locale, t));
  }
}

function viewOf(cart: CartRow, parts: CartParts): CartView {
  const promotions = choosePromotions(cart.promotionCodes, parts.promotions, cart.currency, null);
  return { cart, region: parts.region, lines: parts.lines, shippingOption: parts.shippingOption, promotions, totals: priceCart(parts.region, parts.lines, parts.shippingOption, promotions) };
}

/** No open cart has the token: unknown, or closed (checked out or merged). */
function cartRefusal(exists: boolean): Error {
  if (!exists) return checkoutError(CheckoutErrors.CART_NOT_FOUND, 'No cart has this token.', { field: 'cartToken' });
  return checkoutError(CheckoutErrors.CART_COMPLETED, 'This cart was checked out (or merged) and cannot change.', { field: 'cartToken', fix: 'Create a new cart.' });
}

export function priceCart(region: RegionRow, lines: readonly CartLineRow[], shippingOption: ShippingOptionRow | null, promotions: readonly PromotionRow[]): Totals {
  return computeTotals({
    lines: lines.map((line) => ({ unitAmount: BigInt(line.unitAmount), quantity: line.quantity, productId: line.productId, categoryIds: line.categoryIds })),
    promotions: promotions.map(pricingPromotion),
    shipping: shippingOption === null ? null : { amount: BigInt(shippingOption.amount), freeOver: shippingOption.freeOver === null ? null : BigInt(shippingOption.freeOver) },
    taxRateBp: region.taxRateBp,
    pricesIncludeTax: region.pricesIncludeTax,
  });
}

export type { Address };
