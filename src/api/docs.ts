/**
 * GET /api/docs: Swagger UI over /api/openapi.json, served entirely by the
 * Worker (no CDN, works offline). The UI's script and stylesheet come from
 * the `swagger-ui-dist` package, embedded in the bundle as text modules by
 * the `[[rules]] type = "Text"` entry in wrangler.toml.
 */
import { Hono } from 'hono'
// @ts-expect-error: a text module under wrangler and the Workers vitest pool (wrangler.toml [[rules]]).
import bundleJs from 'swagger-ui-dist/swagger-ui-bundle.js'
// @ts-expect-error: a text module, as above.
import css from 'swagger-ui-dist/swagger-ui.css'
import type { ApiEnv } from './context'

const SCRIPT = bundleJs as string
const STYLE = css as string

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Dilemma Arena API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <style>body { margin: 0 } .topbar { display: none }</style>
</head>
<body>
  <noscript>This page needs JavaScript. The API is described by <a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`

const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  persistAuthorization: true,
});
`

const CACHE = 'public, max-age=3600'

export const docs = new Hono<ApiEnv>()
  .get('/', (c) => c.html(PAGE))
  .get('/swagger-ui-bundle.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': CACHE }))
  .get('/swagger-ui.css', (c) => c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': CACHE }))
  .get('/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': CACHE }))
