/**
 * A commons group's seats at the current round and in total: what each
 * asked for and received this round (against the sustainable share), its
 * announcement, fines and faults, and its totals over the group.
 */
import { useMemo } from 'preact/hooks'
import { fmt } from './Heat'
import { Mark } from './Marks'
import type { GroupReplay } from './types'

export function SeatTable({ group, round, live }: { group: GroupReplay; round: number; live: boolean }) {
  const share = group.sustainableShare
  const totals = useMemo(() => group.requests.map((row) => row.reduce((a, b) => a + b, 0)), [group])
  const finedNow = group.fined.map((rounds) => rounds.includes(round))
  const faultsNow = group.faults.map((fs) => fs.filter((f) => f.round === round))
  return (
    <div class="seat-readout">
      <p class="seat-round" aria-live={live ? 'polite' : 'off'}>
        Round <strong class="readout-round">{round + 1}</strong> of {group.rounds}: the stock was {fmt(group.stock[round] ?? 0)} at its start and {fmt(group.stock[round + 1] ?? 0)} after it.
      </p>
      <div class="scroll-x">
        <table class="group-seats">
          <caption class="visually-hidden">The seats in this round and in total</caption>
          <thead>
            <tr>
              <th scope="col">Seat</th>
              <th scope="col">Strategy</th>
              <th scope="col" class="num">Asked</th>
              <th scope="col" class="num">Received</th>
              <th scope="col">This round</th>
              <th scope="col" class="num">Total asked</th>
              <th scope="col" class="num">Total received</th>
              <th scope="col" class="num">Fines</th>
              <th scope="col" class="num">Faults</th>
            </tr>
          </thead>
          <tbody>
            {group.players.map((id, s) => {
              const asked = group.requests[s]![round] ?? 0
              const said = group.announcements?.[s]?.[round]
              return (
                <tr key={s} data-seat={s}>
                  <td class="num">{s + 1}</td>
                  <td class="seat-name">
                    <a href={`/strategies/${encodeURIComponent(id)}`}>{group.names[s]}</a>
                  </td>
                  <td class="num seat-asked">{fmt(asked)}</td>
                  <td class="num seat-received">{fmt(group.receipts[s]![round] ?? 0)}</td>
                  <td>
                    {asked > share ? `over the share (${fmt(share)})` : asked < share ? 'under the share' : 'the share'}
                    {said != null && `; announced ${fmt(said)}`}
                    {finedNow[s] && (
                      <>
                        {' '}
                        <Mark kind="fine" /> fined
                      </>
                    )}
                    {faultsNow[s]!.map((f, i) => (
                      <span key={i}>
                        {' '}
                        <Mark kind="fault" /> <code>{f.kind}</code>: {f.message}
                      </span>
                    ))}
                  </td>
                  <td class="num">{fmt(totals[s]!)}</td>
                  <td class="num seat-score">{fmt(group.scores[s]!)}</td>
                  <td class="num">{group.fined[s]!.length}</td>
                  <td class="num">{group.faultCounts[s]}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
