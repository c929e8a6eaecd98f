// The magazine's items as the server sends them and the client stores them.
export const CONTENT_TYPES = ['verhaal', 'column', 'analyse', 'werkvorm'] as const
export type ContentType = (typeof CONTENT_TYPES)[number]

export const WERKVORM_GOALS = ['verkennen', 'ideeen', 'testen', 'leren', 'besluiten', 'verbinden'] as const
export type WerkvormGoal = (typeof WERKVORM_GOALS)[number]

export const ANALYSE_OUTCOMES = ['gelukt', 'deels', 'minder goed'] as const
export type AnalyseOutcome = (typeof ANALYSE_OUTCOMES)[number]

/** A slug is a file name in content/ without `.md`: it is the item's address and key. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

interface BaseItem {
  slug: string
  title: string
  summary: string
  authors: string[]
  themes: string[]
  /** Publication date, YYYY-MM-DD. */
  published: string
  doetank?: string
  /** Absolute path of the image on this server, with a content hash so that it can be cached forever. */
  image?: string
  imageAlt?: string
  /** Sanitized HTML of the body, rendered once on the server. */
  html: string
  readingMinutes: number
  /** The content cursor at which this item last changed. */
  version: number
  /** When the server recorded that change (ISO 8601). */
  updatedAt: string
}

export interface WerkvormStep {
  title: string
  minutes: number
  instruction: string
}

export interface VerhaalItem extends BaseItem { type: 'verhaal' }
export interface ColumnItem extends BaseItem { type: 'column' }
export interface AnalyseItem extends BaseItem {
  type: 'analyse'
  outcome: AnalyseOutcome
  lessons: string[]
}
export interface WerkvormItem extends BaseItem {
  type: 'werkvorm'
  goal: WerkvormGoal
  durationMin: number
  durationMax: number
  groupMin: number
  groupMax: number
  materials: string[]
  steps: WerkvormStep[]
}

export type ContentItem = VerhaalItem | ColumnItem | AnalyseItem | WerkvormItem

/** The answer of GET /api/v1/content. */
export interface ContentDelta {
  /** Pass this back as `since` to get only what changed after this answer. */
  cursor: string
  /** True when this answer holds the whole magazine: the client drops every item not in it. */
  full: boolean
  items: ContentItem[]
  /** Slugs of items that were removed after `since`. */
  removed: string[]
}

/** What lists need of an item: everything but the body, so that lists stay light with a big magazine. */
export interface ContentCard {
  slug: string
  type: ContentType
  title: string
  summary: string
  published: string
  readingMinutes: number
  themes: string[]
  image?: string
  imageAlt?: string
  goal?: WerkvormGoal
  durationMin?: number
  durationMax?: number
  groupMin?: number
  groupMax?: number
}

/** The values `view` accepts on GET /api/v1/content. */
export const CONTENT_VIEWS = ['cards'] as const
export type ContentView = (typeof CONTENT_VIEWS)[number]

/**
 * The answer of GET /api/v1/content?view=cards: every card of the magazine, no bodies. Only for a first
 * download, so that lists show at once; the client does not move its cursor on it.
 */
export interface ContentCardsAnswer {
  /** The cursor of the magazine these cards belong to (informative: not a cursor to sync from). */
  cursor: string
  full: true
  cards: ContentCard[]
}
