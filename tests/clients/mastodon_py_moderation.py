"""Mastodon.py, as a moderator's app: reads the rules, acts on an account, reads it back, lifts the mark."""
import os
import sys

from mastodon import Mastodon

base = os.environ["FUCINA_URL"]
scopes = ["read", "write", "admin:read", "admin:write"]
client_id, client_secret = Mastodon.create_app(
    "Fucina moderation test (Mastodon.py)",
    api_base_url=base,
    scopes=scopes,
    redirect_uris="urn:ietf:wg:oauth:2.0:oob",
)
api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base)
api.log_in(username=os.environ["FUCINA_EMAIL"], password=os.environ["FUCINA_PASSWORD"], scopes=scopes, allow_http=True)

rules = api.instance_rules()
assert [r["text"] for r in rules] == ["Be kind"], rules
print("rules", len(rules))

target = int(os.environ["FUCINA_TARGET_ID"])
api.admin_account_moderate(target, action="silence", text="Too loud")
account = api.admin_account(target)
assert account["silenced"] and not account["suspended"], account
print("silenced", account["username"])

account = api.admin_account_unsilence(target)
assert not account["silenced"], account
print("unsilenced", account["username"])
sys.exit(0)
