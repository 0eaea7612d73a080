"""Mastodon.py drives federation: an account on instance A finds an account on
instance B by handle, follows it; B posts; A's home shows it; A replies; B's
notifications show the reply."""
import os
import sys
import time

from mastodon import Mastodon


def client(base, email, password):
    client_id, client_secret = Mastodon.create_app("Fucina federation test", api_base_url=base, scopes=["read", "write", "follow"])
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base)
    api.log_in(username=email, password=password, scopes=["read", "write", "follow"], allow_http=True)
    return api


def eventually(what, check, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    sys.exit(f"timed out waiting until {what}")


a = client(os.environ["FUCINA_A_URL"], os.environ["FUCINA_A_EMAIL"], os.environ["FUCINA_PASSWORD"])
b = client(os.environ["FUCINA_B_URL"], os.environ["FUCINA_B_EMAIL"], os.environ["FUCINA_PASSWORD"])
b_handle = os.environ["FUCINA_B_HANDLE"]

found = a.search_v2(b_handle, resolve=True, result_type="accounts")
assert found["accounts"], found
bob = found["accounts"][0]
assert bob["acct"] == b_handle, bob["acct"]
relationship = a.account_follow(bob["id"])
print("follow requested:", relationship["following"] or relationship["requested"])
eventually("the follow is accepted", lambda: a.account_relationships(bob["id"])[0]["following"])

post = b.status_post("A proposal for #smartcommunities: sensors on every bus stop", visibility="public")
home_post = eventually("B's post reaches A's home", lambda: next((s for s in a.timeline_home() if s["uri"] == post["uri"]), None))
print("A sees:", home_post["content"])

reply = a.status_post(f"@{b_handle} we can help with the sensors", in_reply_to_id=home_post["id"])
note = eventually(
    "B is notified of the reply",
    lambda: next((n for n in b.notifications() if n["type"] == "mention" and n["status"]["uri"] == reply["uri"]), None),
)
print("B notified by:", note["account"]["acct"])
context = b.status_context(post["id"])
assert any(s["uri"] == reply["uri"] for s in context["descendants"]), context
print("federation ok")
