#!/usr/bin/env bash
# Creates the few files every Nx project here needs, so all projects look alike.
#   tools/scripts/scaffold-project.sh <root> <import-name|-> <tags,comma,separated> <app|lib> "<one-line purpose>"
# Example: tools/scripts/scaffold-project.sh libs/user/domain @shop/user-domain type:domain,scope:user lib "User aggregate"
set -euo pipefail
root="$1" import="$2" tags="$3" kind="$4" purpose="$5"
name="$(echo "${root#*/}" | tr '/' '-')"
depth="$(echo "${root}" | tr -cd '/' | wc -c)"; up="$(printf '../%.0s' $(seq 0 "${depth}"))"
mkdir -p "${root}/src"
tags_json="$(echo "${tags}" | sed 's/[^,][^,]*/"&"/g')"
ptype=library; [[ "${kind}" == app ]] && ptype=application
cat > "${root}/project.json" <<JSON
{
  "name": "${name}",
  "\$schema": "${up}node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "${root}/src",
  "projectType": "${ptype}",
  "tags": [${tags_json}],
  "targets": {}
}
JSON
cat > "${root}/tsconfig.json" <<JSON
{
  "extends": "${up}tsconfig.base.json",
  "compilerOptions": { "types": ["node", "jest"] },
  "include": ["src/**/*.ts"]
}
JSON
cat > "${root}/jest.config.js" <<JS
module.exports = {
  displayName: '${name}',
  preset: '${up}jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
JS
cat > "${root}/eslint.config.mjs" <<JS
import baseConfig from '${up}eslint.config.mjs';

export default [...baseConfig];
JS
[[ -f "${root}/README.md" ]] || printf '# %s\n\n%s\n' "${import}" "${purpose}" > "${root}/README.md"
if [[ "${kind}" == lib && ! -f "${root}/src/index.ts" ]]; then echo "export {};" > "${root}/src/index.ts"; fi
if [[ "${import}" != "-" ]]; then
  node -e '
    const fs=require("fs"); const f="tsconfig.base.json"; const c=JSON.parse(fs.readFileSync(f,"utf8"));
    c.compilerOptions.paths[process.argv[1]]=[process.argv[2]+"/src/index.ts"];
    c.compilerOptions.paths=Object.fromEntries(Object.entries(c.compilerOptions.paths).sort());
    fs.writeFileSync(f, JSON.stringify(c,null,2)+"\n");' "${import}" "${root}"
fi
npx prettier --write tsconfig.base.json "${root}" >/dev/null
echo "scaffolded ${name} (${root})"
