'use strict';
/** autocannon setupRequest: one line per cart, round-robin over the variants. */
const { tokens, variantIds } = require('./plan.cjs');

const QUERY = 'mutation($t: String!, $v: ID!) { commerceAddToCart(cartToken: $t, input: { variantId: $v, quantity: 1 }) { id } }';
let next = 0;
module.exports = (request) => {
  const i = next++ % tokens.length;
  return { ...request, body: JSON.stringify({ query: QUERY, variables: { t: tokens[i], v: variantIds[i % variantIds.length] } }) };
};
