/**
 * The explorer's sliders for the two-player game: the payoffs, the
 * referee, aligned rewards and the length of a match. Each hint says, for
 * the numbers as they stand, where the mechanism starts to change the game.
 */
import type { Payoffs } from '../../../src/engine/types'
import { RANGES, type ExplorerState, type Fines, type LengthMode } from './state'
import { Slider } from './Slider'

const show = (x: number) => String(Number(x.toPrecision(4)))

const PAYOFF_LABELS: Record<keyof Payoffs, string> = {
  R: 'R, both cooperate',
  S: 'S, you cooperate, they defect',
  T: 'T, you defect, they cooperate',
  P: 'P, both defect',
}

export function Controls({ state, set }: { state: ExplorerState; set: (change: Partial<ExplorerState>) => void }) {
  const { R, S, T, P } = state.payoffs
  const pf = state.fine * state.detection
  // Aligned rewards move T down and S up by a(T − S)/2: cooperation dominates once both have crossed R and P.
  const alignNeeded = T > S ? Math.max(2 * (T - R), 2 * (P - S)) / (T - S) : null
  return (
    <div class="controls">
      <fieldset>
        <legend>Payoffs</legend>
        {(['R', 'S', 'T', 'P'] as const).map((key) => (
          <Slider key={key} name={key} label={PAYOFF_LABELS[key]} value={state.payoffs[key]} range={RANGES.payoff} onChange={(v) => set({ payoffs: { ...state.payoffs, [key]: v } })} />
        ))}
      </fieldset>

      <fieldset>
        <legend>Referee</legend>
        <Slider name="fine" label="Fine" value={state.fine} range={RANGES.fine} onChange={(fine) => set({ fine })} />
        <Slider
          name="detection"
          label="Detection probability"
          value={state.detection}
          range={RANGES.detection}
          onChange={(detection) => set({ detection })}
          hint={`Expected fine p × f = ${show(pf)}. Cooperating pays more against a cooperator once p × f > T − R = ${show(T - R)}, and against a defector once p × f > P − S = ${show(P - S)}.`}
        />
        <div class="radios" role="radiogroup" aria-label="Where fines go">
          {(['destroyed', 'shared'] as const satisfies readonly Fines[]).map((f) => (
            <label key={f} class="radio">
              <input type="radio" name="fines" value={f} checked={state.fines === f} onChange={() => set({ fines: f })} />
              {f === 'destroyed' ? 'Fines destroyed (lost to everyone)' : "Fines shared (paid to the defector's victim)"}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Aligned rewards</legend>
        <Slider
          name="align"
          label="Reward alignment a"
          value={state.align}
          range={RANGES.align}
          onChange={(align) => set({ align })}
          hint={
            <>
              Each receives (1 − a) × its own payoff + a × the mean of both.
              {alignNeeded !== null &&
                alignNeeded > 0 &&
                (alignNeeded < 1 ? ` Cooperation dominates once a > max(2(T − R), 2(P − S)) / (T − S) = ${show(alignNeeded)}.` : ' With these payoffs no alignment up to 1 makes cooperation dominant.')}
            </>
          }
        />
      </fieldset>

      <fieldset>
        <legend>Length of a match</legend>
        <div class="radios" role="radiogroup" aria-label="How a match ends">
          {(['continuation', 'rounds'] as const satisfies readonly LengthMode[]).map((mode) => (
            <label key={mode} class="radio">
              <input type="radio" name="length" value={mode} checked={state.length === mode} onChange={() => set({ length: mode })} />
              {mode === 'rounds' ? 'A known number of rounds' : 'Another round with probability w'}
            </label>
          ))}
        </div>
        {state.length === 'rounds' ? (
          <Slider
            name="rounds"
            label="Rounds"
            value={state.rounds}
            range={RANGES.rounds}
            onChange={(rounds) => set({ rounds })}
            hint="A known last round is one-shot: for the rounds before it the test uses w = 1 − 1/n."
          />
        ) : (
          <Slider
            name="w"
            label="Continuation probability w"
            value={state.continuation}
            range={RANGES.continuation}
            onChange={(continuation) => set({ continuation })}
            hint={`About ${show(1 / (1 - state.continuation))} rounds a match on average.`}
          />
        )}
      </fieldset>
    </div>
  )
}
