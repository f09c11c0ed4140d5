/**
 * Axelrod's behavioural properties of a strategy, measured from the moves it
 * actually played (after noise) in its matches. Self-play should be left out
 * by the caller (the tournament does). Definitions, with `my` and `their` the
 * two move strings of one match and rounds counted from 0:
 *
 * - cooperationRate: C moves / rounds, over all matches.
 * - initialCooperationRate: matches whose first move is C / matches with at least one round.
 * - nice: in every match, the strategy never defected before the opponent
 *   did. A match is "nice" when the strategy's first D is not earlier than
 *   the opponent's first D (defecting in the same round counts as nice: the
 *   strategy could not have been reacting, but neither was it first).
 *   niceRate is the fraction of nice matches; nice = (niceRate === 1).
 * - retaliation: each round t with their[t] = D and a following round t+1
 *   in the same match is an opportunity; it is answered when my[t+1] = D.
 *   retaliationRate = answered / opportunities; retaliating = rate > 0.5.
 * - forgiveness: an episode starts with a retaliation, my[t+1] = D answering
 *   their[t] = D. Let c be the first round ≥ t+1 in which the opponent
 *   cooperates again. The episode counts only if rounds c+1 and c+2 exist;
 *   the strategy forgave when my[c+1] = C or my[c+2] = C (it returned to C
 *   within two rounds of the opponent's return). The next episode is looked
 *   for from round c+1 on (its retaliation answers a D at round c+1 or
 *   later), so episodes never overlap. Episodes with no return to C, or too
 *   close to the end of the match, are not counted.
 *   forgivenessRate = forgiven / episodes; forgiving = rate > 0.5.
 *
 * A rate with nothing to measure (no rounds, no opportunities) is null, and so
 * is the matching boolean: null means "no evidence", not false.
 */

/** One match from the strategy's point of view. */
export interface MovesPair {
  my: string
  their: string
}

export interface Behaviour {
  /** Matches measured. */
  matches: number
  /** Rounds measured (sum of match lengths). */
  rounds: number
  cooperationRate: number | null
  initialCooperationRate: number | null
  /** Never first to defect in any match (null when there are no matches). */
  nice: boolean | null
  /** Fraction of matches in which it was not first to defect. */
  niceRate: number | null
  /** Opponent defections followed by another round in the same match. */
  retaliationOpportunities: number
  /** Fraction of those answered by a D in the next round. */
  retaliationRate: number | null
  /** retaliationRate > 0.5. */
  retaliating: boolean | null
  /** Counted retaliation episodes where the opponent later returned to C. */
  forgivenessOpportunities: number
  /** Fraction of those in which it played C within two rounds of the opponent's C. */
  forgivenessRate: number | null
  /** forgivenessRate > 0.5. */
  forgiving: boolean | null
}

/** The counts behind a Behaviour: sums of these over many runs give the rates over all of them. */
export interface BehaviourCounts {
  matches: number
  rounds: number
  cooperations: number
  niceMatches: number
  retaliationOpportunities: number
  retaliations: number
  forgivenessOpportunities: number
  forgivenesses: number
}

/** Incremental form of behaviourOf, for feeding matches one at a time without keeping the moves. */
export class BehaviourTally {
  private matches = 0
  private rounds = 0
  private cooperations = 0
  private startedMatches = 0
  private initialCooperations = 0
  private niceMatches = 0
  private retaliationOpportunities = 0
  private retaliations = 0
  private forgivenessOpportunities = 0
  private forgivenesses = 0

  add(my: string, their: string): void {
    const n = Math.min(my.length, their.length)
    this.matches++
    this.rounds += n
    let myFirstD = n
    let theirFirstD = n
    for (let t = 0; t < n; t++) {
      const m = my.charCodeAt(t)
      const o = their.charCodeAt(t)
      if (m === 67 /* C */) this.cooperations++
      else if (myFirstD === n) myFirstD = t
      if (o !== 67 && theirFirstD === n) theirFirstD = t
      if (o !== 67 && t + 1 < n) {
        this.retaliationOpportunities++
        if (my.charCodeAt(t + 1) !== 67) this.retaliations++
      }
    }
    if (n > 0) {
      this.startedMatches++
      if (my.charCodeAt(0) === 67) this.initialCooperations++
    }
    if (myFirstD >= theirFirstD) this.niceMatches++

    // Forgiveness episodes.
    let t = 0
    while (t + 1 < n) {
      if (their.charCodeAt(t) !== 67 && my.charCodeAt(t + 1) !== 67) {
        let c = t + 1
        while (c < n && their.charCodeAt(c) !== 67) c++
        if (c + 2 >= n) break // no return to C, or window cut by the end of the match
        this.forgivenessOpportunities++
        if (my.charCodeAt(c + 1) === 67 || my.charCodeAt(c + 2) === 67) this.forgivenesses++
        t = c + 1
      } else {
        t++
      }
    }
  }

  counts(): BehaviourCounts {
    return {
      matches: this.matches,
      rounds: this.rounds,
      cooperations: this.cooperations,
      niceMatches: this.niceMatches,
      retaliationOpportunities: this.retaliationOpportunities,
      retaliations: this.retaliations,
      forgivenessOpportunities: this.forgivenessOpportunities,
      forgivenesses: this.forgivenesses,
    }
  }

  result(): Behaviour {
    const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null)
    const retaliationRate = rate(this.retaliations, this.retaliationOpportunities)
    const forgivenessRate = rate(this.forgivenesses, this.forgivenessOpportunities)
    const niceRate = rate(this.niceMatches, this.matches)
    return {
      matches: this.matches,
      rounds: this.rounds,
      cooperationRate: rate(this.cooperations, this.rounds),
      initialCooperationRate: rate(this.initialCooperations, this.startedMatches),
      nice: niceRate === null ? null : niceRate === 1,
      niceRate,
      retaliationOpportunities: this.retaliationOpportunities,
      retaliationRate,
      retaliating: retaliationRate === null ? null : retaliationRate > 0.5,
      forgivenessOpportunities: this.forgivenessOpportunities,
      forgivenessRate,
      forgiving: forgivenessRate === null ? null : forgivenessRate > 0.5,
    }
  }
}

/** Behavioural profile of a strategy from its matches (moves as played). */
export function behaviourOf(matches: readonly MovesPair[]): Behaviour {
  const tally = new BehaviourTally()
  for (const m of matches) tally.add(m.my, m.their)
  return tally.result()
}
