// What a content file's front matter must hold; see content/README.md for the editors' version.
import { z } from 'zod'
import { ANALYSE_OUTCOMES, CONTENT_TYPES, WERKVORM_GOALS } from '../../shared/content/types'

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)
const textList = z.array(text(200))
const minutes = z.number().int('must be a whole number').min(0).max(600)
const people = z.number().int('must be a whole number').min(1).max(1000)
// YAML reads 2026-03-02 as a Date; an editor who quotes it gives a string. Both mean a day.
const day = z.union([z.date(), z.string()]).transform((value, ctx) => {
  const iso = value instanceof Date ? value.toISOString().slice(0, 10) : value
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(iso))) {
    ctx.addIssue({ code: 'custom', message: 'must be a date written as YYYY-MM-DD' })
    return z.NEVER
  }
  return iso
})
const imagePath = z.string().regex(/^images\/[\w.-]+\.(svg|png|jpe?g|webp|avif|gif)$/, 'must be images/<file> with an image extension')

const base = {
  title: text(120),
  summary: text(300),
  authors: textList.min(1, 'must name at least one author'),
  themes: z.array(z.string().regex(/^[a-z0-9à-ÿ-]+( [a-z0-9à-ÿ-]+)*$/, 'must be lowercase words')).min(1, 'must hold at least one theme'),
  published: day,
  doetank: text(120).optional(),
  image: imagePath.optional(),
  imageAlt: text(300).optional(),
}

const step = z.strictObject({ title: text(120), minutes, instruction: text(1000) })

export const frontMatterSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('verhaal'), ...base }),
    z.strictObject({ type: z.literal('column'), ...base }),
    z.strictObject({
      type: z.literal('analyse'),
      ...base,
      outcome: z.enum(ANALYSE_OUTCOMES),
      lessons: textList.min(1, 'must hold at least one lesson'),
    }),
    z.strictObject({
      type: z.literal('werkvorm'),
      ...base,
      goal: z.enum(WERKVORM_GOALS),
      durationMin: minutes,
      durationMax: minutes,
      groupMin: people,
      groupMax: people,
      materials: textList,
      steps: z.array(step).min(1, 'must hold at least one step'),
    }),
  ], { error: () => `type must be one of ${CONTENT_TYPES.join(', ')}` })
  .superRefine((item, ctx) => {
    if (item.image && !item.imageAlt) ctx.addIssue({ code: 'custom', path: ['imageAlt'], message: 'is required when image is set' })
    if (item.type === 'werkvorm') {
      if (item.durationMin > item.durationMax) ctx.addIssue({ code: 'custom', path: ['durationMax'], message: 'must not be less than durationMin' })
      if (item.groupMin > item.groupMax) ctx.addIssue({ code: 'custom', path: ['groupMax'], message: 'must not be less than groupMin' })
    }
  })

export type FrontMatter = z.output<typeof frontMatterSchema>
