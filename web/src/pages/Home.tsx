/** Placeholder until the page is written. */
export default function Home() {
  return <h1>Home</h1>
}
