// A page whose code or texts cannot load — no connection before the app is stored on the device, or an
// update removed the files of the build this tab runs — makes the router give up on the move. Without
// this she would see an empty page (on a first visit) or a tap that does nothing. The address that
// failed is kept until a later move succeeds, so the app can say so and load that address again.
import { readonly, type Ref, shallowRef } from 'vue'
import { isNavigationFailure, NavigationFailureType, type Router } from 'vue-router'

export function useRouteLoadFailure(router: Router): Readonly<Ref<string | null>> {
  const failedPath = shallowRef<string | null>(null)
  router.onError((_error, to) => {
    failedPath.value = to.fullPath
  })
  // A move that arrived ends the message, and so does one to the page the router is still on (the
  // page under the message: its link in the menu does nothing else). A cancelled move changes nothing.
  router.afterEach((_to, _from, failure) => {
    if (!failure || isNavigationFailure(failure, NavigationFailureType.duplicated)) failedPath.value = null
  })
  return readonly(failedPath)
}
