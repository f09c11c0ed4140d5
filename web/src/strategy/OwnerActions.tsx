/** What the owner may do from the page: edit (a new version) and retire. */
import { ConfirmButton } from '../account/ConfirmButton'
import { api, ok } from '../api'

export function OwnerActions({ id, name, retired, onRetired }: { id: string; name: string; retired: boolean; onRetired: () => void }) {
  if (retired) return <p class="muted">You retired this strategy: it enters nothing new; its versions and past results stay.</p>
  return (
    <div class="row owner-actions">
      <a class="button" href={`/strategies/${encodeURIComponent(id)}/edit`}>
        Edit (new version)
      </a>
      <ConfirmButton
        label="Retire…"
        question={<>Retire “{name}”? It will enter no new tournament; its results stay.</>}
        yes="Yes, retire it"
        onConfirm={async () => {
          await ok(api.api.strategies[':id'].$delete({ param: { id } }))
          onRetired()
        }}
      />
    </div>
  )
}
