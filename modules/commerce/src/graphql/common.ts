/** SDL shared by the catalog's types. */
export const commonTypeDefs = `
"""Money in integer minor units of an ISO 4217 currency. The amount is a string: it never overflows GraphQL's 32-bit Int."""
type CommerceMoney {
  """Integer minor units (1999 = 19.99 EUR, 500 = 500 JPY), as a decimal string."""
  amount: String!
  """ISO 4217 code, e.g. EUR."""
  currency: String!
  """The amount in major units, exact (e.g. "19.99"), for display."""
  decimal: String!
}

"""A variant's price in one currency."""
type CommercePrice {
  currency: String!
  price: CommerceMoney!
  """What it cost before (always above price), for "was/now" displays."""
  compareAtPrice: CommerceMoney
}

"""Lowest and highest variant price of a product in one currency."""
type CommercePriceRange {
  currency: String!
  min: CommerceMoney!
  max: CommerceMoney!
}

type CommerceLocalizedText {
  locale: String!
  text: String!
}

input CommerceLocalizedTextInput {
  """One of the tenant's locales."""
  locale: String!
  text: String!
}

input CommercePriceInput {
  """ISO 4217 code, e.g. EUR."""
  currency: String!
  """Integer minor units as a string ("1999" for 19.99 EUR); a decimal point is refused (AMOUNT_FRACTIONAL)."""
  amount: String!
  """Must be above amount."""
  compareAtAmount: String
}

enum CommerceSortDirection {
  ASC
  DESC
}
`;
