// The CI audit's reading of `npm audit --json` (npm 7+ report format, auditReportVersion 2).
import { describe, expect, it } from 'vitest'
import { auditVerdict } from '../../../scripts/audit-production'

function report(vulnerabilities: Record<string, { severity: string; via: unknown[] }>): string {
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 }
  for (const { severity } of Object.values(vulnerabilities)) {
    counts[severity as keyof typeof counts]++
    counts.total++
  }
  const entries = Object.fromEntries(Object.entries(vulnerabilities).map(([name, entry]) => [name, { name, isDirect: true, effects: [], range: '*', nodes: [], fixAvailable: true, ...entry }]))
  return JSON.stringify({ auditReportVersion: 2, vulnerabilities: entries, metadata: { vulnerabilities: counts, dependencies: { prod: 10 } } })
}

describe('auditVerdict', () => {
  it('passes a report with only low and moderate advisories', () => {
    const verdict = auditVerdict(report({ 'left-pad': { severity: 'moderate', via: ['other'] }, tiny: { severity: 'low', via: [] } }))
    expect(verdict).toEqual({ kind: 'clean', counts: expect.objectContaining({ moderate: 1, low: 1, high: 0, critical: 0 }) })
  })

  it('fails on a high or a critical advisory and names the package and the advisory', () => {
    const verdict = auditVerdict(
      report({
        fastify: { severity: 'high', via: [{ title: 'Content-Type bypass', url: 'https://github.com/advisories/GHSA-x' }] },
        markdown: { severity: 'critical', via: ['fastify'] },
        quiet: { severity: 'low', via: [] },
      }),
    )
    expect(verdict).toEqual({
      kind: 'vulnerable',
      advisories: [
        { name: 'fastify', severity: 'high', via: ['Content-Type bypass https://github.com/advisories/GHSA-x'] },
        { name: 'markdown', severity: 'critical', via: ['fastify'] },
      ],
    })
  })

  it('never reads an error from the registry as a clean audit', () => {
    // What this machine's registry answers: the bulk advisory endpoint refuses POST.
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 })
    expect(auditVerdict(refused)).toEqual({ kind: 'unavailable', reason: expect.stringContaining('405') })
    expect(auditVerdict('').kind).toBe('unavailable')
    expect(auditVerdict('npm ERR! network').kind).toBe('unavailable')
  })
})
