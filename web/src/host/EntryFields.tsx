/** Who may enter: everyone or the invited; whether strategies see who they play; how many strategies an account may enter. */
import { Check, Choice, NumberField } from './fields'
import type { SectionProps } from './LengthFields'

/** src/jobs/run-spec.ts's MAX_ENTRANTS and MAX_SHARED_ENTRANTS, written again: that module reads the database (drizzle), which has no place in a page. */
const MAX_ENTRANTS = 64
const MAX_SHARED_ENTRANTS = 48

export function EntryFields({ draft, set, problem }: SectionProps) {
  return (
    <fieldset>
      <legend>Entries</legend>
      <Choice
        legend="Who may enter"
        name="entry"
        value={draft.entry}
        onChange={(entry) => set({ entry })}
        field="entry"
        problem={problem}
        options={[
          { value: 'open', label: 'Anyone', hint: '(open)' },
          { value: 'invite', label: 'Only those you invite', hint: '(invite)' },
        ]}
      />
      <Check
        label="Share identities"
        checked={draft.shareIdentities}
        onChange={(shareIdentities) => set({ shareIdentities })}
        field="shareIdentities"
        problem={problem}
        hint={`each strategy sees who it plays, that opponent's rating and behaviour over earlier runs, and its own record against it; at most ${MAX_SHARED_ENTRANTS} entrants instead of ${MAX_ENTRANTS}`}
      />
      <NumberField
        label="Strategies per account"
        value={draft.maxEntriesPerAccount}
        onInput={(maxEntriesPerAccount) => set({ maxEntriesPerAccount })}
        field="maxEntriesPerAccount"
        problem={problem}
        min={1}
        max={MAX_ENTRANTS}
        step={1}
        placeholder="1"
        hint="1 unless you allow more: teams of strategies that recognise each other can game a tournament. The house classics you enter do not count."
      />
    </fieldset>
  )
}
