/** Any path the site does not know. */
export default function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page at <code>{location.pathname}</code>. Try the <a href="/">leaderboard</a>.
      </p>
    </section>
  )
}
