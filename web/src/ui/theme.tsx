/** Light and dark themes: the system's by default, or the visitor's choice, remembered in localStorage. */
import { useState } from 'preact/hooks'

type Theme = 'light' | 'dark' | 'system'

function current(): Theme {
  const t = document.documentElement.dataset.theme
  return t === 'light' || t === 'dark' ? t : 'system'
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(current())
  const next: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' }
  const choose = () => {
    const t = next[theme]
    if (t === 'system') {
      delete document.documentElement.dataset.theme
      localStorage.removeItem('arena.theme')
    } else {
      document.documentElement.dataset.theme = t
      localStorage.setItem('arena.theme', t)
    }
    setTheme(t)
  }
  return (
    <button type="button" class="theme-toggle" onClick={choose} aria-label={`Theme: ${theme}. Change theme`} title={`Theme: ${theme}`}>
      {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
    </button>
  )
}
