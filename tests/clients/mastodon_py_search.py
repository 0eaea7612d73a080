"""Mastodon.py finds a post by a word in its text (any inflection) and a person by their organisation."""
import os

from mastodon import Mastodon

api = Mastodon(access_token=os.environ["FUCINA_TOKEN"], api_base_url=os.environ["FUCINA_URL"])

found = api.search_v2("riciclare", result_type="statuses")
texts = [s["content"] for s in found["statuses"]]
assert any("riciclo" in t for t in texts), found
assert not any("privato" in t for t in texts), "a followers-only post of someone else is never found"

people = api.account_search("Polimeri")
assert [a["username"] for a in people] == ["ada"], people
print("found", len(texts), "post(s) and", people[0]["acct"])
