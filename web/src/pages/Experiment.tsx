/** Placeholder until the page is written. */
export default function Experiment() {
  return <h1>Experiment</h1>
}
