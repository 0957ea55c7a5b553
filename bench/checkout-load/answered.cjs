'use strict';
/** autocannon verifyBody: a GraphQL answer without errors; the rest count as mismatches (refusals such as sold out). */
module.exports = (body) => !body.includes('"errors"');
