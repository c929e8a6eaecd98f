// Which kind of device a push came from, to name it in a conflict copy ([N3]). A code, not a sentence:
// the app shows it in the reader's own language.
export const DEVICE_KINDS = ['android', 'iphone', 'ipad', 'windows', 'mac', 'linux', 'other'] as const
export type DeviceKind = (typeof DEVICE_KINDS)[number]

export function deviceKindFromUserAgent(userAgent: string | undefined): DeviceKind {
  const ua = userAgent ?? ''
  if (/android/i.test(ua)) return 'android'
  if (/iphone|ipod/i.test(ua)) return 'iphone'
  if (/ipad/i.test(ua)) return 'ipad'
  if (/windows/i.test(ua)) return 'windows'
  if (/macintosh|mac os x/i.test(ua)) return 'mac'
  if (/linux|cros/i.test(ua)) return 'linux'
  return 'other'
}
