// Finding a werkvorm: the filters (goal, time, group size), their URL form, counts per option and the sort.
// Pure functions over magazine cards, so every combination tests in Node without a browser.
import { WERKVORM_GOALS, type WerkvormGoal } from '../../shared/content/types'
import type { ItemCard } from '../db/magcache'

/** The "past in N minuten" choices; null (no choice) means any duration. */
export const FIT_IN_MINUTES_CHOICES = [15, 30, 45, 60, 90] as const
export const WERKVORM_SORTS = ['duur', 'nieuw'] as const
export type WerkvormSort = (typeof WERKVORM_SORTS)[number]
/** A bigger group than this is a typo, not a Doetank. */
export const MAX_GROUP_SIZE = 999

export interface WerkvormFilters {
  /** Any of these goals (none chosen: every goal). */
  goals: WerkvormGoal[]
  /** Fits when the werkvorm can be done in this many minutes: durationMin ≤ N. */
  fitsInMinutes: number | null
  /** Fits when groupMin ≤ n ≤ groupMax. */
  groupSize: number | null
  sort: WerkvormSort
}

export const NO_FILTERS: WerkvormFilters = { goals: [], fitsInMinutes: null, groupSize: null, sort: 'duur' }

/** The URL query keys, in Dutch because the address is what people share: ?doel=testen,leren&tijd=30&groep=8 */
export const FILTER_QUERY_KEYS = { goals: 'doel', fitsInMinutes: 'tijd', groupSize: 'groep', sort: 'volgorde' } as const

type QueryValue = string | null | (string | null)[] | undefined

export function matchesGoals(card: ItemCard, goals: readonly WerkvormGoal[]): boolean {
  return goals.length === 0 || (card.goal !== undefined && goals.includes(card.goal))
}

export function fitsInMinutes(card: ItemCard, minutes: number | null): boolean {
  return minutes === null || (card.durationMin ?? 0) <= minutes
}

export function fitsGroup(card: ItemCard, size: number | null): boolean {
  if (size === null) return true
  return (card.groupMin ?? 1) <= size && size <= (card.groupMax ?? Number.POSITIVE_INFINITY)
}

export function matchesFilters(card: ItemCard, filters: WerkvormFilters): boolean {
  return card.type === 'werkvorm' && matchesGoals(card, filters.goals) && fitsInMinutes(card, filters.fitsInMinutes) && fitsGroup(card, filters.groupSize)
}

export function sortWerkvormen(cards: readonly ItemCard[], sort: WerkvormSort): ItemCard[] {
  const byTitle = (a: ItemCard, b: ItemCard) => a.title.localeCompare(b.title, 'nl')
  const compare =
    sort === 'duur'
      ? (a: ItemCard, b: ItemCard) => (a.durationMin ?? 0) - (b.durationMin ?? 0) || (a.durationMax ?? 0) - (b.durationMax ?? 0) || byTitle(a, b)
      : (a: ItemCard, b: ItemCard) => b.published.localeCompare(a.published) || byTitle(a, b)
  return [...cards].sort(compare)
}

/** The werkvormen that pass every filter, in the chosen order. */
export function filterWerkvormen(cards: readonly ItemCard[], filters: WerkvormFilters): ItemCard[] {
  return sortWerkvormen(cards.filter((card) => matchesFilters(card, filters)), filters.sort)
}

/** Per goal: how many werkvormen have it and pass the other filters (so a count says what a tap adds). */
export function countByGoal(cards: readonly ItemCard[], filters: WerkvormFilters): Record<WerkvormGoal, number> {
  const counts = Object.fromEntries(WERKVORM_GOALS.map((goal) => [goal, 0])) as Record<WerkvormGoal, number>
  for (const card of cards) {
    if (card.type !== 'werkvorm' || card.goal === undefined || !(card.goal in counts)) continue
    if (fitsInMinutes(card, filters.fitsInMinutes) && fitsGroup(card, filters.groupSize)) counts[card.goal]++
  }
  return counts
}

/** Per time choice (and null for "any"): how many werkvormen would show with the other filters as they are. */
export function countByFitInMinutes(cards: readonly ItemCard[], filters: WerkvormFilters): Map<number | null, number> {
  const others = cards.filter((card) => card.type === 'werkvorm' && matchesGoals(card, filters.goals) && fitsGroup(card, filters.groupSize))
  const counts = new Map<number | null, number>([[null, others.length]])
  for (const minutes of FIT_IN_MINUTES_CHOICES) counts.set(minutes, others.filter((card) => fitsInMinutes(card, minutes)).length)
  return counts
}

/** Splits a result into the bookmarked werkvormen (shown first, under "Bewaard") and the rest; order is kept. */
export function splitBookmarked(cards: readonly ItemCard[], bookmarked: ReadonlySet<string>): { bookmarked: ItemCard[]; rest: ItemCard[] } {
  return { bookmarked: cards.filter((card) => bookmarked.has(card.slug)), rest: cards.filter((card) => !bookmarked.has(card.slug)) }
}

export function hasActiveFilters(filters: WerkvormFilters): boolean {
  return filters.goals.length > 0 || filters.fitsInMinutes !== null || filters.groupSize !== null
}

function firstValue(value: QueryValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  return first ?? undefined
}

function parsePositiveInteger(value: QueryValue, max: number): number | null {
  const text = firstValue(value)
  if (text === undefined || !/^\d+$/.test(text.trim())) return null
  const number = Number(text)
  return number >= 1 && number <= max ? number : null
}

/** Reads filters from a route query. A shared link may be edited by hand: anything unknown is ignored. */
export function parseFilterQuery(query: Record<string, QueryValue>): WerkvormFilters {
  const goalValues = [query[FILTER_QUERY_KEYS.goals]].flat().flatMap((value) => (value ?? '').split(','))
  const goals = WERKVORM_GOALS.filter((goal) => goalValues.includes(goal))
  const minutes = parsePositiveInteger(query[FILTER_QUERY_KEYS.fitsInMinutes], Number.MAX_SAFE_INTEGER)
  const sort = firstValue(query[FILTER_QUERY_KEYS.sort])
  return {
    goals,
    fitsInMinutes: minutes !== null && (FIT_IN_MINUTES_CHOICES as readonly number[]).includes(minutes) ? minutes : null,
    groupSize: parsePositiveInteger(query[FILTER_QUERY_KEYS.groupSize], MAX_GROUP_SIZE),
    sort: (WERKVORM_SORTS as readonly string[]).includes(sort ?? '') ? (sort as WerkvormSort) : NO_FILTERS.sort,
  }
}

/** The query for a set of filters: only what is chosen, goals in a fixed order, so one choice has one address. */
export function toFilterQuery(filters: WerkvormFilters): Record<string, string> {
  const query: Record<string, string> = {}
  const goals = WERKVORM_GOALS.filter((goal) => filters.goals.includes(goal))
  if (goals.length > 0) query[FILTER_QUERY_KEYS.goals] = goals.join(',')
  if (filters.fitsInMinutes !== null) query[FILTER_QUERY_KEYS.fitsInMinutes] = String(filters.fitsInMinutes)
  if (filters.groupSize !== null) query[FILTER_QUERY_KEYS.groupSize] = String(filters.groupSize)
  if (filters.sort !== NO_FILTERS.sort) query[FILTER_QUERY_KEYS.sort] = filters.sort
  return query
}
