/** Every version: when, its source hash, how it played the validation classics, and any faults it had there. */
import { dateTime, percent } from '../ui/format'
import type { Profile } from './types'

export function Versions({ versions }: { versions: Profile['versions'] }) {
  return (
    <>
      <p class="muted" id="versions-caption">
        {versions.length} {versions.length === 1 ? 'version' : 'versions'}, newest first; each was played against the validation classics when uploaded
      </p>
      <div class="scroll-x">
        <table class="versions" aria-labelledby="versions-caption">
          <thead>
            <tr>
              <th>version</th>
              <th>uploaded</th>
              <th class="hide-phone">source hash</th>
              <th class="num">cooperation</th>
              <th>faults</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>{dateTime(v.createdAt)}</td>
                <td class="hide-phone mono" title={v.sourceHash}>
                  {v.sourceHash.slice(0, 12)}
                </td>
                <td class="num">{v.behaviour ? percent(v.behaviour.cooperationRate) : '–'}</td>
                <td>
                  {v.faults.length === 0 ? (
                    <span class="muted">none</span>
                  ) : (
                    <ul class="faults">
                      {v.faults.map((f, i) => (
                        <li key={i}>
                          {f.kind} {f.round < 0 ? 'while loading' : `in round ${f.round + 1}`}: {f.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
