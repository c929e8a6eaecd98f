// Reads content/: every Markdown file validated, rendered and hashed; images given cache-safe URLs.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import type { ContentItem } from '../../shared/content/types'
import { SLUG_PATTERN } from '../../shared/content/types'
import { MEDIA_PREFIX } from '../../shared/content/routes'
import { frontMatterSchema } from './front-matter-schema'
import { countWords, readingMinutes, RENDERER_VERSION, renderMarkdown } from './render-markdown'

/** An item as read from disk: everything but the version the database gives it. */
export type LoadedItem = Omit<ContentItem, 'version' | 'updatedAt'>

export interface LoadedContent {
  items: { item: LoadedItem; hash: string }[]
  /** Image file name → its hash, for serving. */
  images: Map<string, string>
}

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The magazine content is invalid:\n  ${problems.join('\n  ')}`)
    this.name = 'ContentError'
  }
}

const IMAGES_DIR = 'images'

export function loadContent(contentDir: string): LoadedContent {
  if (!existsSync(contentDir)) throw new ContentError([`${contentDir}: the content folder does not exist`])
  const images = hashImages(path.join(contentDir, IMAGES_DIR))
  const resolveImage = (reference: string): string | undefined => {
    const file = reference.startsWith(`${IMAGES_DIR}/`) ? reference.slice(IMAGES_DIR.length + 1) : undefined
    const hash = file === undefined ? undefined : images.get(file)
    return hash ? `${MEDIA_PREFIX}${encodeURIComponent(file!)}?v=${hash}` : undefined
  }

  const problems: string[] = []
  const items: LoadedContent['items'] = []
  const files = readdirSync(contentDir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort()
  for (const file of files) {
    const result = loadFile(path.join(contentDir, file), file, resolveImage)
    if (Array.isArray(result)) problems.push(...result)
    else items.push(result)
  }
  if (problems.length > 0) throw new ContentError(problems)
  return { items, images }
}

function loadFile(
  fullPath: string,
  file: string,
  resolveImage: (reference: string) => string | undefined,
): { item: LoadedItem; hash: string } | string[] {
  const slug = file.slice(0, -'.md'.length)
  if (!SLUG_PATTERN.test(slug)) {
    return [`${file}: the file name must be lowercase letters, digits and hyphens (it is the item's address)`]
  }
  let parsed: matter.GrayMatterFile<string>
  try {
    // A fresh options object per call: gray-matter otherwise caches by content and hides edits.
    parsed = matter(readFileSync(fullPath, 'utf8'), {})
  } catch (error) {
    return [`${file}: the front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`]
  }
  const checked = frontMatterSchema.safeParse(parsed.data)
  if (!checked.success) {
    return checked.error.issues.flatMap((issue) =>
      // An unknown key is reported on its parent object: name the key itself, so the editor can find it.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${file}: field "${[...issue.path, key].join('.')}" is not a known field`)
        : [`${file}: field "${issue.path.join('.') || 'type'}" ${issue.message}`],
    )
  }
  const front = checked.data
  const { html, missingImages } = renderMarkdown(parsed.content, { resolveImage })
  const problems = missingImages.map((src) => `${file}: the body shows image "${src}", which is not in content/images`)
  let image: string | undefined
  if (front.image) {
    image = resolveImage(front.image)
    if (!image) problems.push(`${file}: field "image" names "${front.image}", which is not in content/images`)
  }
  if (problems.length > 0) return problems

  const stepsText = front.type === 'werkvorm' ? front.steps.map((s) => `${s.title} ${s.instruction}`).join(' ') : ''
  const words = countWords(html) + countWords(stepsText)
  const item = { ...front, slug, image, html, readingMinutes: readingMinutes(words) } as LoadedItem
  if (!item.image) delete item.image
  const hash = createHash('sha256').update(`${RENDERER_VERSION}\n${JSON.stringify(item)}`).digest('hex')
  return { item, hash }
}

function hashImages(dir: string): Map<string, string> {
  const images = new Map<string, string>()
  if (!existsSync(dir)) return images
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = entry.name
    const hash = createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex').slice(0, 12)
    images.set(file, hash)
  }
  return images
}
