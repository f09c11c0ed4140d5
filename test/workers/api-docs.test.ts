/**
 * /api/docs: Swagger UI served by the Worker itself (no CDN), pointed at
 * /api/openapi.json.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { app } from '../../src/index'

const call = (path: string) => app.request(path, {}, env)

describe('/api/docs', () => {
  it('serves an HTML page that loads only same-origin assets', async () => {
    const res = await call('/api/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toContain('id="swagger-ui"')
    expect(html).not.toMatch(/https?:\/\//)
    for (const src of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(src[1]).toMatch(/^\/api\//)
  })

  it('serves the Swagger UI script and stylesheet from the bundle, and points it at the OpenAPI document', async () => {
    const js = await call('/api/docs/swagger-ui-bundle.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toMatch(/javascript/)
    const script = await js.text()
    expect(script.length).toBeGreaterThan(500_000)
    expect(script).toContain('SwaggerUIBundle')
    const css = await call('/api/docs/swagger-ui.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toMatch(/text\/css/)
    expect(await css.text()).toContain('.swagger-ui')
    const init = await (await call('/api/docs/init.js')).text()
    expect(init).toContain("url: '/api/openapi.json'")
  })
})
