/**
 * The Worker entry point: a thin Hono app that mounts one sub-app per
 * resource. The platform issue adds strategies, tournaments and the D1
 * reputation store; for now it serves the engine's health and the classics.
 */
import { Hono } from 'hono'
import { classics } from './api/classics'

const app = new Hono()

app.get('/api/health', (c) => c.json({ ok: true }))
app.route('/api/classics', classics)

export type AppType = typeof app
export default app
