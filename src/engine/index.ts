/**
 * The public engine API: pure TypeScript, no I/O, identical results in Node,
 * Cloudflare Workers and the browser. docs/results.md describes the result shapes.
 */
export * from './types'
export * from './prng'
export * from './match-runner'
export * from './match'
export * from './rules'
export * from './classify'
export * from './opponent-view'
export * from './schedule'
export * from './play-job'
export * from './aggregate'
export * from './tournament-result'
export * from './tournament'
export * from './load-check'
export * from './behaviour'
export * from './ecology'
export * from './commons'
export * from './experiment-spec'
export * from './experiment'
export * from './presets'
export * from './replay-check'
