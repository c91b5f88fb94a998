import baseConfig from '../../eslint.config.mjs';

// The root config checks *.ts; the pages are *.tsx: same rules, same module boundaries.
const tsRules = baseConfig.find((block) => block.files?.includes('**/*.ts') && block.rules?.['no-console']);

export default [...baseConfig, { files: ['**/*.tsx'], rules: tsRules.rules }];
