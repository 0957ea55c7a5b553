'use strict';
/**
 * What autocannon's worker thread needs to build checkout-bench requests (bench/checkout.bench.ts):
 * the carts' tokens and the variants' ids, from the JSON file BENCH_CHECKOUT_PLAN names. Plain
 * CommonJS, because autocannon requires these files by path inside its worker.
 */
const { readFileSync } = require('node:fs');

const file = process.env.BENCH_CHECKOUT_PLAN;
if (!file) throw new Error('BENCH_CHECKOUT_PLAN is not set: run bench/checkout.bench.ts, which writes the plan');
/** @type {{ tokens: string[]; variantIds: string[] }} */
module.exports = JSON.parse(readFileSync(file, 'utf8'));
