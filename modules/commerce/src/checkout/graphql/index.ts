import { decodeCursor, encodeCursor, fromGlobalId, toGlobalId, type GraphQLExtension, type RequestContext, isUuid } from '@rustok/contracts';
import { money } from '../../domain/money';
import { tenantOf } from '../../graphql/request';
import { assertTransition, type OrderStatus } from '../domain/order-states';
import type { PromotionKind } from '../domain/totals';
import { CheckoutErrors, checkoutError } from '../errors';
import type { CustomerAddressRow } from '../repositories/addresses';
import type { OrderLineRow, OrderRow, OrderTransitionRow } from '../repositories/orders';
import type { PaymentRow } from '../repositories/payments';
import type { PromotionRow } from '../repositories/promotions';
import type { RegionRow, ShippingOptionRow } from '../repositories/regions';
import type { Caller } from '../services/caller';
import type { CustomerAddressInput } from '../services/addresses';
import type { CartView } from '../services/carts';
import type { CheckoutServices } from '../services';
import { checkoutTypeDefs } from './schema';

type IdType = 'CommerceCustomerAddress' | 'CommerceRegion' | 'CommerceShippingOption' | 'CommerceCartLine' | 'CommerceOrder' | 'CommercePromotion' | 'CommerceVariant' | 'CommerceProduct' | 'CommerceCategory';

function localId(globalId: string, typeName: IdType, field: string): string {
  const decoded = fromGlobalId(globalId);
  if (decoded === null || decoded.typeName !== typeName || !isUuid(decoded.localId)) throw checkoutError(CheckoutErrors.ID_INVALID, `"${globalId}" is not the id of a ${typeName}.`, { field });
  return decoded.localId;
}

const gid = (typeName: IdType, id: string) => toGlobalId(typeName, id);

function callerOf(context: RequestContext): Caller {
  const tenant = tenantOf(context);
  return { tenantId: tenant.id, actorId: context.actor?.id ?? null, actorKind: context.actor?.kind ?? 'guest', locale: context.locale ?? tenant.defaultLocale };
}

function date(raw: string | null | undefined, field: string): Date | null {
  if (raw == null) return null;
  const parsed = new Date(raw);
  if (Number.isNaN(parsed.getTime())) throw checkoutError(CheckoutErrors.INPUT_INVALID, `"${raw}" is not an ISO 8601 date-time.`, { field });
  return parsed;
}

function first(raw: number | null | undefined): number {
  const value = raw ?? 20;
  if (!Number.isInteger(value) || value < 1 || value > 100) throw checkoutError(CheckoutErrors.FIRST_INVALID, 'first is 1 to 100 (default 20).', { field: 'first' });
  return value;
}

function before(after: string | null | undefined): string | null {
  if (after == null) return null;
  const position = decodeCursor(after);
  if (position === null || typeof position.number !== 'string' || !/^\d{1,18}$/.test(position.number)) throw checkoutError(CheckoutErrors.CURSOR_INVALID, 'This cursor was not issued by this list.', { field: 'after' });
  return position.number;
}

const upper = (value: string) => value.toUpperCase();

function regionView(region: RegionRow) {
  return { ...region, region, id: gid('CommerceRegion', region.id) };
}

function optionView(option: ShippingOptionRow, currency: string) {
  return { id: gid('CommerceShippingOption', option.id), name: option.name, price: money(option.amount, currency), freeOver: option.freeOver === null ? null : money(option.freeOver, currency), active: option.active };
}

function cartView(view: CartView) {
  const { cart, totals } = view;
  const m = (amount: bigint | string) => money(amount, cart.currency);
  return {
    id: toGlobalId('CommerceCart', cart.id),
    token: cart.token,
    status: upper(cart.status),
    currency: cart.currency,
    email: cart.email,
    region: regionView(view.region),
    shippingAddress: cart.shippingAddress,
    billingAddress: cart.billingAddress,
    shippingOption: view.shippingOption === null ? null : optionView(view.shippingOption, cart.currency),
    promotionCodes: cart.promotionCodes,
    appliedPromotions: totals.promotions.map((p) => ({ code: p.code, kind: upper(p.kind), amount: m(p.amount) })),
    lines: view.lines.map((line, index) => {
      const t = totals.lines[index] as { subtotal: bigint; discount: bigint; tax: bigint };
      return { id: gid('CommerceCartLine', line.id), variantId: gid('CommerceVariant', line.variantId), sku: line.sku, title: line.title, quantity: line.quantity, unitPrice: m(line.unitAmount), subtotal: m(t.subtotal), discount: m(t.discount), tax: m(t.tax) };
    }),
    subtotal: m(totals.subtotal),
    discount: m(totals.discount),
    shipping: m(totals.shipping),
    tax: m(totals.tax),
    total: m(totals.total),
  };
}

function orderView(order: OrderRow) {
  const m = (amount: string) => money(amount, order.currency);
  return {
    row: order,
    id: gid('CommerceOrder', order.id),
    number: order.number,
    status: upper(order.status),
    email: order.email,
    currency: order.currency,
    subtotal: m(order.subtotal),
    discount: m(order.discount),
    shipping: m(order.shipping),
    tax: m(order.tax),
    total: m(order.total),
    taxRateBp: order.taxRateBp,
    pricesIncludeTax: order.pricesIncludeTax,
    shippingAddress: order.shippingAddress,
    billingAddress: order.billingAddress,
    shippingOptionName: order.shippingOption.name,
    appliedPromotions: order.promotions.map((p) => ({ code: p.code, kind: upper(p.kind), amount: m(p.amount) })),
    placedAt: new Date(order.placedAt).toISOString(),
  };
}

function orderLineView(line: OrderLineRow, currency: string) {
  const m = (amount: string) => money(amount, currency);
  return { id: toGlobalId('CommerceOrderLine', line.id), variantId: line.variantId === null ? null : gid('CommerceVariant', line.variantId), sku: line.sku, title: line.title, quantity: line.quantity, unitPrice: m(line.unitAmount), subtotal: m(line.subtotal), discount: m(line.discount), tax: m(line.tax) };
}

function transitionView(h: OrderTransitionRow) {
  return { from: h.fromStatus === null ? null : upper(h.fromStatus), to: upper(h.toStatus), actorKind: h.actorKind, actorId: h.actorId, reason: h.reason, at: new Date(h.createdAt).toISOString() };
}

function addressView(row: CustomerAddressRow) {
  return {
    id: gid('CommerceCustomerAddress', row.id),
    label: row.label,
    name: row.name,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    postalCode: row.postalCode,
    country: row.country,
    phone: row.phone,
    isDefaultShipping: row.isDefaultShipping,
    isDefaultBilling: row.isDefaultBilling,
  };
}

function paymentView(payment: PaymentRow) {
  return { id: toGlobalId('CommercePayment', payment.id), provider: payment.provider, status: upper(payment.status), amount: money(payment.amount, payment.currency), reference: payment.reference };
}

function promotionView(p: PromotionRow) {
  return {
    ...p,
    id: gid('CommercePromotion', p.id),
    kind: upper(p.kind),
    productIds: p.productIds.map((id) => gid('CommerceProduct', id)),
    categoryIds: p.categoryIds.map((id) => gid('CommerceCategory', id)),
    startsAt: p.startsAt === null ? null : new Date(p.startsAt).toISOString(),
    endsAt: p.endsAt === null ? null : new Date(p.endsAt).toISOString(),
  };
}

function connection(orders: OrderRow[], limit: number) {
  const page = orders.slice(0, limit);
  const edges = page.map((order) => ({ cursor: encodeCursor({ number: order.number }), node: orderView(order) }));
  return { edges, pageInfo: { hasNextPage: orders.length > limit, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null } };
}

interface PromotionArgs {
  code?: string | null;
  automatic?: boolean | null;
  kind: string;
  value?: string | null;
  currency?: string | null;
  productIds?: string[] | null;
  categoryIds?: string[] | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
  active?: boolean | null;
}

function promotionInput(input: PromotionArgs) {
  return {
    ...input,
    kind: input.kind.toLowerCase() as PromotionKind,
    productIds: (input.productIds ?? []).map((id, i) => localId(id, 'CommerceProduct', `input.productIds[${i}]`)),
    categoryIds: (input.categoryIds ?? []).map((id, i) => localId(id, 'CommerceCategory', `input.categoryIds[${i}]`)),
    startsAt: date(input.startsAt, 'input.startsAt'),
    endsAt: date(input.endsAt, 'input.endsAt'),
  };
}

/** GraphQL of carts, checkout and orders: resolvers turn arguments into service calls and rows into views. */
export function checkoutGraphQL(services: CheckoutServices): GraphQLExtension {
  const transition = (to: OrderStatus, settle?: 'capture' | 'refund' | 'cancel') => async (_: unknown, args: { id: string; reason?: string | null }, context: RequestContext) => {
    const caller = callerOf(context);
    const id = localId(args.id, 'CommerceOrder', 'id');
    if (settle !== undefined) {
      const order = await services.orders.get(caller, id);
      if (order === null) throw checkoutError(CheckoutErrors.ORDER_NOT_FOUND, 'No such order.', { field: 'id' });
      // Guard before calling providers: an illegal transition must not move money.
      assertTransition(order.status, to);
      await services.payments.settle(caller, id, settle);
      const current = (await services.orders.get(caller, id)) as OrderRow;
      if (current.status === to) return orderView(current);
    }
    return orderView(await services.orders.transition(caller, id, to, args.reason ?? null));
  };

  return {
    typeDefs: checkoutTypeDefs,
    resolvers: {
      Query: {
        commerceRegions: async (_, __, context) => (await services.regions.list(callerOf(context))).map(regionView),
        commerceCart: async (_, args: { cartToken: string }, context) => {
          const view = await services.carts.get(callerOf(context), args.cartToken);
          return view === null ? null : cartView(view);
        },
        commerceShippingOptions: async (_, args: { cartToken: string }, context) => {
          const caller = callerOf(context);
          const cart = await services.carts.get(caller, args.cartToken);
          return (await services.carts.shippingOptions(caller, args.cartToken)).map((o) => optionView(o, cart?.cart.currency ?? ''));
        },
        commerceOrder: async (_, args: { number: string; email: string }, context) => {
          const order = await services.orders.byNumberAndEmail(callerOf(context), args.number, args.email);
          return order === null ? null : orderView(order);
        },
        commerceMyOrders: async (_, args: { first?: number; after?: string }, context) => {
          const caller = callerOf(context);
          const limit = first(args.first);
          if (caller.actorKind !== 'user') return connection([], limit);
          return connection(await services.orders.list(caller, { status: null, email: null, customerId: caller.actorId, placedFrom: null, placedTo: null }, { limit: limit + 1, before: before(args.after) }), limit);
        },
        commerceMyAddresses: async (_, __, context) => (await services.addresses.list(callerOf(context))).map(addressView),
        commerceAdminOrders: async (_, args: { first?: number; after?: string; filter?: { status?: string; email?: string; placedFrom?: string; placedTo?: string } | null }, context) => {
          const limit = first(args.first);
          const filter = args.filter ?? {};
          return connection(
            await services.orders.list(
              callerOf(context),
              { status: filter.status == null ? null : (filter.status.toLowerCase() as OrderStatus), email: filter.email?.trim().toLowerCase() ?? null, customerId: null, placedFrom: date(filter.placedFrom, 'filter.placedFrom'), placedTo: date(filter.placedTo, 'filter.placedTo') },
              { limit: limit + 1, before: before(args.after) },
            ),
            limit,
          );
        },
        commerceAdminOrder: async (_, args: { id: string }, context) => {
          const order = await services.orders.get(callerOf(context), localId(args.id, 'CommerceOrder', 'id'));
          return order === null ? null : orderView(order);
        },
        commerceAdminPromotions: async (_, __, context) => (await services.promotions.list(callerOf(context))).map(promotionView),
        commerceAdminShippingOptions: async (_, args: { regionId: string }, context) => {
          const caller = callerOf(context);
          const regionId = localId(args.regionId, 'CommerceRegion', 'regionId');
          const region = (await services.regions.list(caller)).find((r) => r.id === regionId);
          if (region === undefined) throw checkoutError(CheckoutErrors.REGION_NOT_FOUND, 'No such region.', { field: 'regionId' });
          return (await services.regions.options(caller, regionId, false)).map((o) => optionView(o, region.currency));
        },
      },
      Mutation: {
        commerceCreateCart: async (_, args: { input: { regionId: string; currency?: string | null; email?: string | null }; idempotencyKey?: string | null }, context) =>
          cartView(await services.carts.create(callerOf(context), { ...args.input, regionId: localId(args.input.regionId, 'CommerceRegion', 'input.regionId') }, args.idempotencyKey)),
        commerceAddToCart: async (_, args: { cartToken: string; input: { variantId: string; quantity: number }; idempotencyKey?: string | null }, context) =>
          cartView(await services.carts.addLine(callerOf(context), args.cartToken, { variantId: localId(args.input.variantId, 'CommerceVariant', 'input.variantId'), quantity: args.input.quantity }, args.idempotencyKey)),
        commerceUpdateCartLine: async (_, args: { cartToken: string; lineId: string; quantity: number }, context) =>
          cartView(await services.carts.updateLine(callerOf(context), args.cartToken, localId(args.lineId, 'CommerceCartLine', 'lineId'), args.quantity)),
        commerceRemoveCartLine: async (_, args: { cartToken: string; lineId: string }, context) => cartView(await services.carts.removeLine(callerOf(context), args.cartToken, localId(args.lineId, 'CommerceCartLine', 'lineId'))),
        commerceApplyPromotion: async (_, args: { cartToken: string; code: string }, context) => cartView(await services.carts.applyPromotion(callerOf(context), args.cartToken, args.code)),
        commerceRemovePromotion: async (_, args: { cartToken: string; code: string }, context) => cartView(await services.carts.removePromotion(callerOf(context), args.cartToken, args.code)),
        commerceSetShippingAddress: async (
          _,
          args: { cartToken: string; input: { email?: string | null; shippingAddress?: Record<string, unknown> | null; shippingAddressId?: string | null; billingAddress?: Record<string, unknown> | null; billingAddressId?: string | null } },
          context,
        ) => {
          const { shippingAddressId, billingAddressId, ...rest } = args.input;
          const saved = (id: string | null | undefined, field: string) => (id == null ? null : localId(id, 'CommerceCustomerAddress', field));
          return cartView(
            await services.carts.setAddresses(callerOf(context), args.cartToken, { ...rest, shippingAddressId: saved(shippingAddressId, 'input.shippingAddressId'), billingAddressId: saved(billingAddressId, 'input.billingAddressId') }),
          );
        },
        commerceSetShippingOption: async (_, args: { cartToken: string; shippingOptionId: string }, context) =>
          cartView(await services.carts.setShippingOption(callerOf(context), args.cartToken, localId(args.shippingOptionId, 'CommerceShippingOption', 'shippingOptionId'))),
        commerceMergeCart: async (_, args: { cartToken: string }, context) => cartView(await services.carts.merge(callerOf(context), args.cartToken)),
        commerceCheckout: async (_, args: { cartToken: string; idempotencyKey?: string | null }, context) => orderView(await services.checkout.checkout(callerOf(context), args.cartToken, args.idempotencyKey)),
        commerceAddPayment: async (_, args: { cartToken: string; provider: string; idempotencyKey?: string | null }, context) =>
          paymentView(await services.payments.addPayment(callerOf(context), args.cartToken, args.provider, args.idempotencyKey)),
        commerceHandlePaymentWebhook: async (_, args: { provider: string; body: string; signature: string }, context) => {
          const result = await services.payments.handleWebhook(callerOf(context), args.provider, args.body, args.signature);
          return { outcome: upper(result.outcome), payment: paymentView(result.payment) };
        },
        commerceAddMyAddress: async (_, args: { input: CustomerAddressInput }, context) => addressView(await services.addresses.add(callerOf(context), args.input)),
        commerceUpdateMyAddress: async (_, args: { id: string; input: CustomerAddressInput }, context) =>
          addressView(await services.addresses.update(callerOf(context), localId(args.id, 'CommerceCustomerAddress', 'id'), args.input)),
        commerceRemoveMyAddress: async (_, args: { id: string }, context) => services.addresses.remove(callerOf(context), localId(args.id, 'CommerceCustomerAddress', 'id')),
        commerceSetMyDefaultAddress: async (_, args: { id: string; kind: 'SHIPPING' | 'BILLING' }, context) =>
          (await services.addresses.setDefault(callerOf(context), localId(args.id, 'CommerceCustomerAddress', 'id'), args.kind === 'SHIPPING' ? 'shipping' : 'billing')).map(addressView),
        commerceConfirmOrder: transition('confirmed'),
        commerceMarkOrderPaid: transition('paid', 'capture'),
        commerceFulfilOrder: transition('fulfilled'),
        commerceCompleteOrder: transition('completed'),
        commerceCancelOrder: transition('cancelled', 'cancel'),
        commerceRefundOrder: transition('refunded', 'refund'),
        commerceCreateRegion: async (_, args: { input: Record<string, never> }, context) => regionView(await services.regions.create(callerOf(context), args.input)),
        commerceUpdateRegion: async (_, args: { id: string; input: Record<string, never> }, context) => regionView(await services.regions.update(callerOf(context), localId(args.id, 'CommerceRegion', 'id'), args.input)),
        commerceCreateShippingOption: async (_, args: { regionId: string; input: Record<string, never> }, context) => {
          const caller = callerOf(context);
          const option = await services.regions.createOption(caller, localId(args.regionId, 'CommerceRegion', 'regionId'), args.input);
          const region = (await services.regions.list(caller)).find((r) => r.id === option.regionId) as RegionRow;
          return optionView(option, region.currency);
        },
        commerceUpdateShippingOption: async (_, args: { id: string; input: Record<string, never> }, context) => {
          const caller = callerOf(context);
          const option = await services.regions.updateOption(caller, localId(args.id, 'CommerceShippingOption', 'id'), args.input);
          const region = (await services.regions.list(caller)).find((r) => r.id === option.regionId) as RegionRow;
          return optionView(option, region.currency);
        },
        commerceCreatePromotion: async (_, args: { input: PromotionArgs }, context) => promotionView(await services.promotions.create(callerOf(context), promotionInput(args.input))),
        commerceUpdatePromotion: async (_, args: { id: string; input: PromotionArgs }, context) =>
          promotionView(await services.promotions.update(callerOf(context), localId(args.id, 'CommercePromotion', 'id'), promotionInput(args.input))),
        commerceDeletePromotion: async (_, args: { id: string }, context) => services.promotions.delete(callerOf(context), localId(args.id, 'CommercePromotion', 'id')),
      },
      CommerceRegion: {
        shippingOptions: async (parent: { region: RegionRow }, _, context) => (await services.regions.options(callerOf(context), parent.region.id, true)).map((o) => optionView(o, parent.region.currency)),
      },
    },
    // Lines, history and payments of every order in a response (a page of orders, or one) are read
    // with one statement each, whatever the number of orders.
    loaders: {
      CommerceOrder: {
        lines: async (queries: Array<{ obj: { row: OrderRow } }>, context) => {
          const rows = queries.map((q) => q.obj.row);
          return (await services.orders.linesOf(callerOf(context), rows.map((r) => r.id))).map((lines, i) => lines.map((line) => orderLineView(line, (rows[i] as OrderRow).currency)));
        },
        history: async (queries: Array<{ obj: { row: OrderRow } }>, context) => (await services.orders.historyOf(callerOf(context), queries.map((q) => q.obj.row.id))).map((entries) => entries.map(transitionView)),
        payments: async (queries: Array<{ obj: { row: OrderRow } }>, context) => (await services.orders.paymentsOf(callerOf(context), queries.map((q) => q.obj.row.id))).map((payments) => payments.map(paymentView)),
      },
    },
  };
}
