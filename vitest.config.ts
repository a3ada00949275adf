import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real HTTP servers and SQLite files; a slow CI machine needs head-room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
