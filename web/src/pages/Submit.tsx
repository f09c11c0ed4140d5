/** Placeholder until the page is written. */
export default function Submit() {
  return <h1>Submit</h1>
}
