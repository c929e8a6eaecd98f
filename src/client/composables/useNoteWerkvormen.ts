// The werkvormen a note can link to: those of the cached magazine, by title.
import { computed, type ComputedRef } from 'vue'
import { useMagazineStore } from '../stores/magazine'

export interface WerkvormOption {
  slug: string
  title: string
}

export interface UseNoteWerkvormenReturn {
  options: ComputedRef<WerkvormOption[]>
  /** The title of a werkvorm, or its slug when the magazine (no longer) has it. */
  titleOf: (slug: string) => string
}

export function useNoteWerkvormen(): UseNoteWerkvormenReturn {
  const magazine = useMagazineStore()
  const options = computed(() =>
    magazine.cards
      .filter((card) => card.type === 'werkvorm')
      .map((card) => ({ slug: card.slug, title: card.title }))
      .sort((a, b) => a.title.localeCompare(b.title, 'nl')),
  )
  const titleOf = (slug: string) => magazine.bySlug.get(slug)?.title ?? slug
  return { options, titleOf }
}
