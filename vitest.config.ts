import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Tests start real HTTP servers and SQLite files; a slow CI machine needs head-room.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'all', include: ['test/**/*.test.ts'] } },
      {
        // The scenarios again in a zone 14 hours from UTC: event times must not move with it.
        extends: true,
        test: { name: 'scenarios-utc+14', include: ['test/scenarios/**/*.test.ts'], env: { TZ: 'Pacific/Kiritimati' } },
      },
    ],
  },
})
