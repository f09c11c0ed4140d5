/**
 * What the replays' canvases share: their width (they redraw when their box
 * changes), the theme (they read its CSS variables, so they redraw when it
 * changes), sharp drawing on high-density screens, and a round from a
 * pointer position. A canvas, not one element per round: a match has up to
 * 10,000 rounds, and the page must stay light.
 */
import type { RefObject } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

/** The CSS width of an element, kept up to date. */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    setWidth(el.clientWidth)
    const observer = new ResizeObserver(() => setWidth(el.clientWidth))
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}

/** A number that changes whenever the theme does (the toggle's data-theme, or the system's scheme). */
export function useThemeTick(): number {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const bump = () => setTick((t) => t + 1)
    const observer = new MutationObserver(bump)
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] })
    const media = matchMedia('(prefers-color-scheme: dark)')
    media.addEventListener('change', bump)
    return () => {
      observer.disconnect()
      media.removeEventListener('change', bump)
    }
  }, [])
  return tick
}

export type Rgb = [number, number, number]

/** A theme colour (a CSS variable) as RGB, resolved by the browser whatever its notation. */
export function themeColor(el: Element, variable: string): Rgb {
  const probe = document.createElement('span')
  probe.style.color = `var(${variable})`
  probe.style.display = 'none'
  el.appendChild(probe)
  const rgb = getComputedStyle(probe).color.match(/[\d.]+/g)?.slice(0, 3).map(Number) ?? [128, 128, 128]
  probe.remove()
  return rgb as Rgb
}

export function mix(a: Rgb, b: Rgb, t: number): string {
  const c = (i: number) => Math.round(a[i]! + (b[i]! - a[i]!) * t)
  return `rgb(${c(0)},${c(1)},${c(2)})`
}

export const css = (c: Rgb) => `rgb(${c[0]},${c[1]},${c[2]})`

/** Sizes the canvas for the screen's pixel density (only when it changed: resizing clears and reallocates it); returns a context drawing in CSS pixels. */
export function sharpContext(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1
  const w = Math.max(1, Math.round(width * ratio))
  const h = Math.max(1, Math.round(height * ratio))
  if (canvas.width !== w) canvas.width = w
  if (canvas.height !== h) canvas.height = h
  canvas.style.width = `${width}px`
  canvas.style.height = `${height}px`
  const ctx = canvas.getContext('2d')
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0)
  ctx?.clearRect(0, 0, width, height)
  return ctx
}

type Draw = (ctx: CanvasRenderingContext2D, el: HTMLCanvasElement) => void

/**
 * A canvas drawn in two layers: a base (the whole replay: thousands of
 * rectangles) drawn off screen again only when its `baseDeps` change, and a
 * top (the current round) drawn over a copy of it on every change of
 * `topDeps`, so playing a replay costs one image copy a frame.
 */
export function useLayers(canvas: RefObject<HTMLCanvasElement | null>, width: number, height: number, base: Draw, baseDeps: unknown[], top: Draw, topDeps: unknown[]): void {
  const layer = useRef<HTMLCanvasElement | null>(null)
  useEffect(() => {
    const el = canvas.current
    if (!el || width < 1) return
    layer.current ??= document.createElement('canvas')
    const ctx = sharpContext(layer.current, width, height)
    if (ctx) base(ctx, el)
  }, [width, height, ...baseDeps])
  // Declared after the base's effect, so it runs after it in the same commit.
  useEffect(() => {
    const el = canvas.current
    if (!el || !layer.current || width < 1) return
    const ctx = sharpContext(el, width, height)
    if (!ctx) return
    ctx.drawImage(layer.current, 0, 0, width, height)
    top(ctx, el)
  }, [width, height, ...baseDeps, ...topDeps])
}

/**
 * Pointer handlers that move the replay to the round under the pointer
 * (press, then drag): `count` rounds spread over the element's width.
 */
export function scrubHandlers(count: number, go: (round: number) => void) {
  const at = (e: PointerEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect()
    go(Math.floor(((e.clientX - box.left) / Math.max(1, box.width)) * count))
  }
  return {
    onPointerDown: (e: PointerEvent) => {
      ;(e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId)
      at(e)
    },
    onPointerMove: (e: PointerEvent) => {
      if (e.buttons & 1) at(e)
    },
  }
}

/**
 * The theme colours a canvas draws with, read once per theme (reading them
 * forces a style computation, too dear for every frame of a replay).
 */
export function paletteCache<K extends string>(variables: Record<K, string>) {
  let cached: { theme: number; colours: Record<K, Rgb> } | null = null
  return (el: Element, theme: number): Record<K, Rgb> => {
    if (cached?.theme !== theme) {
      const colours = {} as Record<K, Rgb>
      for (const k of Object.keys(variables) as K[]) colours[k] = themeColor(el, variables[k])
      cached = { theme, colours }
    }
    return cached.colours
  }
}
