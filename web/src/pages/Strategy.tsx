/** Placeholder until the page is written. */
export default function Strategy() {
  return <h1>Strategy</h1>
}
