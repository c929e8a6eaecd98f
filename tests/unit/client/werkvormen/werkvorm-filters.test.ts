import { describe, expect, it } from 'vitest'
import { type ItemCard, toCard } from '../../../../src/client/db/magcache'
import {
  countByFitInMinutes,
  countByGoal,
  filterWerkvormen,
  FIT_IN_MINUTES_CHOICES,
  hasActiveFilters,
  NO_FILTERS,
  parseFilterQuery,
  splitBookmarked,
  toFilterQuery,
  type WerkvormFilters,
  WERKVORM_SORTS,
} from '../../../../src/client/werkvormen/werkvorm-filters'
import { WERKVORM_GOALS, type WerkvormGoal } from '../../../../src/shared/content/types'
import { makeVerhaal, makeWerkvorm } from '../../../factories/item-factory'

function werkvorm(slug: string, goal: WerkvormGoal, duration: [number, number], group: [number, number], published: string, title = slug): ItemCard {
  return toCard(makeWerkvorm({ slug, title, goal, durationMin: duration[0], durationMax: duration[1], groupMin: group[0], groupMax: group[1], published }))
}

/** Eight werkvormen with distinct shapes, and one story that no werkvorm filter may ever show. */
const FIXTURE: ItemCard[] = [
  werkvorm('check-in', 'verbinden', [10, 15], [3, 20], '2026-10-12', 'Check-in'),
  werkvorm('stille-brainstorm', 'ideeen', [20, 30], [4, 12], '2025-02-10', 'Stille brainstorm'),
  werkvorm('pre-mortem', 'testen', [30, 45], [4, 10], '2025-06-02', 'Pre-mortem'),
  werkvorm('prototype', 'testen', [30, 45], [2, 6], '2025-09-15', 'Prototype'),
  werkvorm('leerlogboek', 'leren', [20, 30], [1, 4], '2026-01-19', 'Leerlogboek'),
  werkvorm('retro', 'leren', [45, 60], [5, 15], '2025-03-17', 'Retro'),
  werkvorm('rollenspel', 'verkennen', [75, 120], [5, 15], '2026-06-08', 'Rollenspel'),
  werkvorm('intervisie', 'leren', [60, 90], [5, 8], '2025-05-12', 'Intervisie'),
  toCard(makeVerhaal({ slug: 'een-verhaal', title: 'Een verhaal', published: '2027-01-01' })),
]

const slugsOf = (cards: ItemCard[]) => cards.map((card) => card.slug)
const filters = (patch: Partial<WerkvormFilters>): WerkvormFilters => ({ ...NO_FILTERS, ...patch })

// Every subset of the goals, each time choice and "any", and group sizes at and around the fixture's edges.
const GOAL_SETS: WerkvormGoal[][] = Array.from({ length: 2 ** WERKVORM_GOALS.length }, (_, mask) => WERKVORM_GOALS.filter((_, i) => mask & (1 << i)))
const TIME_CHOICES: (number | null)[] = [null, ...FIT_IN_MINUTES_CHOICES]
const GROUP_SIZES: (number | null)[] = [null, 1, 2, 4, 5, 8, 9, 15, 16, 20, 21, 40]
const ALL_COMBINATIONS: WerkvormFilters[] = GOAL_SETS.flatMap((goals) =>
  TIME_CHOICES.flatMap((fitsInMinutes) => GROUP_SIZES.flatMap((groupSize) => WERKVORM_SORTS.map((sort) => ({ goals, fitsInMinutes, groupSize, sort })))),
)

/** The rules of the page, written out on their own so the module is checked against them, not against itself. */
function passes(card: ItemCard, f: WerkvormFilters): boolean {
  if (card.type !== 'werkvorm') return false
  if (f.goals.length > 0 && !f.goals.includes(card.goal!)) return false
  if (f.fitsInMinutes !== null && card.durationMin! > f.fitsInMinutes) return false
  if (f.groupSize !== null && (f.groupSize < card.groupMin! || f.groupSize > card.groupMax!)) return false
  return true
}

describe('filterWerkvormen', () => {
  it.each([
    ['no filters: every werkvorm, shortest first', {}, ['check-in', 'leerlogboek', 'stille-brainstorm', 'pre-mortem', 'prototype', 'retro', 'intervisie', 'rollenspel']],
    ['no filters, newest first', { sort: 'nieuw' }, ['check-in', 'rollenspel', 'leerlogboek', 'prototype', 'pre-mortem', 'intervisie', 'retro', 'stille-brainstorm']],
    ['one goal', { goals: ['testen'] }, ['pre-mortem', 'prototype']],
    ['two goals: either one', { goals: ['testen', 'leren'] }, ['leerlogboek', 'pre-mortem', 'prototype', 'retro', 'intervisie']],
    ['a goal no werkvorm has', { goals: ['besluiten'] }, []],
    ['fits in 15 minutes', { fitsInMinutes: 15 }, ['check-in']],
    ['fits in 30 minutes: durationMin equal to the time fits', { fitsInMinutes: 30 }, ['check-in', 'leerlogboek', 'stille-brainstorm', 'pre-mortem', 'prototype']],
    ['fits in 90 minutes: a long maximum does not matter', { fitsInMinutes: 90 }, ['check-in', 'leerlogboek', 'stille-brainstorm', 'pre-mortem', 'prototype', 'retro', 'intervisie', 'rollenspel']],
    ['fits in 60 minutes', { fitsInMinutes: 60 }, ['check-in', 'leerlogboek', 'stille-brainstorm', 'pre-mortem', 'prototype', 'retro', 'intervisie']],
    ['a group of 1', { groupSize: 1 }, ['leerlogboek']],
    ['a group of 4: both edges of a range count', { groupSize: 4 }, ['check-in', 'leerlogboek', 'stille-brainstorm', 'pre-mortem', 'prototype']],
    ['a group of 20', { groupSize: 20 }, ['check-in']],
    ['a group of 21', { groupSize: 21 }, []],
    ['goal, time and group together', { goals: ['testen', 'leren'], fitsInMinutes: 30, groupSize: 4 }, ['leerlogboek', 'pre-mortem', 'prototype']],
    ['goal, time and group together, newest first', { goals: ['testen', 'leren'], fitsInMinutes: 30, groupSize: 4, sort: 'nieuw' }, ['leerlogboek', 'prototype', 'pre-mortem']],
    ['goal and group', { goals: ['leren'], groupSize: 8 }, ['retro', 'intervisie']],
    ['time and group', { fitsInMinutes: 45, groupSize: 10 }, ['check-in', 'stille-brainstorm', 'pre-mortem', 'retro']],
  ] as [string, Partial<WerkvormFilters>, string[]][])('%s', (_name, patch, expected) => {
    expect(slugsOf(filterWerkvormen(FIXTURE, filters(patch)))).toEqual(expected)
  })

  it(`shows exactly the werkvormen that pass every chosen filter, for all ${ALL_COMBINATIONS.length} combinations`, () => {
    for (const combination of ALL_COMBINATIONS) {
      const shown = new Set(slugsOf(filterWerkvormen(FIXTURE, combination)))
      const expected = new Set(slugsOf(FIXTURE.filter((card) => passes(card, combination))))
      expect({ combination, shown }).toEqual({ combination, shown: expected })
    }
  })

  it('never shows more when a time or group filter is added, nor fewer when a second goal is', () => {
    for (const combination of ALL_COMBINATIONS) {
      const shown = filterWerkvormen(FIXTURE, combination).length
      // Once a goal is chosen, adding another widens the choice (either goal): it may only show more.
      for (const goal of combination.goals.length === 0 ? [] : WERKVORM_GOALS.filter((g) => !combination.goals.includes(g))) {
        expect(filterWerkvormen(FIXTURE, { ...combination, goals: [...combination.goals, goal] }).length).toBeGreaterThanOrEqual(shown)
      }
      if (combination.fitsInMinutes === null) expect(filterWerkvormen(FIXTURE, { ...combination, fitsInMinutes: 15 }).length).toBeLessThanOrEqual(shown)
      if (combination.groupSize === null) expect(filterWerkvormen(FIXTURE, { ...combination, groupSize: 4 }).length).toBeLessThanOrEqual(shown)
    }
  })

  it('sorts shortest first (then the shortest maximum, then the title), or newest first', () => {
    for (const combination of ALL_COMBINATIONS) {
      const shown = filterWerkvormen(FIXTURE, combination)
      for (let i = 1; i < shown.length; i++) {
        const [before, after] = [shown[i - 1]!, shown[i]!]
        if (combination.sort === 'duur') expect(before.durationMin!).toBeLessThanOrEqual(after.durationMin!)
        else expect(before.published >= after.published).toBe(true)
      }
    }
  })
})

describe('counts per filter option', () => {
  it('counts, per goal, what choosing only that goal would show with the other filters kept', () => {
    for (const combination of ALL_COMBINATIONS) {
      const counts = countByGoal(FIXTURE, combination)
      for (const goal of WERKVORM_GOALS) {
        expect({ combination, goal, count: counts[goal] }).toEqual({ combination, goal, count: filterWerkvormen(FIXTURE, { ...combination, goals: [goal] }).length })
      }
    }
  })

  it('counts, per time choice, what that choice would show with the other filters kept', () => {
    for (const combination of ALL_COMBINATIONS) {
      const counts = countByFitInMinutes(FIXTURE, combination)
      for (const minutes of TIME_CHOICES) {
        expect({ combination, minutes, count: counts.get(minutes) }).toEqual({
          combination,
          minutes,
          count: filterWerkvormen(FIXTURE, { ...combination, fitsInMinutes: minutes }).length,
        })
      }
    }
  })

  it('gives the numbers a coach sees for "leren" and a group of 5', () => {
    const f = filters({ goals: ['leren'], groupSize: 5 })
    expect(countByGoal(FIXTURE, f)).toEqual({ verkennen: 1, ideeen: 1, testen: 2, leren: 2, besluiten: 0, verbinden: 1 })
    expect(Object.fromEntries(countByFitInMinutes(FIXTURE, f))).toEqual({ null: 2, 15: 0, 30: 0, 45: 1, 60: 2, 90: 2 })
  })
})

describe('splitBookmarked', () => {
  it('puts the bookmarked werkvormen first, each part in the order of the result', () => {
    const result = filterWerkvormen(FIXTURE, NO_FILTERS)
    const { bookmarked, rest } = splitBookmarked(result, new Set(['retro', 'check-in', 'een-verhaal']))
    expect(slugsOf(bookmarked)).toEqual(['check-in', 'retro'])
    expect(slugsOf(rest)).toEqual(['leerlogboek', 'stille-brainstorm', 'pre-mortem', 'prototype', 'intervisie', 'rollenspel'])
  })
})

describe('the URL query', () => {
  it('writes only what is chosen, goals in a fixed order', () => {
    expect(toFilterQuery(NO_FILTERS)).toEqual({})
    expect(toFilterQuery(filters({ goals: ['leren', 'testen'], fitsInMinutes: 30, groupSize: 8 }))).toEqual({ doel: 'testen,leren', tijd: '30', groep: '8' })
    expect(toFilterQuery(filters({ sort: 'nieuw' }))).toEqual({ volgorde: 'nieuw' })
  })

  it('reads a shared link', () => {
    expect(parseFilterQuery({ doel: 'testen,leren', tijd: '30', groep: '8' })).toEqual({ goals: ['testen', 'leren'], fitsInMinutes: 30, groupSize: 8, sort: 'duur' })
    expect(parseFilterQuery({ doel: ['leren', 'testen'], volgorde: 'nieuw' })).toEqual({ goals: ['testen', 'leren'], fitsInMinutes: null, groupSize: null, sort: 'nieuw' })
  })

  it('ignores what a hand-edited link gets wrong', () => {
    expect(parseFilterQuery({ doel: 'testen,vliegen,', tijd: '20', groep: '0', volgorde: 'random' })).toEqual({ ...NO_FILTERS, goals: ['testen'] })
    expect(parseFilterQuery({ tijd: 'abc', groep: '-3' })).toEqual(NO_FILTERS)
    expect(parseFilterQuery({ groep: '2.5' })).toEqual(NO_FILTERS)
    expect(parseFilterQuery({ groep: '100000' })).toEqual(NO_FILTERS)
    expect(parseFilterQuery({ doel: null, tijd: [null] })).toEqual(NO_FILTERS)
  })

  it('reads back every combination it writes', () => {
    for (const combination of ALL_COMBINATIONS) expect(parseFilterQuery(toFilterQuery(combination))).toEqual(combination)
  })

  it('knows whether anything is filtered (the order is not a filter)', () => {
    expect(hasActiveFilters(NO_FILTERS)).toBe(false)
    expect(hasActiveFilters(filters({ sort: 'nieuw' }))).toBe(false)
    expect(hasActiveFilters(filters({ goals: ['leren'] }))).toBe(true)
    expect(hasActiveFilters(filters({ fitsInMinutes: 15 }))).toBe(true)
    expect(hasActiveFilters(filters({ groupSize: 3 }))).toBe(true)
  })
})
