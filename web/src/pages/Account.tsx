/** Placeholder until the page is written. */
export default function Account() {
  return <h1>Account</h1>
}
