// Names the page and the service worker must agree on.
/** Cache Storage bucket holding every image of the magazine; the client fills and prunes it. */
export const MAGAZINE_IMAGE_CACHE = 'magazine-images-v1'
