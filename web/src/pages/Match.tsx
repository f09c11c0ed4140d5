/** Placeholder until the page is written. */
export default function Match() {
  return <h1>Match</h1>
}
