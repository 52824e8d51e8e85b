#!/usr/bin/env node
// Chain Atlas CLI entry: runs the TypeScript sources directly through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
// `analyze` needs neither the store nor the server: load only what it uses, for a fast start.
await import(process.argv[2] === 'analyze' ? '../src/cli/analyze-main.ts' : '../src/cli/main.ts');
