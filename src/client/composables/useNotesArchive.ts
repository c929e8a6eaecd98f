// "Download alle notities": every note on the device, with its quick lines and photos, as one ZIP made
// here (offline too). Photo bytes taken on another device are fetched first when that can be done.
import { ref } from 'vue'
import { userdata } from '../db/instances'
import { readAllPhotos, readPhotoFile } from '../db/photo-actions'
import { readNotes } from '../db/user-actions'
import { useAccountStore } from '../stores/account'
import { downloadFile } from './download-file'

export type NotesArchiveState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; fileName: string; notes: number; photos: number; missingPhotos: number } | { kind: 'failed' }

export function useNotesArchive() {
  const account = useAccountStore()
  const state = ref<NotesArchiveState>({ kind: 'idle' })

  async function photoBytes(photo: Awaited<ReturnType<typeof readAllPhotos>>[number]): Promise<ArrayBuffer | undefined> {
    const local = await readPhotoFile(userdata, photo.hash)
    if (local) return local.data
    if (!account.user) return undefined
    try {
      const { loadPhotoBlob } = await import('../sync/photo-fetch')
      return await (await loadPhotoBlob(userdata, photo)).arrayBuffer()
    } catch {
      // Offline, or not on the server yet: the Markdown names the photo instead.
      return undefined
    }
  }

  async function downloadAll(): Promise<void> {
    state.value = { kind: 'busy' }
    try {
      const [{ buildNotesArchive }, notes, lines, photos] = await Promise.all([
        import('../notes/notes-archive'),
        readNotes(userdata),
        userdata.lines.toArray(),
        readAllPhotos(userdata),
      ])
      const withBytes = []
      for (const photo of photos) withBytes.push({ photo, data: await photoBytes(photo) })
      const archive = buildNotesArchive({ notes, lines, photos: withBytes, now: Date.now() })
      downloadFile(archive.fileName, new Blob([archive.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }))
      state.value = { kind: 'done', fileName: archive.fileName, notes: archive.noteCount, photos: archive.photoCount, missingPhotos: photos.length - archive.photoCount }
    } catch {
      state.value = { kind: 'failed' }
    }
  }

  return { state, downloadAll }
}
