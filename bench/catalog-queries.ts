/**
 * What the catalog benchmark asks for, shared by the bench (GraphQL bodies)
 * and the baseline server (which answers the same data by hand): the
 * storefront listing card (texts in Russian, price ranges, variants with
 * prices and options, options, media, categories) and the product page.
 */
export const LISTING_QUERY = `query Listing($first: Int!) { commerceProducts(first: $first, locale: "ru") { edges { cursor node {
  id handle title description availableForSale priceRanges { currency min { amount decimal } max { amount decimal } }
  options { name values { value } }
  variants { id sku title availableForSale selectedOptions { name value } prices { currency price { amount decimal } compareAtPrice { amount decimal } } }
  media { url alt } categories { handle name } } } pageInfo { hasNextPage endCursor } } }`;

export const PRODUCT_QUERY = `query Product($handle: String!) { commerceProduct(handle: $handle, locale: "ru") {
  id handle title description seoTitle seoDescription availableForSale priceRanges { currency min { amount decimal } max { amount decimal } }
  options { name values { value } }
  variants { id sku title availableForSale selectedOptions { name value } prices { currency price { amount decimal } compareAtPrice { amount decimal } } }
  media { url alt } categories { handle name } } }`;

export const PAGE_SIZE = 20;
