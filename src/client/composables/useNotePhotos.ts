// The photos of the note in the editor ([A1]–[A5]): read live from `userdata` with their bytes as
// object URLs, added from the camera or the gallery (downscaled on the device first), described, removed.
// Bytes taken on another device are fetched when the note is shown, and kept for offline use.
import { liveQuery, type Subscription } from 'dexie'
import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import { PHOTOS_PER_NOTE_MAX } from '../../shared/sync/note-photo'
import { userdata } from '../db/instances'
import { addPhoto, readPhotos, removePhoto, retryPhotoUpload, setPhotoAlt } from '../db/photo-actions'
import { isQuotaError } from '../db/quota-error'
import type { NotePhotoRow, PhotoFileRow, PhotoUploadRefusal } from '../db/userdata'
import type { PhotoInputProblem } from '../media/photo-prepare'
import { useAccountStore } from '../stores/account'
import { useNotesStore } from '../stores/notes'
import { useSyncStore } from '../stores/sync'

/** Why adding a photo did not work: each has its own message. */
export type PhotoAddProblem = PhotoInputProblem | 'storage-full' | 'too-many' | 'failed'

/**
 * - here: the bytes are on this device
 * - loading: being fetched from the server
 * - offline: on the server, and this device is offline
 * - not-uploaded: the device that took it has not sent it yet
 * - missing: neither here nor on the server (another failure)
 */
export type PhotoShowState = 'here' | 'loading' | 'offline' | 'not-uploaded' | 'missing'

export interface NotePhotoView {
  photo: NotePhotoRow
  url: string | null
  state: PhotoShowState
  /** Taken here and not yet on the server (only said when she has an account: without one, nothing is sent). */
  isWaitingUpload: boolean
  refusal: PhotoUploadRefusal | undefined
}

const ALT_SAVE_DELAY_MS = 500

export function useNotePhotos(noteId: () => string) {
  const account = useAccountStore()
  const sync = useSyncStore()
  const notes = useNotesStore()
  const views = shallowRef<NotePhotoView[]>([])
  const problem = ref<PhotoAddProblem | null>(null)
  const isAdding = ref(false)
  /** How many photos the last add stored: the view announces it. */
  const lastAdded = ref(0)
  const urls = new Map<string, string>()
  const fetchStates = new Map<string, Exclude<PhotoShowState, 'here'>>()
  const altTimers = new Map<string, { timer: ReturnType<typeof setTimeout>; save: () => Promise<void> }>()
  let rows: { photos: NotePhotoRow[]; files: Map<string, PhotoFileRow> } = { photos: [], files: new Map() }
  let subscription: Subscription | undefined

  function urlOf(file: PhotoFileRow): string {
    let url = urls.get(file.hash)
    if (!url) {
      url = URL.createObjectURL(new Blob([file.data], { type: file.mime }))
      urls.set(file.hash, url)
    }
    return url
  }

  function render(): void {
    const { photos, files } = rows
    for (const [hash, url] of urls) {
      if (!files.has(hash)) {
        URL.revokeObjectURL(url)
        urls.delete(hash)
      }
    }
    views.value = photos.map((photo) => {
      const file = files.get(photo.hash)
      return {
        photo,
        url: file ? urlOf(file) : null,
        state: file ? 'here' : (fetchStates.get(photo.hash) ?? 'loading'),
        isWaitingUpload: file?.needsUpload === 1 && account.user !== null,
        refusal: file?.uploadRefusal,
      }
    })
    for (const photo of photos) if (!files.has(photo.hash) && !fetchStates.has(photo.hash)) void fetchBytes(photo)
  }

  /** [A3] Bytes of a photo from another device: fetched once, kept in `userdata`, then shown from there. */
  async function fetchBytes(photo: NotePhotoRow): Promise<void> {
    if (!account.user) {
      fetchStates.set(photo.hash, 'missing')
      return render()
    }
    fetchStates.set(photo.hash, 'loading')
    try {
      const { loadPhotoBlob } = await import('../sync/photo-fetch')
      await loadPhotoBlob(userdata, photo)
      fetchStates.delete(photo.hash)
    } catch (error) {
      const { kind, details } = error as { kind?: string; details?: { code?: string } }
      fetchStates.set(photo.hash, kind === 'offline' ? 'offline' : details?.code === 'photo_not_uploaded' ? 'not-uploaded' : 'missing')
      render()
    }
  }

  function follow(id: string): void {
    subscription?.unsubscribe()
    subscription = liveQuery(async () => {
      const photos = await readPhotos(userdata, id)
      const found = await userdata.photoFiles.bulkGet(photos.map((photo) => photo.hash))
      return { photos, files: new Map(found.flatMap((file) => (file ? [[file.hash, file] as const] : []))) }
    }).subscribe({
      next: (next) => {
        rows = next
        render()
      },
    })
  }
  follow(noteId())
  watch(noteId, follow)

  // Back online: try again what could not be fetched.
  const onOnline = () => {
    for (const [hash, state] of fetchStates) if (state !== 'loading') fetchStates.delete(hash)
    render()
  }
  window.addEventListener('online', onOnline)

  async function add(files: readonly File[]): Promise<void> {
    if (files.length === 0) return
    problem.value = null
    lastAdded.value = 0
    isAdding.value = true
    let added = 0
    try {
      const { preparePhoto, PhotoInputError } = await import('../media/photo-prepare')
      for (const file of files) {
        if (rows.photos.length + added >= PHOTOS_PER_NOTE_MAX) {
          problem.value = 'too-many'
          break
        }
        try {
          const prepared = await preparePhoto(file)
          // [A1] The photo of the flip-over is part of her note: on a full device it goes before the stories.
          await notes.withRoom(() => addPhoto(userdata, noteId(), prepared))
          added++
        } catch (error) {
          problem.value = error instanceof PhotoInputError ? error.problem : isQuotaError(error) ? 'storage-full' : 'failed'
          // A full device stays full for the next file too.
          if (problem.value === 'storage-full') break
        }
      }
    } catch {
      problem.value = 'failed'
    } finally {
      isAdding.value = false
      lastAdded.value = added
      if (added > 0) sync.requestSync()
    }
  }

  /** Saved shortly after she stops typing, and at once when she leaves the field. */
  function describe(photo: NotePhotoRow, alt: string): void {
    const pending = altTimers.get(photo.id)
    if (pending) clearTimeout(pending.timer)
    const save = async () => {
      altTimers.delete(photo.id)
      await setPhotoAlt(userdata, photo.id, alt)
      sync.requestSync()
    }
    altTimers.set(photo.id, { save, timer: setTimeout(() => void save(), ALT_SAVE_DELAY_MS) })
  }

  async function flushDescriptions(): Promise<void> {
    const pending = [...altTimers.values()]
    for (const { timer } of pending) clearTimeout(timer)
    await Promise.all(pending.map(({ save }) => save()))
  }

  async function remove(photo: NotePhotoRow): Promise<void> {
    await removePhoto(userdata, photo.id)
    sync.requestSync()
  }

  async function retryUpload(photo: NotePhotoRow): Promise<void> {
    await retryPhotoUpload(userdata, photo.hash)
    void sync.syncNow()
  }

  const onHide = () => {
    if (document.visibilityState === 'hidden') void flushDescriptions()
  }
  document.addEventListener('visibilitychange', onHide)
  window.addEventListener('pagehide', flushDescriptions)

  onScopeDispose(() => {
    void flushDescriptions()
    subscription?.unsubscribe()
    window.removeEventListener('online', onOnline)
    document.removeEventListener('visibilitychange', onHide)
    window.removeEventListener('pagehide', flushDescriptions)
    for (const url of urls.values()) URL.revokeObjectURL(url)
    urls.clear()
  })

  return { views, problem, isAdding, lastAdded, add, describe, flushDescriptions, remove, retryUpload }
}
