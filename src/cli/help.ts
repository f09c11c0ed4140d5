/**
 * Help texts, kept apart from the commands so that `arena --help` loads
 * neither the engine nor the sandbox (startup stays fast).
 */

export const COMMANDS = ['match', 'tournament', 'experiment', 'check', 'rules', 'list', 'help'] as const
export type CommandName = (typeof COMMANDS)[number]

const PLAYERS = `A player is a path to a strategy module (.js or .mjs, "export default function
move(view) { ... }") or a built-in name such as tit-for-tat ("arena list").
A path that exists wins over a built-in name. Output labels every player
exactly as given on the command line.`

const RULE_OPTIONS = `  --turns N           rounds per match, 1 to 10000 (default 200)
  --continuation W    instead of --turns: probability of another round after
                      each round, 0 <= W < 1 (lengths are drawn from the seed)
  --noise P           probability that each intended move is flipped (default 0)
  --payoffs R,S,T,P   payoff matrix (default 3,0,5,1); a matrix that is not a
                      prisoner's dilemma is played, with a warning
  --seed S            run seed, a whole number or any text (default 1)
  --fine F --detection P [--fines destroyed|shared]
                      a referee: each defection is detected with probability P
                      (drawn from the match seed) and fined F; the fine is lost
                      (destroyed, the default) or goes to the other player
  --align A           aligned rewards: each player receives (1 - A) x its own
                      payoff + A x the mean of both, 0 <= A <= 1
  --cheap-talk        strategies may announce a move before each round
                      (export announce(view)); nothing binds it
                      (docs/mechanisms.md describes each mechanism)
  --json              print the result as one line of JSON (see docs/cli.md)`

const OPPONENTS_OPTION = `  --opponents FILE    share identities: every player sees view.opponent, with
                      the names, reputations and own histories given in FILE
                      (JSON keyed by player id, which is the player's label;
                      players not in FILE get the defaults; see docs/cli.md)`

const JOBS_OPTION = `  --jobs N            play on N threads at once, 1 to 64 (default: one per
                      core, fewer for a small run); 1 plays on the command's
                      own thread. The result is the same, byte for byte`

const COMMONS_OPTIONS = `Commons options (with --game commons; docs/games.md has the formulas):
  --turns N | --continuation W   rounds per group (default 200), as above
  --capacity C        served a round without congestion (default 100); demand
                      D beyond it is served C x C / D
  --stock S           the stock at round 1 (default: --max-stock)
  --max-stock K       the most the stock holds (default 1000)
  --regrowth G        logistic regrowth rate, above 0 up to 1 (default 0.4)
  --collapse-below B  a stock left below B is gone for good (default 50)
  --max-request M     the largest request; a fault plays it (default 100)
  --quota Q           requests above Q are cut to Q
  --fine F --detection P [--fines destroyed|shared]
                      a referee fines a request above the sustainable share F,
                      caught with probability P; shared: to the other seats
  --align A           each gets (1-A) x its own + A x the group's mean
  --cheap-talk        strategies may announce(view) an amount before each round`

const MAIN = `arena: iterated prisoner's dilemma matches and tournaments

Usage:
  arena match A B [options]           play one match and show every move
  arena tournament PLAYER... [options]
                                      round robin of files, directories of
                                      .js/.mjs files and built-ins
  arena experiment SPEC.json | --preset NAME [--json]
                                      the same field under several rule sets,
                                      side by side
  arena check FILE [options]          load a strategy, play it against every
                                      built-in, report faults and behaviour
  arena rules --payoffs R,S,T,P ...    the dilemma test: is it a real dilemma, under these rules?
  arena list                          list the built-in strategies

  --game commons (match, tournament, rules, list): the many-player commons
  instead of the dilemma; "arena match --game commons A B C" plays one group.
  arena help [COMMAND]                help on a command (or: arena COMMAND --help)
  arena --version

${PLAYERS}

"arena COMMAND --help" lists a command's options; docs/cli.md has the details.

Exit codes: 0 success, 1 failure (a strategy does not load, check found
faults), 2 bad command line (unknown command or option, bad value, no such
file or built-in).
`

const HELP: Record<CommandName, string> = {
  match: `Usage: arena match A B [options]

Play one match between A and B and show both move strings, the scores
(total and per turn), faults, noise flips and the seed.

${PLAYERS}

Options:
${RULE_OPTIONS}
${OPPONENTS_OPTION}

Examples:
  arena match tit-for-tat ./my-strategy.js --turns 50 --noise 0.05 --seed 7
  arena match reputation-tit-for-tat defector --opponents opponents.json

       arena match --game commons A B [C...] [options]

One group of the commons, 2 to 16 players in seat order (a name given twice
takes two seats): each seat's total, restraint, fines and faults, and the
stock over time. --seed S, --opponents FILE and --json as above.

${COMMONS_OPTIONS}

Example:
  arena match --game commons restrained greedy grim-trigger --quota 30
`,
  tournament: `Usage: arena tournament PLAYER... [options]
       arena tournament DIR [options]
       arena tournament --classics [PLAYER...] [options]

Round robin: every pair of players (and each player against a copy of
itself) plays --repetitions matches. Ranked by the median over repetitions
of each player's score per turn against the others (self-play excluded).

${PLAYERS}
A directory stands for its .js and .mjs files (not recursive), labelled
DIR/FILE. --classics adds every built-in.

Options:
  --repetitions K     matches per pairing (default 5)
  --classics          add all built-in strategies
${RULE_OPTIONS}
${OPPONENTS_OPTION}
${JOBS_OPTION}

Example:
  arena tournament ./bots --classics --turns 100 --repetitions 3

       arena tournament --game commons [--group N] PLAYER... [options]

Groups of N players of the commons (default: everyone in one group, at most
16): every combination when there are at most 200, each played --repetitions
times (default 5) with the seats rotated; otherwise a balanced, seeded
schedule of --repetitions blocks in which every player plays N groups, once
in each seat. Ranked by mean payoff per round; shows the welfare as a share
of the sustainable optimum, the final stock and the stock over time.
--classics adds the commons' built-ins. --seed, --opponents, --jobs and --json
as above.

${COMMONS_OPTIONS}

Example:
  arena tournament --game commons --classics --group 4 --fine 25 --detection 0.8
`,
  experiment: `Usage: arena experiment SPEC.json [--json] [--jobs N]
       arena experiment --preset NAME [--json] [--jobs N]
       arena experiment --preset            list the presets

Play the same field of strategies under up to 8 rule sets, each a round
robin with the same seed (so the same match seeds), and show them side by
side: cooperation, welfare (mean payoff per round as a share of the
cooperative optimum, R each), the winner, the dilemma test's verdict and the
strategies that take over in the ecology; then how each rank moved against
the first rule set.

SPEC.json:
  { "players": ["tit-for-tat", "defector", "./bots/mine.js"],
    "seed": 1, "repetitions": 5,
    "ruleSets": [
      { "name": "plain", "game": "dilemma", "rules": { "turns": 200 } },
      { "name": "referee", "game": "dilemma",
        "rules": { "turns": 200, "referee": { "fine": 5, "detection": 0.5 } } } ] }
Players are built-in names or files (relative to the SPEC file). Rules take
payoffs, turns or continuation, noise, referee { fine, detection, fines },
align and cheapTalk, as in docs/cli.md; seed (default 1) and repetitions
(default 5) may be left out.

Rule sets of "game": "commons" are commons tournaments instead: their rules
take the commons' (capacity, maxStock, initialStock, regrowth, collapseBelow,
maxRequest, turns or continuation, quota, referee, align, cheapTalk) and
group, the players per group (default: everyone in one group, up to 16; else
4); the side by side adds the final stock, the groups that collapsed and the
stock over time. Every rule set of an experiment plays the same game.

Options:
  --preset NAME       one of the essay's experiments instead of a SPEC file:
                      one-shot-vs-repeated, referee, aligned-rewards,
                      cheap-talk, gas-stations, doping, commons
  --json              print the result as one line of JSON (docs/results.md)
${JOBS_OPTION}

Example:
  arena experiment --preset referee
`,
  check: `Usage: arena check FILE [options]

Check a strategy before submitting it:
  1. load it: a set-up fault is reported as "FILE: line L, column C: ..."
  2. play it against every built-in (200 turns, payoffs 3,0,5,1, no noise,
     seed 1, 5 repetitions) and report its faults grouped by kind, with the
     first occurrence and the opponents it happened against
  3. show its behaviour (cooperation, nice, retaliating, forgiving), its score
     per turn and its rank among the built-ins

Options:
${OPPONENTS_OPTION}

Exit code 0 when it loads and never faulted, 1 otherwise.
`,
  rules: `Usage: arena rules --payoffs R,S,T,P [--fine F --detection P --fines destroyed|shared]
                   [--align A] [--turns N | --continuation W] [--json]

The essay's dilemma test, on the effective matrix (what the mechanisms leave
each player in expectation):
  1. does defecting pay more whatever the other does, in one round?
  2. is there a future to punish in? Axelrod's threshold for Tit for Tat:
     w >= max((T-R)/(T-P), (T-R)/(R-S)); a known length n is one-shot in its
     last round and counts as w = 1 - 1/n before it (default: 200 turns).
Verdict: real-dilemma, not-a-dilemma or dilemma-with-future.

  --payoffs R,S,T,P   the matrix (required), e.g. 3,0,5,1
  --fine F            a referee fines a detected defection F ...
  --detection P       ... detected with probability P (0 to 1)
  --fines destroyed   the fine is lost: T-pF and P-pF (the default)
  --fines shared      the fine goes to the victim: T-pF and S+pF
  --align A           each gets (1-A) x its payoff + A x the mean of both (0 to 1)
  --turns N           a known length
  --continuation W    a probability of another round (0 to 1, not 1)
  --json              {effective: {payoffs}, classification, threshold, continuation, verdict: {code, text}}

       arena rules --game commons [--players N] [commons options] [--json]

The commons' 2x2 for N players (default 4), one round from the initial
stock: restraint (the sustainable share) and greed (the largest request, cut
to the quota) against others who all restrain (R, T) or all grab (S, P); the
referee and aligned rewards in expectation; then the same two questions.

${COMMONS_OPTIONS}
`,
  list: `Usage: arena list [--game commons] [--json]

List the built-in strategies of the dilemma, or of the commons with --game
commons (id and name); --json adds descriptions and games.
`,
  help: `Usage: arena help [COMMAND]

Show the general help, or the help of one command.
`,
}

export function mainHelp(): string {
  return MAIN
}

export function commandHelp(command: CommandName): string {
  return HELP[command]
}
