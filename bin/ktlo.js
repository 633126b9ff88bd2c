#!/usr/bin/env node
'use strict';
// The CLI is TypeScript run through tsx's loader, so `npx ktlo` works right after `npm ci` without a build step.
require('tsx/cjs');
const { readFileSync } = require('node:fs');
const { main } = require('../src/cli/main.ts');

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
});
