import type { Transaction } from 'sequelize';
import { type EventsFacade, uuidv7 } from '@rustok/contracts';
import { stockChangeEvents } from '../../services/catalog-events';
import type { Address } from '../domain/inputs';
import { CheckoutErrors, checkoutError } from '../errors';
import type { CheckoutRepository, Placed, Reservation } from '../repositories/checkout';
import type { NewOrderLine, OrderRepository, OrderRow } from '../repositories/orders';
import type { Caller } from './caller';
import { customerIdOf } from './caller';
import { priceCart } from './carts';
import type { ClaimOutcome, KeyClaim } from '../repositories/idempotency';
import type { Idempotent } from './idempotent';
import { placedEvent } from './order-events';
import { choosePromotions } from './promotions';

/**
 * Checkout: a cart becomes an order in one transaction — stock reserved,
 * promotion uses taken, the order with its number, lines, first history
 * entry and `commerce.order.placed@1` written — or nothing at all.
 *
 * Rows are locked in one fixed order by every checkout: the cart (its own),
 * stock levels in variant-id order, promotions in id order, then the
 * tenant's order counter (CheckoutRepository.place). Every step is a conditional
 * UPDATE whose condition is the rule (available ≥ quantity, uses < limit),
 * never a read followed by a write, so concurrent checkouts cannot oversell
 * or overuse; and no payment provider is called while these locks are held
 * (payments come after, see PaymentService).
 */
export class CheckoutService {
  constructor(
    private readonly deps: {
      checkouts: CheckoutRepository;
      orders: OrderRepository;
      /** The reservations' stock events (the catalog's own payloads) and the order's, written in one statement. */
      events: Pick<EventsFacade, 'emitAll'>;
      idempotent: Idempotent;
    },
  ) {}

  checkout(caller: Caller, token: string, idempotencyKey: string | null | undefined): Promise<OrderRow> {
    // The order's id is chosen first so the key's answer is stored with its claim (no write after the work).
    const orderId = uuidv7();
    return this.deps.idempotent.runClaiming(caller, idempotencyKey, {
      name: 'checkout',
      input: { token },
      work: (t, claim) => this.placeOrder(caller, token, orderId, claim, t),
      answer: { orderId },
      replay: async (remembered, t) => (await this.deps.orders.get((remembered as { orderId: string }).orderId, t)) as OrderRow,
    });
  }

  /**
   * Three statements besides the transaction's own: claim, close and read;
   * place; the events (stock changes of every reserved variant and the order's).
   */
  private async placeOrder(caller: Caller, token: string, orderId: string, claim: KeyClaim | null, t: Transaction): Promise<(ClaimOutcome & { keyClaimed: true; result: OrderRow }) | (ClaimOutcome & { keyClaimed: false })> {
    const closed = await this.deps.checkouts.close(token, caller.locale, claim, t);
    if (!closed.keyClaimed) return { keyClaimed: false, pruneDueAt: closed.pruneDueAt };
    if (closed.cart === null) {
      if (!closed.exists) throw checkoutError(CheckoutErrors.CART_NOT_FOUND, 'No cart has this token.', { field: 'cartToken' });
      throw checkoutError(CheckoutErrors.CART_COMPLETED, 'This cart was already checked out.', { field: 'cartToken', fix: 'Look the order up, or create a new cart.' });
    }
    const { cart, parts } = closed;
    const { region, lines } = parts;
    if (cart.email === null) throw checkoutError(CheckoutErrors.EMAIL_REQUIRED, 'Checkout needs an e-mail address.', { field: 'email', fix: 'Call commerceSetShippingAddress with email.' });
    if (cart.shippingAddress === null) throw checkoutError(CheckoutErrors.SHIPPING_ADDRESS_REQUIRED, 'Checkout needs a shipping address.', { field: 'shippingAddress', fix: 'Call commerceSetShippingAddress first.' });
    if (cart.shippingOptionId === null) throw checkoutError(CheckoutErrors.SHIPPING_OPTION_REQUIRED, 'Checkout needs a shipping option.', { field: 'shippingOption', fix: 'Call commerceSetShippingOption first.' });
    if (lines.length === 0) throw checkoutError(CheckoutErrors.CART_EMPTY, 'The cart has no lines.', { field: 'cartToken' });
    const shippingOption = parts.shippingOption;
    if (shippingOption === null || !shippingOption.active) throw checkoutError(CheckoutErrors.SHIPPING_OPTION_NOT_FOUND, 'The chosen shipping option is no longer offered.', { field: 'shippingOption' });
    const promotions = choosePromotions(cart.promotionCodes, parts.promotions, cart.currency, 'promotionCodes');
    const totals = priceCart(region, lines, shippingOption, promotions);

    // One reservation per variant, in variant-id order: the order every checkout locks stock levels in.
    const quantities = new Map<string, number>();
    for (const line of lines) if (line.inventoryPolicy === 'deny') quantities.set(line.variantId, (quantities.get(line.variantId) ?? 0) + line.quantity);
    const reservations: Reservation[] = [...quantities.keys()].sort().map((variantId) => ({ variantId, quantity: quantities.get(variantId) as number, adjustmentId: uuidv7() }));

    const customerId = customerIdOf(caller) ?? cart.customerId;
    const orderLines: Array<NewOrderLine & { id: string }> = lines.map((line, index) => {
      const lineTotals = totals.lines[index] as { subtotal: bigint; discount: bigint; tax: bigint };
      return {
        id: uuidv7(),
        variantId: line.variantId,
        productId: line.productId,
        sku: line.sku,
        title: line.title,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        subtotal: lineTotals.subtotal.toString(),
        discount: lineTotals.discount.toString(),
        tax: lineTotals.tax.toString(),
        reserved: line.inventoryPolicy === 'deny',
      };
    });
    const reference = `order:${orderId}`;
    const placed = await this.deps.checkouts.place(
      {
        order: {
          id: orderId,
          cartId: cart.id,
          customerId,
          email: cart.email,
          regionId: region.id,
          currency: cart.currency,
          subtotal: totals.subtotal.toString(),
          discount: totals.discount.toString(),
          shipping: totals.shipping.toString(),
          tax: totals.tax.toString(),
          total: totals.total.toString(),
          taxRateBp: region.taxRateBp,
          pricesIncludeTax: region.pricesIncludeTax,
          shippingAddress: cart.shippingAddress as Address,
          billingAddress: cart.billingAddress,
          shippingOption: { id: shippingOption.id, name: shippingOption.name, amount: totals.shipping.toString() },
          promotions: totals.promotions.map((p) => ({ id: p.id, code: p.code, kind: p.kind, amount: p.amount.toString() })),
        },
        lines: orderLines,
        first: { id: uuidv7(), actorKind: caller.actorKind, actorId: caller.actorId, reason: 'placed at checkout' },
        reservations,
        reference,
        promotions: promotions.map((p) => ({ id: p.id, perCustomerLimit: p.perCustomerLimit })),
        customerKey: customerId ?? cart.email,
      },
      t,
    );
    const order = placed.order ?? refusal(placed, reservations, promotions);
    await this.deps.events.emitAll(
      [...placed.reserved.flatMap((change) => stockChangeEvents(caller.tenantId, change, { id: change.adjustmentId, reason: 'reserved', reference })), placedEvent(caller.tenantId, order, orderLines)],
      { transaction: t },
    );
    return { keyClaimed: true, pruneDueAt: closed.pruneDueAt, result: order };
  }
}

/** Why a placement was refused: the first condition that did not hold, in the order they are taken. */
function refusal(placed: Placed, reservations: readonly Reservation[], promotions: ReadonlyArray<{ id: string; code: string | null; perCustomerLimit: number | null }>): never {
  for (const { variantId, quantity } of reservations) {
    if (!placed.stocked.includes(variantId)) throw checkoutError(CheckoutErrors.VARIANT_NOT_FOUND, 'No such variant.', { field: 'cartToken', details: { variantId } });
    if (!placed.reserved.some((r) => r.variantId === variantId)) {
      throw checkoutError(CheckoutErrors.STOCK_INSUFFICIENT, `Not enough stock of variant ${variantId} to reserve ${quantity}.`, { details: { variantId, quantity } });
    }
  }
  for (const promotion of promotions) {
    if (!placed.taken.includes(promotion.id)) {
      throw checkoutError(CheckoutErrors.PROMOTION_EXHAUSTED, `Promotion ${promotion.code ?? promotion.id} has no uses left.`, { field: 'promotionCodes', details: { promotionCode: promotion.code } });
    }
    if (promotion.perCustomerLimit !== null && !placed.customerTaken.includes(promotion.id)) {
      throw checkoutError(CheckoutErrors.PROMOTION_CUSTOMER_LIMIT_REACHED, `You have used promotion ${promotion.code ?? promotion.id} as often as you may.`, { field: 'promotionCodes', details: { promotionCode: promotion.code } });
    }
  }
  throw new Error('An order placement was refused by none of its conditions.');
}
