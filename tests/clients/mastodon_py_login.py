"""Mastodon.py registers an app, logs in with a password, reads the account and the instance, and reports an account."""
import os
import sys

from mastodon import Mastodon

base = os.environ["FUCINA_URL"]
email = os.environ["FUCINA_EMAIL"]
password = os.environ["FUCINA_PASSWORD"]
username = os.environ["FUCINA_USERNAME"]

client_id, client_secret = Mastodon.create_app(
    "Fucina test (Mastodon.py)",
    api_base_url=base,
    scopes=["read", "write", "follow"],
    redirect_uris="urn:ietf:wg:oauth:2.0:oob",
)
api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=base)
# Loopback in tests is plain http; the library insists on https otherwise.
token = api.log_in(username=email, password=password, scopes=["read", "write", "follow"], allow_http=True)
assert token, "no access token"

me = api.account_verify_credentials()
assert me["username"] == username, me
assert me["acct"] == username, me
assert str(me["id"]) == os.environ["FUCINA_ACCOUNT_ID"], (me["id"], os.environ["FUCINA_ACCOUNT_ID"])

instance = api.instance()
assert instance["title"] == os.environ["FUCINA_INSTANCE_TITLE"], instance
assert api.verify_minimum_version("4.0.0", cached=True), "the announced version enables Mastodon 4 features"

# Reporting another account, as the app's "Report" button does.
report = api.report(int(os.environ["FUCINA_REPORTED_ID"]), comment="Spam from Mastodon.py", category="spam")
assert str(report["target_account"]["id"]) == os.environ["FUCINA_REPORTED_ID"], report
assert report["category"] == "spam" and not report["action_taken"], report
print("reported", report["target_account"]["acct"])

# The library reads the version it found; it must parse as Mastodon-compatible.
print("version", api.retrieve_mastodon_version())
print("logged in as", me["acct"])
sys.exit(0)
