import { describe, expect, it } from 'vitest'

import { parseKodiFileName, readKodiFileBaseName, splitKodiPath } from '../../src/adapters/kodi/index.js'
import type { KodiFileName } from '../../src/adapters/kodi/index.js'

const PARSED_NAMES: ReadonlyArray<[string, KodiFileName]> = [
  // Library-style names with spaces.
  [
    'smb://nas.local/tv/Breaking Bad/Season 05/Breaking Bad - S05E14 - Ozymandias.mkv',
    { title: 'Breaking Bad', season: 5, episode: 14 },
  ],
  ['/storage/movies/The Matrix (1999)/The Matrix (1999).mkv', { title: 'The Matrix', year: 1999 }],
  ['/media/tv/Mr. Robot/Mr. Robot - s01e01 - eps1.0_hellofriend.mov', { title: 'Mr. Robot', season: 1, episode: 1 }],

  // Scene names with dots and underscores, release tags and multi-episode ranges.
  ['nfs://192.0.2.5/media/The.Office.US.S02E03E04.720p.WEB-DL.x264-GRP.mkv', { title: 'The Office US', season: 2, episode: 3, episodeEnd: 4 }],
  ['C:\\Videos\\show_name_s01e05-e06.avi', { title: 'show name', season: 1, episode: 5, episodeEnd: 6 }],
  ['/tv/Show.Name.S01E02-03.mkv', { title: 'Show Name', season: 1, episode: 2, episodeEnd: 3 }],
  ['/tv/Show.Name.S01E02E03E04.mkv', { title: 'Show Name', season: 1, episode: 2, episodeEnd: 4 }],
  ['/tv/Show.Name.S01E02-720p.mkv', { title: 'Show Name', season: 1, episode: 2 }],
  ['/tv/Show.Name.S00E01.Special.mkv', { title: 'Show Name', season: 0, episode: 1 }],
  ['Blade.Runner.2049.2017.1080p.BluRay.x264.mkv', { title: 'Blade Runner 2049', year: 2017 }],
  ['/movies/Heat.1080p.BluRay.x264-GRP.mkv', { title: 'Heat' }],
  ['[SubGroup] Frieren - S01E05 [1080p].mkv', { title: 'Frieren', season: 1, episode: 5 }],

  // `1x02` numbering, and the show named by a folder.
  ['/media/tv/Firefly/Season 1/1x02 - The Train Job.mkv', { title: 'Firefly', season: 1, episode: 2 }],
  ['/media/tv/Doctor Who (2005)/Season 01/S01E02.mkv', { title: 'Doctor Who', year: 2005, season: 1, episode: 2 }],
  ['/movies/1920x1080 sample.mkv', { title: '1920x1080 sample' }],

  // Years that are part of the title.
  ['/movies/1917 (2019)/1917.mkv', { title: '1917', year: 2019 }],
  ['/movies/2012.mkv', { title: '2012' }],
  ['/movies/2001 A Space Odyssey (1968).mkv', { title: '2001 A Space Odyssey', year: 1968 }],

  // Disc structures, stacks and URLs.
  ['/movies/Inception (2010)/VIDEO_TS/VIDEO_TS.IFO', { title: 'Inception', year: 2010 }],
  ['smb://nas/movies/Avatar (2009)/BDMV/index.bdmv', { title: 'Avatar', year: 2009 }],
  [
    'stack://smb://nas/movies/Kill Bill,, Vol. 1 (2003) CD1.avi , smb://nas/movies/Kill Bill,, Vol. 1 (2003) CD2.avi',
    { title: 'Kill Bill, Vol. 1', year: 2003 },
  ],
  ['stack:///movies/Heat cd1.avi , /movies/Heat cd2.avi', { title: 'Heat' }],
  ['http://192.0.2.7:8096/files/The%20Thing%20%281982%29.mp4?api_key=abc', { title: 'The Thing', year: 1982 }],
  ['smb://nas/tv/Show 100%/Show 100% - S01E01.mkv', { title: 'Show 100%', season: 1, episode: 1 }],

  // Nothing to read.
  ['', { title: '' }],
  ['plugin://plugin.video.example/?action=play&id=5', { title: '' }],
]

describe('parseKodiFileName', () => {
  it.each(PARSED_NAMES)('should read %s', (file, expected) => {
    expect(parseKodiFileName(file)).toEqual(expected)
  })
})

describe('splitKodiPath', () => {
  it('should drop the scheme and host of an smb URL', () => {
    expect(splitKodiPath('smb://nas.local/tv/Show/S01E01.mkv')).toEqual(['tv', 'Show', 'S01E01.mkv'])
  })

  it('should split Windows paths on backslashes', () => {
    expect(splitKodiPath('D:\\Movies\\Heat (1995).mkv')).toEqual(['D:', 'Movies', 'Heat (1995).mkv'])
  })

  it('should read the first part of a stack', () => {
    expect(splitKodiPath('stack:///movies/Heat cd1.avi , /movies/Heat cd2.avi')).toEqual(['movies', 'Heat cd1.avi'])
  })

  it('should decode http URLs and drop their query', () => {
    expect(splitKodiPath('https://192.0.2.7/a%20b/c.mkv?token=1#x')).toEqual(['a b', 'c.mkv'])
  })
})

describe('readKodiFileBaseName', () => {
  it('should return the file name with its extension', () => {
    expect(readKodiFileBaseName('nfs://192.0.2.5/media/The.Office.US.S02E03.mkv')).toBe('The.Office.US.S02E03.mkv')
  })

  it('should return an empty string for an empty path', () => {
    expect(readKodiFileBaseName('')).toBe('')
  })
})
