#!/usr/bin/env node
'use strict';
// Module packages are pinned and hashed as TypeScript sources, so the kernel runs the very files it
// verified instead of a separately built copy: tsx compiles them as they load.
require('tsx/cjs/api').register();
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then(
    // Always exit explicitly: a dependency's exit hook must not turn a failure code into 0.
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${(error && error.stack) || error}\n`);
      process.exit(1);
    },
  );
