/**
 * Facts about the installed package: its root folder and version. Found by walking up from
 * this module, because it runs both from `src/` (tsx) and from `dist/src/` (built).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const PackageJson = z.object({ name: z.string(), version: z.string() })

let cached: { root: string; name: string; version: string } | undefined

export function readPackageInfo(): { root: string; name: string; version: string } {
  if (cached !== undefined) return cached

  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const file = path.join(dir, 'package.json')
    if (existsSync(file)) {
      const parsed = PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')))
      if (parsed.success && parsed.data.name === 'punchplay-bridge') {
        cached = { root: dir, ...parsed.data }
        return cached
      }
    }
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`package.json of punchplay-bridge not found above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

/** The User-Agent sent to PunchPlay, naming the bridge and its version. */
export function userAgent(): string {
  return `punchplay-bridge/${readPackageInfo().version} (+self-hosted; Node ${process.versions.node})`
}
