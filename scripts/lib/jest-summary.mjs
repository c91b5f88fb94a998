// Prints the combined result of every Jest run of `make test` as one line,
// "N passed, N failed", so CI can read the outcome whatever the runner.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let pending = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const result = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
  pending += result.numPendingTests;
  console.log(
    `  ${file.replace(/\.json$/, '').padEnd(12)} ${result.numPassedTests} passed, ${result.numFailedTests} failed`,
  );
}
console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
