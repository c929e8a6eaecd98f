// Build B's one change to the app: one more `userdata` schema version, as the next release would add
// one. Kept apart from build-b.vite.config.ts so that specs can compute B's database version without
// loading the Vite config.

/** The Dexie version build B adds: one above the highest the source declares. */
export function addUserdataVersion(source: string): string {
  // The end of the constructor, where the versions are declared: the first class-closing brace after it.
  const constructorAt = source.indexOf('constructor(')
  const endAt = constructorAt < 0 ? -1 : source.indexOf('\n  }\n}\n', constructorAt)
  if (!source.includes('this.version(') || endAt < 0) throw new Error('build B: userdata.ts no longer looks as expected; update its patch')
  const next = highestUserdataVersion(source) + 1
  // An index more on the outbox: Dexie must rebuild it over the entries that wait there.
  return `${source.slice(0, endAt)}\n    this.version(${next}).stores({ outbox: 'id, key, name' })${source.slice(endAt)}`
}

/** The highest Dexie version a `userdata.ts` source declares. */
export function highestUserdataVersion(source: string): number {
  return Math.max(...[...source.matchAll(/this\.version\((\d+)\)/g)].map((match) => Number(match[1])))
}
