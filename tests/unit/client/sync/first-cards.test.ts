import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { requestFirstCards } from '../../../../src/client/sync/first-cards'
import { createTestMagCache } from '../helpers/test-databases'

function recordingFetch(answer: () => Response) {
  const urls: string[] = []
  const doFetch = (async (url: string) => {
    urls.push(url)
    return answer()
  }) as typeof fetch
  return { urls, doFetch }
}

describe('requestFirstCards', () => {
  it('asks for the cards view when nothing is cached yet', async () => {
    const db = createTestMagCache()
    const { urls, doFetch } = recordingFetch(() => new Response('{}'))
    expect(await requestFirstCards(db, doFetch)).toBeInstanceOf(Response)
    expect(urls).toEqual(['/api/v1/content?view=cards'])
  })

  it('asks for nothing once the magazine is stored (later visits fetch only the delta)', async () => {
    const db = createTestMagCache()
    await db.meta.put({ key: 'cursor', value: '3' })
    const { urls, doFetch } = recordingFetch(() => new Response('{}'))
    expect(await requestFirstCards(db, doFetch)).toBeUndefined()
    expect(urls).toEqual([])
  })

  it('answers undefined offline instead of failing the start', async () => {
    const db = createTestMagCache()
    const offline = (async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof fetch
    expect(await requestFirstCards(db, offline)).toBeUndefined()
  })
})
