// `node --import ./load/src/k6-modules/register.ts <program>`, from the repository root (as
// scripts/load/bench.sh runs it): a program that imports k6 scripts' modules (the bench imports
// k6/lib) gets them resolved as the runner's command line does.
import { resolve } from 'node:path';
import { registerK6Modules } from './register-hooks.ts';

registerK6Modules(resolve('load', 'src', 'k6-modules'));
