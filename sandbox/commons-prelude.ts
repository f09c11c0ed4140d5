/**
 * The commons part of the prelude (prelude.ts): trusted code that runs in
 * every commons seat's context, spliced into the prelude's own closure
 * (extendedPrelude) so that it shares the prelude's random stream, its fault
 * records and the installed move (it uses the prelude's `state`, `used`,
 * `random`, `move`, `moveIsAsync`, `lastFault`, `record`, `thrown`,
 * `returned`, `isAsync`, `position`, `deepFreeze`, `freeze`, `parse` and `SEP`). It
 * defines `extension`, which the prelude returns to the host after its own
 * functions (COMMONS_FN says where each is):
 *
 *   begin(config, identitiesJson)  start a group (config: COMMONS_CONFIG joined with '|')
 *   install(namespace)  the prelude's install (the default export, and an
 *                       announce export, which must be a function when
 *                       there is one); with cheap talk the seat then asks
 *                       that announce for amounts; returns INSTALLED
 *   talk(mine, ...others)  this round's announcements (numbers, or null for
 *                       none), then ask for the request
 *   reserve(rounds)     give the history arrays room for `rounds` rounds
 *                       (a seat calls it once, before its snapshot)
 *   open1 ... open15    start a round in a group of 2 ... 16 players:
 *     openK(fed, stock, receipt, mine, x1, ..., xK)
 *                       when `fed` is 1, first add the last round's outcome
 *                       to the view (the stock now, this seat's receipt, its
 *                       request after the quota, and the K others' requests
 *                       after the quota, in view order); then ask for the
 *                       announcement with cheap talk, else for the request
 *
 * What a round costs the host is the crux of the commons, whose every seat
 * sees every other seat's requests. The host passes the numbers as raw
 * JSValues (commons-vm.ts): one call a seat (two with cheap talk), nothing
 * parsed. Storing them is the only per-round work done for the view: the
 * view is one frozen object, made once a group, whose changing fields
 * (round, stock, myScore, announcements) are getters and whose history
 * arrays grow in place; openK stores its K numbers with straight-line code
 * (measured: a switch over the group size, or a loop over a rest parameter,
 * costs twice as much). The history arrays, the objects of view.others and
 * view.my are made with the context, before the snapshot, so that each
 * group finds them empty and a group's start costs little; a seat also
 * gives the arrays room for RESERVED_ROUNDS rounds then, so that they do
 * not grow, copy and move in the allocator every few rounds of a group (17
 * arrays a seat: measured, the feed's largest cost after the stores).
 *
 * What open and talk return (COMMONS_RESULT): an amount from 0 to
 * rules.maxRequest, FAULTED (the request is then the greediest, and
 * takeFault() says why) or NONE (no announcement); negated (with the sign:
 * -0 for 0) once the strategy has drawn randomness in this group. Negation
 * is exact, so the host reads back the very number the strategy returned.
 */

import { INSTALLED } from './prelude'

/** The most seats a group has (view.others holds up to MAX_SEATS - 1). */
export const MAX_SEATS = 16

/** Results of open and talk that are not an amount; negated once the strategy has drawn randomness. */
export const COMMONS_RESULT = Object.freeze({ FAULTED: Infinity, NONE: Number.MAX_VALUE })

/** Where each function is in the `extension` array; openK (K others) is at OPEN + K - 1. */
export const COMMONS_FN = Object.freeze({ BEGIN: 0, INSTALL: 1, TALK: 2, RESERVE: 3, OPEN: 4 })

/** The functions in the `extension` array. */
export const COMMONS_FN_COUNT = COMMONS_FN.OPEN + MAX_SEATS - 1

/** Rounds the history arrays have room for from the start: the default length (a group of 200 rounds feeds 199 outcomes). */
export const RESERVED_ROUNDS = 200

/** openK's arguments before the others' requests: fed, stock, receipt, mine. */
export const OPEN_FIXED_ARGS = 4

/**
 * The fields of begin()'s config, in order: the seat's own, the group's,
 * then CommonsRules' (its referee as three fields, 'null' for none). Numbers
 * are written as JavaScript writes them (String), which reads back exactly.
 */
export const COMMONS_CONFIG = [
  'seed', 'seat',
  'players', 'stock', 'sustainableShare',
  'capacity', 'maxStock', 'initialStock', 'regrowth', 'collapseBelow', 'maxRequest', 'turns', 'continuation',
  'refereeFine', 'refereeDetection', 'refereeFines', 'quota', 'align', 'cheapTalk',
] as const

/** 1 to MAX_SEATS - 1: the others' history arrays q1 to q15, and openK's parameters x1 to xK. */
const others = Array.from({ length: MAX_SEATS - 1 }, (_, k) => k + 1)
const at = (field: (typeof COMMONS_CONFIG)[number]) => COMMONS_CONFIG.indexOf(field)

/** openK: see above (the move is asked inline: a call less per round). */
const open = (k: number) => `
  function commonsOpen${k}(fed, stock, receipt, mine, ${others.slice(0, k).map((i) => `x${i}`).join(', ')}) {
    if (fed === 1) {
      // The numbers first: a strategy that froze its own history gets a fault, and its view still counts rounds right.
      const r = cRound
      cRound = r + 1
      cStock = stock
      cScore += receipt
      try {
        cMyRequests[r] = mine
        cMyReceipts[r] = receipt
        ${others.slice(0, k).map((i) => `q${i}[r] = x${i}`).join('\n        ')}
      } catch (e) {
        record('tampered', cRound, SEP, thrown(e))
        return used ? -C_FAULTED : C_FAULTED
      }
    }
    if (cTalk) return commonsAnnounce()
    let a
    try {
      a = move(cView)
    } catch (e) {
      record('throw', cRound, position(e), thrown(e))
      return used ? -C_FAULTED : C_FAULTED
    }
    if (typeof a === 'number' && a >= 0 && a <= cMax) {
      const x = a + 0
      return used ? -x : x
    }
    record('invalid-request', cRound, SEP, returned(a, moveIsAsync))
    return used ? -C_FAULTED : C_FAULTED
  }`

export const COMMONS_PRELUDE = String.raw`
  // ---- The commons (commons-prelude.ts) ----
  // (C_: the dilemma's prelude has a FAULTED of its own in the same closure.)
  const C_FAULTED = ${COMMONS_RESULT.FAULTED}
  const C_NONE = ${COMMONS_RESULT.NONE}
  // Made once with the context (the snapshot puts them back empty before every group).
  const cMyRequests = []
  const cMyReceipts = []
  const cMy = freeze({ requests: cMyRequests, receipts: cMyReceipts })
  ${others.map((k) => `const q${k} = []`).join('\n  ')}
  const cQs = [${others.map((k) => `q${k}`).join(', ')}]
  // view.others[k] when it is seat k (before this seat), or seat k + 1 (after it), without identities.
  const cBefore = []
  const cAfter = []
  for (let k = 0; k < cQs.length; k++) {
    cBefore[k] = freeze({ seat: k, requests: cQs[k], identity: null })
    cAfter[k] = freeze({ seat: k + 1, requests: cQs[k], identity: null })
  }
  // The per-group state, read and written every round: var, whose closure reads skip let's check
  // for an uninitialised binding (measured: about 20 gas a round).
  var cRound = 0
  var cStock = 0
  var cScore = 0
  var cMax = 0
  var cTalk = false
  var cHeard = null
  var cHeardView = null
  var cAnnounce = null
  var cView = null

  function commonsBegin(config, identitiesJson) {
    const c = config.split('|')
    const num = (x) => (x === 'null' ? null : +x)
    const seat = +c[${at('seat')}]
    const players = +c[${at('players')}]
    state = +c[${at('seed')}] | 0
    used = false
    lastFault = ''
    move = null
    moveIsAsync = false
    cRound = 0
    cStock = +c[${at('stock')}]
    cScore = 0
    cMax = +c[${at('maxRequest')}]
    cTalk = c[${at('cheapTalk')}] === 'true'
    cHeard = null
    cHeardView = null
    cAnnounce = null
    const referee = c[${at('refereeFine')}] === 'null' ? null : freeze({ fine: +c[${at('refereeFine')}], detection: +c[${at('refereeDetection')}], fines: c[${at('refereeFines')}] })
    const rules = freeze({
      capacity: +c[${at('capacity')}],
      maxStock: +c[${at('maxStock')}],
      initialStock: +c[${at('initialStock')}],
      regrowth: +c[${at('regrowth')}],
      collapseBelow: +c[${at('collapseBelow')}],
      maxRequest: cMax,
      turns: num(c[${at('turns')}]),
      continuation: num(c[${at('continuation')}]),
      referee,
      quota: num(c[${at('quota')}]),
      align: +c[${at('align')}],
      cheapTalk: cTalk,
    })
    const ids = identitiesJson === '' ? null : deepFreeze(parse(identitiesJson))
    const seats = []
    for (let k = 0; k < players - 1; k++) {
      if (ids === null) seats[k] = k < seat ? cBefore[k] : cAfter[k]
      else seats[k] = freeze({ seat: k < seat ? k : k + 1, requests: cQs[k], identity: ids[k] })
    }
    cView = freeze({
      game: 'commons',
      get round() { return cRound },
      get stock() { return cStock },
      capacity: rules.capacity,
      players,
      seat,
      sustainableShare: +c[${at('sustainableShare')}],
      my: cMy,
      others: freeze(seats),
      get myScore() { return cScore },
      rules,
      get announcements() {
        if (!cTalk || cHeard === null) return null
        if (cHeardView === null) {
          const heard = []
          for (let k = 1; k < cHeard.length; k++) heard[k - 1] = cHeard[k]
          cHeardView = freeze({ my: cHeard[0], others: freeze(heard) })
        }
        return cHeardView
      },
      random,
    })
  }

  // The prelude's own install reads the exports (and judges announce as the dilemma does); with cheap
  // talk the seat then asks that announce for amounts. (An async announce returns a promise, which
  // announces nothing.)
  function commonsInstall(ns) {
    const code = install(ns)
    cAnnounce = cTalk && code === ${INSTALLED.WITH_ANNOUNCE} ? speak : null
    return code
  }

  // The strategy's answer as open and talk return it (see COMMONS_RESULT; openK has the move's inline).
  function commonsAsk(fn, announcing) {
    let r
    try {
      r = fn(cView)
    } catch (e) {
      record('throw', cRound, position(e), thrown(e))
      return used ? -C_FAULTED : C_FAULTED
    }
    if (typeof r === 'number' && r >= 0 && r <= cMax) {
      const x = r + 0
      return used ? -x : x
    }
    if (announcing) return used ? -C_NONE : C_NONE
    record('invalid-request', cRound, SEP, returned(r, moveIsAsync))
    return used ? -C_FAULTED : C_FAULTED
  }

  // With cheap talk, a round opens with the announcement (none yet in view).
  function commonsAnnounce() {
    cHeard = null
    cHeardView = null
    if (cAnnounce === null) return used ? -C_NONE : C_NONE
    return commonsAsk(cAnnounce, true)
  }
  ${others.map(open).join('\n')}

  // Room without length: an array keeps its storage when its length drops.
  function commonsReserve(rounds) {
    const all = [cMyRequests, cMyReceipts, ...cQs]
    for (let k = 0; k < all.length; k++) {
      const a = all[k]
      for (let i = 0; i < rounds; i++) a[i] = 0
      a.length = 0
    }
  }

  function commonsTalk(...heard) {
    cHeard = heard
    cHeardView = null
    return commonsAsk(move, false)
  }

  const extension = [commonsBegin, commonsInstall, commonsTalk, commonsReserve, ${others.map((k) => `commonsOpen${k}`).join(', ')}]
`
