import type { Transaction } from 'sequelize';
import { uuidv7 } from '@rustok/contracts';
import type { InventoryService, StockLine } from '../../services/inventory';
import type { Address } from '../domain/inputs';
import { CheckoutErrors, checkoutError } from '../errors';
import type { CartRepository } from '../repositories/carts';
import type { NewOrderLine, OrderRepository, OrderRow } from '../repositories/orders';
import type { PromotionRepository } from '../repositories/promotions';
import type { RegionRepository, RegionRow } from '../repositories/regions';
import type { Caller } from './caller';
import { customerIdOf } from './caller';
import { priceCart } from './carts';
import type { Idempotent } from './idempotent';
import type { OrderEvents } from './order-events';
import type { PromotionService } from './promotions';

/**
 * Checkout: a cart becomes an order in one transaction — stock reserved,
 * promotion uses taken, the order with its number, lines, first history
 * entry and `commerce.order.placed@1` written — or nothing at all.
 *
 * Rows are locked in one fixed order by every checkout: the cart (its own),
 * stock levels in variant-id order (InventoryService.reserve), promotions in
 * id order, then the tenant's order counter. Every step is a conditional
 * UPDATE whose condition is the rule (available ≥ quantity, uses < limit),
 * never a read followed by a write, so concurrent checkouts cannot oversell
 * or overuse; and no payment provider is called while these locks are held
 * (payments come after, see PaymentService).
 */
export class CheckoutService {
  constructor(
    private readonly deps: {
      carts: CartRepository;
      regions: RegionRepository;
      promotions: PromotionRepository;
      promotionService: PromotionService;
      orders: OrderRepository;
      inventory: InventoryService;
      events: OrderEvents;
      idempotent: Idempotent;
    },
  ) {}

  checkout(caller: Caller, token: string, idempotencyKey: string | null | undefined): Promise<OrderRow> {
    return this.deps.idempotent.run(caller, idempotencyKey, {
      name: 'checkout',
      input: { token },
      work: (t) => this.placeOrder(caller, token, t),
      remember: (order) => ({ orderId: order.id }),
      replay: async (remembered, t) => (await this.deps.orders.get((remembered as { orderId: string }).orderId, t)) as OrderRow,
    });
  }

  private async placeOrder(caller: Caller, token: string, t: Transaction): Promise<OrderRow> {
    // One statement finds and closes the cart (the lookup that tells the two refusals apart runs only when refused).
    const cart = await this.deps.carts.completeByToken(token, t);
    if (cart === null) {
      if ((await this.deps.carts.byToken(token, t)) === null) throw checkoutError(CheckoutErrors.CART_NOT_FOUND, 'No cart has this token.', { field: 'cartToken' });
      throw checkoutError(CheckoutErrors.CART_COMPLETED, 'This cart was already checked out.', { field: 'cartToken', fix: 'Look the order up, or create a new cart.' });
    }
    if (cart.email === null) throw checkoutError(CheckoutErrors.EMAIL_REQUIRED, 'Checkout needs an e-mail address.', { field: 'email', fix: 'Call commerceSetShippingAddress with email.' });
    if (cart.shippingAddress === null) throw checkoutError(CheckoutErrors.SHIPPING_ADDRESS_REQUIRED, 'Checkout needs a shipping address.', { field: 'shippingAddress', fix: 'Call commerceSetShippingAddress first.' });
    if (cart.shippingOptionId === null) throw checkoutError(CheckoutErrors.SHIPPING_OPTION_REQUIRED, 'Checkout needs a shipping option.', { field: 'shippingOption', fix: 'Call commerceSetShippingOption first.' });
    const [region, lines, shippingOption] = [
      (await this.deps.regions.get(cart.regionId, t)) as RegionRow,
      await this.deps.carts.lines(cart.id, caller.locale, t),
      await this.deps.regions.option(cart.shippingOptionId, t),
    ];
    if (lines.length === 0) throw checkoutError(CheckoutErrors.CART_EMPTY, 'The cart has no lines.', { field: 'cartToken' });
    if (shippingOption === null || !shippingOption.active) throw checkoutError(CheckoutErrors.SHIPPING_OPTION_NOT_FOUND, 'The chosen shipping option is no longer offered.', { field: 'shippingOption' });
    const promotions = await this.deps.promotionService.forCart(cart.promotionCodes, cart.currency, 'promotionCodes', t);
    const totals = priceCart(region, lines, shippingOption, promotions);

    const orderId = uuidv7();
    const reserved: StockLine[] = lines.filter((line) => line.inventoryPolicy === 'deny').map((line) => ({ variantId: line.variantId, quantity: line.quantity }));
    if (reserved.length > 0) await this.deps.inventory.reserve(caller.tenantId, reserved, `order:${orderId}`, t);

    const customerId = customerIdOf(caller) ?? cart.customerId;
    const customerKey = customerId ?? cart.email;
    for (const promotion of promotions) {
      if (!(await this.deps.promotions.takeUse(promotion.id, t))) {
        throw checkoutError(CheckoutErrors.PROMOTION_EXHAUSTED, `Promotion ${promotion.code ?? promotion.id} has no uses left.`, { field: 'promotionCodes', details: { promotionCode: promotion.code } });
      }
      if (promotion.perCustomerLimit !== null && !(await this.deps.promotions.takeCustomerUse(promotion.id, customerKey, promotion.perCustomerLimit, t))) {
        throw checkoutError(CheckoutErrors.PROMOTION_CUSTOMER_LIMIT_REACHED, `You have used promotion ${promotion.code ?? promotion.id} as often as you may.`, { field: 'promotionCodes', details: { promotionCode: promotion.code } });
      }
    }

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
    // The order, its lines and its first history entry in one statement (OrderRepository.place).
    const order = await this.deps.orders.place(
      {
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
      orderLines,
      { id: uuidv7(), actorKind: caller.actorKind, actorId: caller.actorId, reason: 'placed at checkout' },
      t,
    );
    await this.deps.events.placed(caller.tenantId, order, orderLines, t);
    return order;
  }
}
