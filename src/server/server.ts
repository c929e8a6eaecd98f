// Starts the server: database, content import, then listen. Stops with a clear message on bad content.
import { buildApp } from './app'
import { readConfig } from './config'
import { ContentError, loadContent } from './content/load-content'
import { watchContent } from './content/watch-content'
import { openDatabase } from './db/database'
import { trackConnections } from './graceful-close'
import { importContent } from './repositories/content-repository'

async function main(): Promise<void> {
  const config = readConfig()
  const serverDb = await openDatabase(config.databaseUrl)
  const imported = await importContent(serverDb, loadContent(config.contentDir))
  console.log(
    `Magazine: content cursor ${imported.version} (${imported.added} added, ${imported.changed} changed, ${imported.removed} removed)`,
  )

  const app = await buildApp({ serverDb, distDir: config.distDir, contentDir: config.contentDir, trustProxy: config.trustProxy, logger: false })
  const closeWithoutHanging = trackConnections(app.server)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  console.log(`Slimmernetwerk is running at http://${host}:${port}/ (database: ${serverDb.dialect})`)

  const stopWatching = config.watchContent ? watchContent(config.contentDir, serverDb) : async () => {}
  const shutdown = async (signal: string) => {
    console.log(`${signal}: stopping`)
    await stopWatching()
    await closeWithoutHanging(() => app.close())
    await serverDb.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  console.error(error instanceof ContentError ? error.message : error)
  process.exit(1)
})
