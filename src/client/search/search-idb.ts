// Reads the search worker needs from IndexedDB, with the plain API: Dexie would add 25 KB to the worker
// for a handful of reads. The databases and their stores belong to db/magcache.ts and db/userdata.ts;
// a connection closes itself when a newer version of the app upgrades one.
const connections = new Map<string, Promise<IDBDatabase>>()

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

export function openDatabase(name: string): Promise<IDBDatabase> {
  let connection = connections.get(name)
  if (!connection) {
    connection = new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name)
      // Opened without a version: a database that does not exist yet would be created empty, and then the
      // app's own upgrade could not create its stores. Give it up: there is nothing to search in yet.
      req.onupgradeneeded = () => req.transaction?.abort()
      req.onsuccess = () => {
        const db = req.result
        db.onversionchange = () => {
          db.close()
          connections.delete(name)
        }
        resolve(db)
      }
      req.onerror = () => reject(req.error ?? new Error(`cannot open ${name}`))
    })
    connection.catch(() => connections.delete(name))
    connections.set(name, connection)
  }
  return connection
}

/** A read-only view of `store`; undefined when the database or the store does not exist (yet). */
async function storeOf(dbName: string, store: string): Promise<IDBObjectStore | undefined> {
  const db = await openDatabase(dbName).catch(() => undefined)
  if (!db?.objectStoreNames.contains(store)) return undefined
  return db.transaction(store, 'readonly').objectStore(store)
}

/** Every record of `store`, or of `store`'s `index` within `range` ([] without the store or the index). */
export async function readAll<T>(dbName: string, store: string, query?: { index: string; range: IDBKeyRange }): Promise<T[]> {
  const source = await storeOf(dbName, store)
  if (!source) return []
  if (!query) return request(source.getAll() as IDBRequest<T[]>)
  if (!source.indexNames.contains(query.index)) return []
  return request(source.index(query.index).getAll(query.range) as IDBRequest<T[]>)
}

export async function readKeys(dbName: string, store: string): Promise<string[]> {
  const source = await storeOf(dbName, store)
  return source ? (request(source.getAllKeys()) as Promise<string[]>) : []
}

export async function readOne<T>(dbName: string, store: string, key: string): Promise<T | undefined> {
  const source = await storeOf(dbName, store)
  return source ? request(source.get(key) as IDBRequest<T | undefined>) : undefined
}
