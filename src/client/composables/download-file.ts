// Saves a file made on the device (a note as Markdown, all notes as a ZIP, the account's data) the way
// the browser saves any download: a link to the Blob, clicked, then the Blob let go.
export function downloadFile(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the URL; give it a moment before letting the Blob go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
