// Build B for the fault specs: the app exactly as vite.config.ts builds it, plus one more `userdata`
// schema version, as the next release would add one. Its precache revisions differ from build A's (the
// chunk holding userdata.ts changes), so a device running A sees a real service-worker update, and
// opening B's app upgrades the database. Used only by build-b.ts.
import { mergeConfig, type Plugin } from 'vite'
import baseConfig from '../../../../vite.config'

/** The Dexie version build B adds: one above the highest the source declares. */
export function addUserdataVersion(source: string): string {
  const versions = [...source.matchAll(/this\.version\((\d+)\)/g)].map((match) => Number(match[1]))
  const anchor = '\n  }\n}\n\nexport function noteKey'
  if (versions.length === 0 || !source.includes(anchor)) throw new Error('build B: userdata.ts no longer looks as expected; update its patch')
  const next = Math.max(...versions) + 1
  // An index more on the outbox: Dexie must rebuild it over the entries that wait there.
  return source.replace(anchor, `\n    this.version(${next}).stores({ outbox: 'id, key, name' })${anchor}`)
}

const userdataVersionPlugin: Plugin = {
  name: 'snw-build-b-userdata-version',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/src/client/db/userdata.ts')) return undefined
    return { code: addUserdataVersion(code), map: null }
  },
}

export default mergeConfig(baseConfig, { plugins: [userdataVersionPlugin] })
