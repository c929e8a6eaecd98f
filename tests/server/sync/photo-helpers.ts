// Photos for sync server tests: add one by push ([A1]), then send or fetch its bytes ([A2][A3]).
//   const photo = await pushPhoto(app, phone, noteId, { mutationId: 2 })
//   expect((await uploadPhoto(app, phone, photo.id, photo.bytes)).statusCode).toBe(204)
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { MutationArgs } from '../../../src/shared/sync/mutations'
import { photoPath, type PhotoMimeType } from '../../../src/shared/sync/note-photo'
import type { Mutation } from '../../../src/shared/sync/protocol'
import { pngBytes, sha256Hex } from '../../factories/photo-factory'
import { type Device, mutation, pushOk } from './sync-helpers'

export function noteAddPhoto(id: number, args: MutationArgs['note.addPhoto'], at?: number): Mutation {
  return mutation(id, 'note.addPhoto', args, at)
}

export function noteSetPhotoAlt(id: number, photoId: string, alt: string, at?: number): Mutation {
  return mutation(id, 'note.setPhotoAlt', { id: photoId, alt }, at)
}

export function noteRemovePhoto(id: number, photoId: string, at?: number): Mutation {
  return mutation(id, 'note.removePhoto', { id: photoId }, at)
}

/** The `note.addPhoto` arguments of these bytes. */
export function photoArgs(noteId: string, bytes: Buffer, overrides: Partial<MutationArgs['note.addPhoto']> = {}): MutationArgs['note.addPhoto'] {
  return { noteId, id: randomUUID(), hash: sha256Hex(bytes), mime: 'image/png', bytes: bytes.length, width: 1, height: 1, alt: '', ...overrides }
}

export interface PushedPhoto {
  id: string
  bytes: Buffer
  args: MutationArgs['note.addPhoto']
}

/** Pushes `note.addPhoto` for a PNG (distinct per seed) and answers what the upload needs. */
export async function pushPhoto(
  app: FastifyInstance,
  device: Device,
  noteId: string,
  options: { mutationId: number; seed?: number; bytes?: Buffer; args?: Partial<MutationArgs['note.addPhoto']>; at?: number },
): Promise<PushedPhoto> {
  const bytes = options.bytes ?? pngBytes(options.seed ?? options.mutationId)
  const args = photoArgs(noteId, bytes, options.args)
  await pushOk(app, device, [noteAddPhoto(options.mutationId, args, options.at)])
  return { id: args.id, bytes, args }
}

export function uploadPhoto(
  app: FastifyInstance,
  device: Device,
  photoId: string,
  bytes: Buffer,
  options: { mime?: PhotoMimeType | string; headers?: Record<string, string>; sessionCookie?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const sessionCookie = options.sessionCookie === undefined ? device.user.cookie : options.sessionCookie
  return app.inject({
    method: 'PUT',
    url: photoPath(photoId),
    headers: { 'content-type': options.mime ?? 'image/png', 'user-agent': device.userAgent, ...options.headers },
    cookies: sessionCookie === null ? {} : { [SESSION_COOKIE]: sessionCookie },
    payload: bytes,
  })
}

export function fetchPhoto(app: FastifyInstance, device: Device, photoId: string, options: { sessionCookie?: string | null } = {}): Promise<LightMyRequestResponse> {
  const sessionCookie = options.sessionCookie === undefined ? device.user.cookie : options.sessionCookie
  return app.inject({ method: 'GET', url: photoPath(photoId), cookies: sessionCookie === null ? {} : { [SESSION_COOKIE]: sessionCookie } })
}
