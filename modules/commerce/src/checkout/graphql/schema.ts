/** SDL of carts, checkout, orders, regions, shipping, promotions and payments. */
export const checkoutTypeDefs = `
"""A market: one currency, the countries it ships to, its tax rate."""
type CommerceRegion {
  id: ID!
  name: String!
  currency: String!
  """ISO 3166-1 alpha-2 codes; empty means anywhere."""
  countries: [String!]!
  """Basis points: 2000 = 20 %."""
  taxRateBp: Int!
  """Whether prices in this region include tax (tax is then the part of each amount that is tax)."""
  pricesIncludeTax: Boolean!
  shippingOptions: [CommerceShippingOption!]!
}

type CommerceShippingOption {
  id: ID!
  name: String!
  price: CommerceMoney!
  """Shipping is free when the discounted subtotal reaches this amount."""
  freeOver: CommerceMoney
  active: Boolean!
}

type CommerceAddress {
  name: String!
  line1: String!
  line2: String
  city: String!
  postalCode: String!
  country: String!
  phone: String
}

input CommerceAddressInput {
  name: String!
  line1: String!
  line2: String
  city: String!
  postalCode: String!
  """ISO 3166-1 alpha-2, e.g. DE."""
  country: String!
  phone: String
}

type CommerceAppliedPromotion {
  code: String
  kind: CommercePromotionKind!
  """What it took off the lines, or the shipping it waived."""
  amount: CommerceMoney!
}

type CommerceCartLine {
  id: ID!
  variantId: ID!
  sku: String
  title: String!
  quantity: Int!
  """The price when the line was added."""
  unitPrice: CommerceMoney!
  subtotal: CommerceMoney!
  discount: CommerceMoney!
  tax: CommerceMoney!
}

enum CommerceCartStatus {
  OPEN
  COMPLETED
  MERGED
}

type CommerceCart {
  id: ID!
  """The cart's bearer secret: keep it; every cart mutation takes it."""
  token: String!
  status: CommerceCartStatus!
  currency: String!
  email: String
  region: CommerceRegion!
  shippingAddress: CommerceAddress
  billingAddress: CommerceAddress
  shippingOption: CommerceShippingOption
  promotionCodes: [String!]!
  appliedPromotions: [CommerceAppliedPromotion!]!
  lines: [CommerceCartLine!]!
  subtotal: CommerceMoney!
  discount: CommerceMoney!
  shipping: CommerceMoney!
  tax: CommerceMoney!
  total: CommerceMoney!
}

input CommerceCreateCartInput {
  regionId: ID!
  """Must be the region's currency when given."""
  currency: String
  email: String
}

input CommerceAddToCartInput {
  variantId: ID!
  quantity: Int!
}

"""The shipping address written out, or the id of one of the signed-in customer's saved addresses (exactly one); billing likewise, optional. A saved address is copied into the cart."""
input CommerceSetShippingAddressInput {
  email: String
  shippingAddress: CommerceAddressInput
  shippingAddressId: ID
  billingAddress: CommerceAddressInput
  billingAddressId: ID
}

"""An address in the signed-in customer's address book."""
type CommerceCustomerAddress {
  id: ID!
  """The customer's own name for it, e.g. Home."""
  label: String
  name: String!
  line1: String!
  line2: String
  city: String!
  postalCode: String!
  country: String!
  phone: String
  isDefaultShipping: Boolean!
  isDefaultBilling: Boolean!
}

input CommerceCustomerAddressInput {
  label: String
  name: String!
  line1: String!
  line2: String
  city: String!
  postalCode: String!
  """ISO 3166-1 alpha-2, e.g. DE."""
  country: String!
  phone: String
  """true: make it the default; false: not the default; left out: unchanged (a new address becomes the default when there is none)."""
  defaultShipping: Boolean
  defaultBilling: Boolean
}

enum CommerceAddressKind {
  SHIPPING
  BILLING
}

enum CommerceOrderStatus {
  PENDING
  CONFIRMED
  PAID
  FULFILLED
  COMPLETED
  CANCELLED
  REFUNDED
}

type CommerceOrderLine {
  id: ID!
  variantId: ID
  sku: String
  title: String!
  quantity: Int!
  unitPrice: CommerceMoney!
  subtotal: CommerceMoney!
  discount: CommerceMoney!
  tax: CommerceMoney!
}

"""One status change: who made it, when and why."""
type CommerceOrderTransition {
  from: CommerceOrderStatus
  to: CommerceOrderStatus!
  actorKind: String!
  actorId: String
  reason: String
  at: String!
}

enum CommercePaymentStatus {
  PENDING
  AUTHORIZED
  CAPTURED
  FAILED
  CANCELLED
  REFUNDED
}

type CommercePayment {
  id: ID!
  provider: String!
  status: CommercePaymentStatus!
  amount: CommerceMoney!
  reference: String
}

type CommerceOrder {
  id: ID!
  """Human order number, unique per tenant."""
  number: String!
  status: CommerceOrderStatus!
  email: String!
  currency: String!
  subtotal: CommerceMoney!
  discount: CommerceMoney!
  shipping: CommerceMoney!
  tax: CommerceMoney!
  total: CommerceMoney!
  taxRateBp: Int!
  pricesIncludeTax: Boolean!
  shippingAddress: CommerceAddress!
  billingAddress: CommerceAddress
  shippingOptionName: String!
  appliedPromotions: [CommerceAppliedPromotion!]!
  lines: [CommerceOrderLine!]!
  history: [CommerceOrderTransition!]!
  payments: [CommercePayment!]!
  placedAt: String!
}

type CommerceOrderEdge {
  cursor: String!
  node: CommerceOrder!
}

type CommerceOrderConnection {
  edges: [CommerceOrderEdge!]!
  pageInfo: PageInfo!
}

input CommerceOrderFilter {
  status: CommerceOrderStatus
  email: String
  placedFrom: String
  placedTo: String
}

enum CommercePromotionKind {
  PERCENTAGE
  FIXED
  FREE_SHIPPING
}

type CommercePromotion {
  id: ID!
  code: String
  automatic: Boolean!
  kind: CommercePromotionKind!
  """Basis points for PERCENTAGE (1000 = 10 %), minor units for FIXED."""
  value: String!
  currency: String
  productIds: [ID!]!
  categoryIds: [ID!]!
  startsAt: String
  endsAt: String
  usageLimit: Int
  perCustomerLimit: Int
  usedCount: Int!
  active: Boolean!
}

input CommercePromotionInput {
  """Required unless automatic."""
  code: String
  automatic: Boolean
  kind: CommercePromotionKind!
  value: String
  currency: String
  """Only these products (empty with categoryIds empty: the whole order)."""
  productIds: [ID!]
  categoryIds: [ID!]
  startsAt: String
  endsAt: String
  usageLimit: Int
  perCustomerLimit: Int
  active: Boolean
}

input CommerceRegionInput {
  name: String
  currency: String
  countries: [String!]
  taxRateBp: Int
  pricesIncludeTax: Boolean
}

input CommerceShippingOptionInput {
  name: String
  amount: String
  freeOver: String
  active: Boolean
}

enum CommerceWebhookOutcome {
  APPLIED
  DUPLICATE
  STALE
}

type CommercePaymentWebhookResult {
  outcome: CommerceWebhookOutcome!
  payment: CommercePayment!
}

extend type Query {
  commerceRegions: [CommerceRegion!]!
  commerceCart(cartToken: String!): CommerceCart
  commerceShippingOptions(cartToken: String!): [CommerceShippingOption!]!
  """A guest's order: both the number and the e-mail must match."""
  commerceOrder(number: String!, email: String!): CommerceOrder
  """The signed-in customer's orders, newest first."""
  commerceMyOrders(first: Int, after: String): CommerceOrderConnection!
  """The signed-in customer's address book, oldest first."""
  commerceMyAddresses: [CommerceCustomerAddress!]!
  commerceAdminOrders(first: Int, after: String, filter: CommerceOrderFilter): CommerceOrderConnection!
  commerceAdminOrder(id: ID!): CommerceOrder
  commerceAdminPromotions: [CommercePromotion!]!
  commerceAdminShippingOptions(regionId: ID!): [CommerceShippingOption!]!
}

extend type Mutation {
  commerceCreateCart(input: CommerceCreateCartInput!, idempotencyKey: String): CommerceCart!
  commerceAddToCart(cartToken: String!, input: CommerceAddToCartInput!, idempotencyKey: String): CommerceCart!
  commerceUpdateCartLine(cartToken: String!, lineId: ID!, quantity: Int!): CommerceCart!
  commerceRemoveCartLine(cartToken: String!, lineId: ID!): CommerceCart!
  commerceApplyPromotion(cartToken: String!, code: String!): CommerceCart!
  commerceRemovePromotion(cartToken: String!, code: String!): CommerceCart!
  commerceSetShippingAddress(cartToken: String!, input: CommerceSetShippingAddressInput!): CommerceCart!
  commerceSetShippingOption(cartToken: String!, shippingOptionId: ID!): CommerceCart!
  """Signed-in customers: take over a guest cart (merged into their open cart if they have one)."""
  commerceMergeCart(cartToken: String!): CommerceCart!
  commerceCheckout(cartToken: String!, idempotencyKey: String): CommerceOrder!
  """Signed-in customers: their address book (at most 50 addresses)."""
  commerceAddMyAddress(input: CommerceCustomerAddressInput!): CommerceCustomerAddress!
  """Replaces the address's fields."""
  commerceUpdateMyAddress(id: ID!, input: CommerceCustomerAddressInput!): CommerceCustomerAddress!
  commerceRemoveMyAddress(id: ID!): Boolean!
  """Makes the address the default of that kind (the previous default stops being one); answers the whole book."""
  commerceSetMyDefaultAddress(id: ID!, kind: CommerceAddressKind!): [CommerceCustomerAddress!]!
  commerceAddPayment(cartToken: String!, provider: String!, idempotencyKey: String): CommercePayment!
  """Payment providers call this; the body is verified with the provider's signature."""
  commerceHandlePaymentWebhook(provider: String!, body: String!, signature: String!): CommercePaymentWebhookResult!
  commerceConfirmOrder(id: ID!, reason: String): CommerceOrder!
  commerceMarkOrderPaid(id: ID!, reason: String): CommerceOrder!
  commerceFulfilOrder(id: ID!, reason: String): CommerceOrder!
  commerceCompleteOrder(id: ID!, reason: String): CommerceOrder!
  commerceCancelOrder(id: ID!, reason: String): CommerceOrder!
  commerceRefundOrder(id: ID!, reason: String): CommerceOrder!
  commerceCreateRegion(input: CommerceRegionInput!): CommerceRegion!
  commerceUpdateRegion(id: ID!, input: CommerceRegionInput!): CommerceRegion!
  commerceCreateShippingOption(regionId: ID!, input: CommerceShippingOptionInput!): CommerceShippingOption!
  commerceUpdateShippingOption(id: ID!, input: CommerceShippingOptionInput!): CommerceShippingOption!
  commerceCreatePromotion(input: CommercePromotionInput!): CommercePromotion!
  commerceUpdatePromotion(id: ID!, input: CommercePromotionInput!): CommercePromotion!
  commerceDeletePromotion(id: ID!): Boolean!
}
`;
