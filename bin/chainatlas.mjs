#!/usr/bin/env node
// Chain Atlas CLI entry: runs the TypeScript sources directly through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
