/** Placeholder until the page is written. */
export default function Tournament() {
  return <h1>Tournament</h1>
}
