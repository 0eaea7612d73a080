"""Mastodon.py saves and reads back read positions (markers), as apps keep
them in step between a person's devices."""
import os

from mastodon import Mastodon

api = Mastodon(access_token=os.environ["FUCINA_TOKEN"], api_base_url=os.environ["FUCINA_URL"])

notifications = api.notifications()
assert len(notifications) == 3, notifications
home = api.timeline_home()
assert home, "Anna's own post is in her home"
older = notifications[1]["id"]

saved = api.markers_set(["home", "notifications"], [home[0]["id"], older])
assert str(saved["home"]["last_read_id"]) == str(home[0]["id"]), saved
assert str(saved["notifications"]["last_read_id"]) == str(older), saved
first_version = saved["notifications"]["version"]

read = api.markers_get(["home", "notifications"])
assert str(read["notifications"]["last_read_id"]) == str(older), read
assert str(read["home"]["last_read_id"]) == str(home[0]["id"]), read

again = api.markers_set(["notifications"], [older])
assert again["notifications"]["version"] == first_version + 1, again
assert "home" not in again, "only what was set comes back"
print("markers round-trip, notifications marker at", older)
