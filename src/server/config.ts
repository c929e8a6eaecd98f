// Server settings, read once from the environment.
import path from 'node:path'

export interface ServerConfig {
  port: number
  host: string
  contentDir: string
  databaseUrl: string
  /** The built PWA (vite build output). */
  distDir: string
  /** Re-import content/ when its files change. */
  watchContent: boolean
  /**
   * The reverse proxy in front (address or CIDR, comma-separated), whose X-Forwarded-Proto/-For to
   * believe: needed behind HTTPS for the origin check, Secure cookies and per-IP rate limits.
   */
  trustProxy: string[] | false
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`)
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    contentDir: path.resolve(env.CONTENT_DIR ?? 'content'),
    databaseUrl: env.DATABASE_URL ?? `sqlite:${path.resolve('data', 'slimmernetwerk.db')}`,
    distDir: path.resolve(env.DIST_DIR ?? 'dist'),
    watchContent: env.CONTENT_WATCH !== '0',
    trustProxy: env.TRUST_PROXY ? env.TRUST_PROXY.split(',').map((address) => address.trim()).filter(Boolean) : false,
  }
}
