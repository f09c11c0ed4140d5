/**
 * A component drawn again only when one of its props changes (shallow
 * comparison): preact/compat's memo without the rest of compat, which
 * would patch Preact's options for the whole page.
 */
import { Component, h, type FunctionComponent } from 'preact'

export function memo<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const keys = new Set([...Object.keys(this.props), ...Object.keys(next)])
      for (const k of keys) if (k !== 'children' && (this.props as Record<string, unknown>)[k] !== (next as Record<string, unknown>)[k]) return true
      return false
    }
    override render() {
      return h(render, this.props)
    }
  }
  return Memo as unknown as FunctionComponent<P>
}
