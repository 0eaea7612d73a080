// megalodon (the library of Whalebird and Fedistar) recognises the server
// through NodeInfo, logs in with a pre-issued token and reads the home
// timeline.
const megalodon = require('megalodon')

async function main() {
  const url = process.env.FUCINA_URL
  const sns = await megalodon.detector(url)
  if (sns !== 'mastodon') throw new Error(`detector says ${sns}`)
  const client = megalodon.default(sns, url, process.env.FUCINA_TOKEN)
  const me = await client.verifyAccountCredentials()
  const home = await client.getHomeTimeline()
  const texts = home.data.map((s) => s.content)
  if (!texts.some((t) => t.includes('Hello from Node'))) throw new Error(`home: ${JSON.stringify(texts)}`)
  console.log(`detector: ${sns}; account: ${me.data.username}; home: ${home.data.length}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
