'use strict';
/** autocannon setupRequest: checks out the carts in order, each with a fresh idempotency key. */
const { randomBytes } = require('node:crypto');
const { tokens } = require('./plan.cjs');

const QUERY = 'mutation($t: String!, $k: String) { commerceCheckout(cartToken: $t, idempotencyKey: $k) { number } }';
let next = 0;
module.exports = (request) => {
  const i = next++;
  return { ...request, body: JSON.stringify({ query: QUERY, variables: { t: tokens[i % tokens.length], k: `bench-${i}-${randomBytes(8).toString('hex')}` } }) };
};
