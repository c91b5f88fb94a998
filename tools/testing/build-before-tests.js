// Builds dist/ once before integration/e2e tests, so they can spawn real
// service processes with the same start command as the images (`node dist/...`).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function buildBeforeTests() {
  execFileSync(process.execPath, [join(__dirname, '..', 'build', 'build.mjs')], { stdio: 'inherit' });
};
