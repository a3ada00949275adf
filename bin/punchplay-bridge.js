#!/usr/bin/env node
// Entry point of the `punchplay-bridge` command. A source checkout runs src/ through tsx, so
// `npm ci` is enough; the container image has only the compiled dist/ and no tsx.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const source = new URL('../src/cli.ts', import.meta.url)
const built = new URL('../dist/src/cli.js', import.meta.url)

let cli
if (existsSync(source)) {
  const { tsImport } = await import('tsx/esm/api')
  // The project's tsconfig, not one found from the working directory: the commands may run
  // from anywhere, and JSX pages need its jsxImportSource.
  const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url))
  cli = await tsImport(source.href, { parentURL: import.meta.url, tsconfig })
} else if (existsSync(built)) {
  cli = await import(built.href)
} else {
  console.error('punchplay-bridge is not built: run npm ci (source checkout) or npm run build.')
  process.exit(1)
}

await cli.runCli(process.argv)
