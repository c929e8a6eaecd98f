// Build B for the fault specs: the app exactly as vite.config.ts builds it, plus one more `userdata`
// schema version, as the next release would add one. Its precache revisions differ from build A's (the
// chunk holding userdata.ts changes), so a device running A sees a real service-worker update, and
// opening B's app upgrades the database. Used only by build-b.ts.
import { mergeConfig, type Plugin } from 'vite'
import baseConfig from '../../../../vite.config'
import { addUserdataVersion } from './build-b-patch'

const userdataVersionPlugin: Plugin = {
  name: 'snw-build-b-userdata-version',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('/src/client/db/userdata.ts')) return undefined
    return { code: addUserdataVersion(code), map: null }
  },
}

export default mergeConfig(baseConfig, { plugins: [userdataVersionPlugin] })
