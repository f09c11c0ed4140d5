/** Placeholder until the page is written. */
export default function Explorer() {
  return <h1>Explorer</h1>
}
