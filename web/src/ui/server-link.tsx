/**
 * A link to a page the Worker serves itself (/api/docs, /api/openapi.json),
 * not one of the site's routes. The router handles every same-origin click
 * on the window; stopping the click at the link lets the browser load it.
 */
import type { ComponentChildren } from 'preact'

export function ServerLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a href={href} onClick={(e) => e.stopPropagation()}>
      {children}
    </a>
  )
}
