/**
 * How long a match (or a commons group) lasts: a fixed number of rounds or a
 * continuation probability w (expected length 1/(1 − w)); the dilemma's
 * noise; and how many times each pairing or group is played.
 */
import { MAX_TURNS } from '../../../src/engine/rules'
import { MAX_REPETITIONS } from '../../../src/engine/schedule'
import { num, type Draft } from './draft'
import { Choice, NumberField, type Problem } from './fields'

export interface SectionProps {
  draft: Draft
  set: (patch: Partial<Draft>) => void
  problem: Problem
}

/** "about 20 rounds" for w = 0.95, or why there is no expected length. */
export function expectedLength(text: string): string {
  const w = num(text)
  if (w === undefined || Number.isNaN(w)) return 'give a probability from 0 up to 1'
  if (!(w >= 0 && w < 1)) return 'w must be from 0 up to (not including) 1'
  const rounds = 1 / (1 - w)
  return `expected length 1/(1 − w) = ${Number(rounds.toPrecision(4))} rounds (at most ${MAX_TURNS.toLocaleString('en')})`
}

export function LengthFields({ draft, set, problem }: SectionProps) {
  return (
    <fieldset>
      <legend>Length and noise</legend>
      <Choice
        legend="Length"
        name="length"
        value={draft.length}
        onChange={(length) => set({ length })}
        field="rules.length"
        problem={null}
        options={[
          { value: 'turns', label: 'A fixed number of rounds', hint: '(the strategies know it: the last round is one-shot)' },
          { value: 'continuation', label: 'A continuation probability', hint: '(after each round, another with probability w)' },
        ]}
      />
      {draft.length === 'turns' ? (
        <NumberField label="Rounds" value={draft.turns} onInput={(turns) => set({ turns })} field="rules.turns" problem={problem} min={1} max={MAX_TURNS} step={1} placeholder="200" />
      ) : (
        <NumberField
          label="Continuation probability w"
          value={draft.continuation}
          onInput={(continuation) => set({ continuation })}
          field="rules.continuation"
          problem={problem}
          min={0}
          max={0.9999}
          step="any"
          hint={<span class="expected-length">{expectedLength(draft.continuation)}</span>}
        />
      )}
      {draft.game === 'dilemma' && (
        <NumberField label="Noise" value={draft.noise} onInput={(noise) => set({ noise })} field="rules.noise" problem={problem} min={0} max={1} hint="probability that each intended move is flipped (0 to 1)" />
      )}
      <NumberField
        label="Repetitions"
        value={draft.repetitions}
        onInput={(repetitions) => set({ repetitions })}
        field="rules.repetitions"
        problem={problem}
        min={1}
        max={MAX_REPETITIONS}
        step={1}
        placeholder="5"
        hint={`times each ${draft.game === 'dilemma' ? 'pairing' : 'group'} is played, with different seeds (1 to ${MAX_REPETITIONS})`}
      />
    </fieldset>
  )
}
