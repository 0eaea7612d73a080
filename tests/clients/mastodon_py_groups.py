"""Mastodon.py joins a community on another instance (a group is an account
with group: true; following it joins it), sees what a member posts in it
through the group, and replies in the thread."""
import os
import sys
import time

from mastodon import Mastodon


def client(base, email, password):
    client_id, client_secret = Mastodon.create_app("Fucina groups test", api_base_url=base, scopes=["read", "write", "follow"])
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
group_handle = os.environ["FUCINA_GROUP_HANDLE"]

found = b.search_v2(group_handle, resolve=True, result_type="accounts")
assert found["accounts"], found
group = found["accounts"][0]
assert group["group"] is True, group
b.account_follow(group["id"])
eventually("B joins the group", lambda: b.account_relationships(group["id"])[0]["following"])
print("joined:", group["acct"])

# A member on A starts a discussion by mentioning the group, as a Mastodon user would.
post = a.status_post(f"@{group_handle.split('@')[0]} Test flight on Saturday: who brings batteries?", visibility="public")
seen = eventually("the group passes the post to B", lambda: next((s for s in b.timeline_home() if s["uri"] == post["uri"]), None))
print("B sees:", seen["content"])

reply = b.status_post("I will bring two", in_reply_to_id=seen["id"])
eventually(
    "the reply lands in the thread on A",
    lambda: any(s["uri"] == reply["uri"] for s in a.status_context(post["id"])["descendants"]),
)
print("groups ok")
