/**
 * The many-player version: the commons' built-ins share one renewable
 * stock, played in the page without a quota and with the quota as set.
 * Welfare, the final stock and the stock over time show what the quota
 * changes; the commons' own dilemma test says why.
 */
import { LineChart } from '../charts/LineChart'
import type { CommonsResult } from '../../../src/engine/commons/aggregate'
import { commonsDilemmaTest } from '../../../src/engine/commons/matrix'
import { DEFAULT_COMMONS_RULES, makeCommonsRules, sustainableShare } from '../../../src/engine/commons/rules'
import { fixed, percent } from '../ui/format'
import { Bar } from './Bar'
import { playCommons } from './play'
import { PlayingNote } from './PlayingNote'
import { RANGES } from './state'
import { Slider } from './Slider'
import { useLiveRun } from './useLiveRun'
import { VERDICT_NAMES } from './Verdict'

/** The commons classics (best-response, conditional-cooperator, greedy, ...): one group of all of them. */
const GROUP = 9
/** What restraint takes a round, each: the sustainable share of a group of GROUP under the default rules. */
const SHARE = sustainableShare(DEFAULT_COMMONS_RULES, GROUP)

function Outcomes({ rows }: { rows: { name: string; result: CommonsResult }[] }) {
  const maxStock = DEFAULT_COMMONS_RULES.maxStock
  const maxWelfare = Math.max(1, ...rows.map((r) => r.result.welfare))
  return (
    <div class="scroll-x">
      <table class="commons-table">
        <caption>One group of {GROUP}, 200 rounds, seed 1</caption>
        <thead>
          <tr>
            <th scope="col">Rules</th>
            <th scope="col" class="metric-col">
              Welfare
            </th>
            <th scope="col" class="metric-col">
              Final stock
            </th>
            <th scope="col" class="num">
              Restrained requests
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, result }) => (
            <tr key={name} data-rules={name}>
              <th scope="row">{name}</th>
              <td class="metric-col" data-welfare={result.welfare}>
                <span class="metric">
                  <span class="num">{percent(result.welfare)}</span>
                  <Bar value={result.welfare} min={0} max={maxWelfare} color="var(--coop)" label={`welfare ${percent(result.welfare)}`} />
                </span>
              </td>
              <td class="metric-col" data-final-stock={result.finalStock}>
                <span class="metric">
                  <span class="num">{fixed(result.finalStock, 0)}</span>
                  <Bar value={result.finalStock} min={0} max={maxStock} color="var(--accent)" label={`final stock ${fixed(result.finalStock, 0)} of ${maxStock}`} />
                </span>
              </td>
              <td class="num">{percent(result.cooperation)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">Welfare: what the group received as a share of what restraint earns for ever (the sustainable share, {fixed(SHARE)} a round each). The stock starts at {maxStock}.</p>
    </div>
  )
}

export function CommonsExperiment({ quota, onQuota }: { quota: number | null; onQuota: (q: number | null) => void }) {
  // The field without a quota never changes: played once per visit.
  const baseline = useLiveRun('no-quota', (token, onProgress) => playCommons({}, token, onProgress))
  const withQuota = useLiveRun(String(quota), (token, onProgress) => (quota === null ? Promise.resolve(null) : playCommons({ quota }, token, onProgress)))
  const test = commonsDilemmaTest(makeCommonsRules({ quota }), GROUP)
  const quotaName = quota === null ? null : `quota ${quota}`
  const rows = [
    ...(baseline.result ? [{ name: 'no quota', result: baseline.result }] : []),
    ...(quotaName && withQuota.result && withQuota.resultKey === String(quota) ? [{ name: quotaName, result: withQuota.result }] : []),
  ]
  const playing = baseline.playing || (quota !== null && withQuota.playing)
  return (
    <section class="card commons" aria-labelledby="commons-title" aria-busy={playing}>
      <h2 id="commons-title">The commons: a quota</h2>
      <p class="muted">
        {GROUP} players share one renewable stock. Each round every player asks for an amount up to 100; taking more pays in a single round whatever the others do, but a group that takes more than the stock regrows loses it for good. A hard quota
        cuts every request to at most q.
      </p>
      <Slider
        name="quota"
        label="Quota per request"
        value={quota ?? RANGES.quota.max}
        range={RANGES.quota}
        display={quota === null ? 'none' : undefined}
        hint={`The sustainable share is ${fixed(SHARE)} a round each; at 100 the quota cuts nothing.`}
        onChange={(v) => onQuota(v >= RANGES.quota.max ? null : v)}
      />
      <p class="commons-verdict">
        <strong data-commons-verdict={test.verdict.code}>{VERDICT_NAMES[test.verdict.code]}</strong>: {test.verdict.text}
      </p>
      <PlayingNote playing={playing} progress={null} unit="groups" error={baseline.error ?? withQuota.error} />
      {rows.length > 0 && (
        <div class={playing ? 'stale' : undefined}>
          <Outcomes rows={rows} />
          <LineChart
            title="The stock at the start of each round"
            series={rows.map((r, k) => ({ name: r.name, values: r.result.stock.mean, color: k === 0 ? 'var(--defect)' : 'var(--coop)' }))}
            xLabel="round"
            yLabel="stock"
            yMin={0}
            yMax={DEFAULT_COMMONS_RULES.maxStock}
            height={200}
          />
          {quota === null && <p class="muted">Lower the quota to compare the same group with one.</p>}
        </div>
      )}
    </section>
  )
}
