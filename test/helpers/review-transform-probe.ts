/** Prints what moduleFactory makes of stack-hungry modules (run by test/sandbox-review-attacks.test.ts with several host stack sizes). */
import { moduleFactory } from '../../sandbox/module-factory'

const sources = [
  `// x\nconst f = () => f\nf${'()'.repeat(2000)}\nexport default (v) => 'C'`,
  `// x\nconst z = ${'['.repeat(120)}${']'.repeat(120)}\nexport default (v) => 'C'`,
]
const answers = sources.map((s) => {
  try {
    return 'script' in moduleFactory(s) ? 'script' : 'fallback'
  } catch {
    return 'throws'
  }
})
console.log(JSON.stringify(answers))
