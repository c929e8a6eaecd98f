// The werkvorm filters of the current page, kept in the URL query: the address is the state, so a
// filtered list can be shared, survives a reload and comes back with the back button.
import { computed, type ComputedRef, type MaybeRefOrGetter, toValue } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { WerkvormGoal } from '../../shared/content/types'
import type { ItemCard } from '../db/magcache'
import {
  countByFitInMinutes,
  countByGoal,
  FILTER_QUERY_KEYS,
  filterWerkvormen,
  hasActiveFilters,
  NO_FILTERS,
  parseFilterQuery,
  splitBookmarked,
  toFilterQuery,
  type WerkvormFilters,
} from '../werkvormen/werkvorm-filters'

export interface UseWerkvormFiltersReturn {
  filters: ComputedRef<WerkvormFilters>
  isFiltered: ComputedRef<boolean>
  /** Every werkvorm that passes, in the chosen order. */
  results: ComputedRef<ItemCard[]>
  bookmarked: ComputedRef<ItemCard[]>
  rest: ComputedRef<ItemCard[]>
  goalCounts: ComputedRef<Record<WerkvormGoal, number>>
  fitInMinutesCounts: ComputedRef<Map<number | null, number>>
  update: (patch: Partial<WerkvormFilters>) => Promise<void>
  clear: () => Promise<void>
}

export function useWerkvormFilters(cards: MaybeRefOrGetter<ItemCard[]>, bookmarkedSlugs: MaybeRefOrGetter<ReadonlySet<string>>): UseWerkvormFiltersReturn {
  const route = useRoute()
  const router = useRouter()

  const filters = computed(() => parseFilterQuery(route.query))
  const results = computed(() => filterWerkvormen(toValue(cards), filters.value))
  const split = computed(() => splitBookmarked(results.value, toValue(bookmarkedSlugs)))

  async function update(patch: Partial<WerkvormFilters>): Promise<void> {
    // Keep whatever else the query holds; replace, so that each tap does not add a step to "back".
    const others = Object.fromEntries(Object.entries(route.query).filter(([key]) => !(Object.values(FILTER_QUERY_KEYS) as string[]).includes(key)))
    await router.replace({ query: { ...others, ...toFilterQuery({ ...filters.value, ...patch }) } })
  }

  return {
    filters,
    isFiltered: computed(() => hasActiveFilters(filters.value)),
    results,
    bookmarked: computed(() => split.value.bookmarked),
    rest: computed(() => split.value.rest),
    goalCounts: computed(() => countByGoal(toValue(cards), filters.value)),
    fitInMinutesCounts: computed(() => countByFitInMinutes(toValue(cards), filters.value)),
    update,
    clear: () => update({ ...NO_FILTERS, sort: filters.value.sort }),
  }
}
