"""Mastodon.py with consultations and proposals: a user on A posts a poll in a
theme; a user on B, who follows the theme, reads it as a Mastodon poll and
votes with Mastodon.py; A counts the vote and B gets the counts back. B also
reads a proposal published on A as an ordinary status with a title and a link."""
import os
import sys
import time

from mastodon import Mastodon


def client(base, email, password):
    client_id, client_secret = Mastodon.create_app("Fucina consultations test", api_base_url=base, scopes=["read", "write", "follow"])
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base)
    api.log_in(username=email, password=password, scopes=["read", "write", "follow"], allow_http=True)
    return api


def eventually(what, check, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    sys.exit(f"timed out waiting until {what}")


a = client(os.environ["FUCINA_A_URL"], os.environ["FUCINA_A_EMAIL"], os.environ["FUCINA_PASSWORD"])
b = client(os.environ["FUCINA_B_URL"], os.environ["FUCINA_B_EMAIL"], os.environ["FUCINA_PASSWORD"])
theme_handle = os.environ["FUCINA_THEME_HANDLE"]

theme = b.search_v2(theme_handle, resolve=True, result_type="accounts")["accounts"][0]
b.account_follow(theme["id"])
eventually("B joins the theme", lambda: b.account_relationships(theme["id"])[0]["following"])

# A posts a consultation in the theme by mentioning it, with Mastodon.py's poll helper.
poll = a.make_poll(["Trieste", "Udine", "Online"], expires_in=3600)
posted = a.status_post(f"@{theme_handle.split('@')[0]} Where shall we meet?", poll=poll, visibility="public")
assert posted["poll"]["options"][2]["title"] == "Online", posted["poll"]

seen = eventually("B sees the poll", lambda: next((s for s in b.timeline_home() if s["uri"] == posted["uri"]), None))
assert seen["poll"] is not None, seen
voted = b.poll_vote(seen["poll"]["id"], [1])
assert voted["own_votes"] == [1], voted
print("voted:", voted["options"][1])

eventually("A counts B's vote", lambda: a.poll(posted["poll"]["id"])["options"][1]["votes_count"] == 1)
try:
    b.poll_vote(seen["poll"]["id"], [0])
    sys.exit("a second vote was accepted")
except Exception as error:  # Mastodon.py raises MastodonAPIError for the 422
    print("second vote refused:", type(error).__name__)

# A proposal published on A reads as a status with its title and a link on B.
proposal_uri = os.environ["FUCINA_PROPOSAL_URI"]
found = b.search_v2(proposal_uri, resolve=True, result_type="statuses")["statuses"]
assert found, "B resolves the proposal"
assert "Drones for vineyards" in found[0]["content"], found[0]["content"]
assert found[0]["url"].endswith("/proposals/" + os.environ["FUCINA_PROPOSAL_ID"]), found[0]["url"]
print("consultations ok")
