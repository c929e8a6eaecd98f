// CI's dependency audit: fails on a high or critical advisory in a production dependency (what the
// phone downloads and the server runs; dev tools never ship). It asks the registry through
// `npm audit --json`. When the registry cannot be asked (no network, or a mirror without the advisory
// endpoint), the audit did not happen: it says so loudly and fails only when AUDIT_REQUIRED=1, so a
// machine without that endpoint can still build, and nobody mistakes "not asked" for "clean".
import { spawnSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'

const FAILING = ['high', 'critical'] as const

export type AuditVerdict =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'vulnerable'; advisories: { name: string; severity: string; via: string[] }[] }
  | { kind: 'unavailable'; reason: string }

interface NpmAuditJson {
  vulnerabilities?: Record<string, { name: string; severity: string; via: (string | { title?: string; url?: string })[] }>
  metadata?: { vulnerabilities?: Record<string, number> }
  message?: string
  error?: { code?: string; summary?: string }
}

/** What `npm audit --json` printed means for CI. */
export function auditVerdict(output: string): AuditVerdict {
  let report: NpmAuditJson
  try {
    report = JSON.parse(output) as NpmAuditJson
  } catch {
    return { kind: 'unavailable', reason: `npm audit printed no report: ${output.trim().slice(0, 200) || '(nothing)'}` }
  }
  if (!report.metadata?.vulnerabilities || !report.vulnerabilities) {
    return { kind: 'unavailable', reason: report.message ?? report.error?.summary ?? 'npm audit answered without a report' }
  }
  const advisories = Object.values(report.vulnerabilities)
    .filter((entry) => (FAILING as readonly string[]).includes(entry.severity))
    .map((entry) => ({
      name: entry.name,
      severity: entry.severity,
      via: entry.via.map((via) => (typeof via === 'string' ? via : `${via.title ?? ''} ${via.url ?? ''}`.trim())),
    }))
  return advisories.length > 0 ? { kind: 'vulnerable', advisories } : { kind: 'clean', counts: report.metadata.vulnerabilities }
}

function main(): void {
  const npm = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' })
  const verdict = auditVerdict(npm.stdout)
  switch (verdict.kind) {
    case 'clean':
      console.log(`npm audit (production dependencies): no high or critical advisories (${JSON.stringify(verdict.counts)})`)
      return
    case 'vulnerable':
      for (const { name, severity, via } of verdict.advisories) console.error(`${severity.padEnd(8)} ${name}: ${via.join('; ')}`)
      console.error(`npm audit: ${verdict.advisories.length} production dependencies with high or critical advisories`)
      process.exitCode = 1
      return
    case 'unavailable':
      console.warn(`npm audit: NOT AUDITED — the registry's advisory endpoint could not be asked (${verdict.reason})`)
      if (process.env.AUDIT_REQUIRED === '1') process.exitCode = 1
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main()
