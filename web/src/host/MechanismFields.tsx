/**
 * The mechanisms that change the game (docs/mechanisms.md): a referee who
 * fines detected defections, aligned rewards, and cheap talk. The verdict
 * beside the form shows what they do to the matrix.
 */
import { Check, Choice, NumberField } from './fields'
import type { SectionProps } from './LengthFields'

export function MechanismFields({ draft, set, problem }: SectionProps) {
  const defection = draft.game === 'dilemma' ? 'defection' : 'request above the sustainable share'
  return (
    <fieldset>
      <legend>Mechanisms</legend>
      {/* Only an error about the referee as a whole here: its fine, detection and fines have their own inputs. */}
      <Check label="A referee" checked={draft.referee} onChange={(referee) => set({ referee })} field="rules.referee" problem={problem?.field === 'rules.referee' ? problem : null} hint={`fines each detected ${defection}`} />
      {draft.referee && (
        <div class="host-indent">
          <NumberField label="Fine" value={draft.fine} onInput={(fine) => set({ fine })} field="rules.referee.fine" problem={problem} min={0} hint="what a detected defection costs the defector" />
          <NumberField
            label="Detection probability"
            value={draft.detection}
            onInput={(detection) => set({ detection })}
            field="rules.referee.detection"
            problem={problem}
            min={0}
            max={1}
            hint="drawn from the match's seed, 0 to 1"
          />
          <Choice
            legend="The fines are"
            name="fines"
            value={draft.fines}
            onChange={(fines) => set({ fines })}
            field="rules.referee.fines"
            problem={problem}
            options={[
              { value: 'destroyed', label: 'destroyed', hint: '(lost to everyone)' },
              { value: 'shared', label: 'shared', hint: draft.game === 'dilemma' ? '(given to the other player)' : '(split among the other seats)' },
            ]}
          />
        </div>
      )}
      <NumberField
        label="Aligned rewards a"
        value={draft.align}
        onInput={(align) => set({ align })}
        field="rules.align"
        problem={problem}
        min={0}
        max={1}
        step={0.05}
        hint={`each receives (1 − a) × its own payoff + a × the ${draft.game === 'dilemma' ? 'mean of both' : "group's mean"} (0 to 1)`}
      />
      <Check
        label="Cheap talk"
        checked={draft.cheapTalk}
        onChange={(cheapTalk) => set({ cheapTalk })}
        field="rules.cheapTalk"
        problem={problem}
        hint={`strategies may announce ${draft.game === 'dilemma' ? 'a move' : 'an amount'} before each round; nothing binds it`}
      />
    </fieldset>
  )
}
