/** Placeholder until the page is written. */
export default function Host() {
  return <h1>Host</h1>
}
