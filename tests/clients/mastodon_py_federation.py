"""Mastodon.py drives federation: an account on instance A finds an account on
instance B by handle, follows it; B posts; A's home shows it; A replies; B's
notifications show the reply. B then posts a picture with Mastodon.py's media
helpers, and A's home shows it with its description."""
import os
import struct
import sys
import tempfile
import time
import zlib

from mastodon import Mastodon


def client(base, email, password):
    client_id, client_secret = Mastodon.create_app("Fucina federation test", api_base_url=base, scopes=["read", "write", "follow"])
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

def tiny_png(width, height):
    """A real PNG, decodable by any viewer: white pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


with tempfile.NamedTemporaryFile(suffix=".png") as picture:
    picture.write(tiny_png(4, 3))
    picture.flush()
    media = b.media_post(picture.name, mime_type="image/png", description="A bus stop sensor", focus=(0.0, 0.5))
assert media["type"] == "image", media
assert media["meta"]["original"]["width"] == 4, media
media = b.media_update(media["id"], description="A sensor on a bus stop")
with_picture = b.status_post("The prototype", media_ids=[media["id"]], visibility="public")
assert with_picture["media_attachments"][0]["id"] == media["id"], with_picture
seen = eventually(
    "the picture reaches A's home",
    lambda: next((s for s in a.timeline_home() if s["uri"] == with_picture["uri"]), None),
)
attachment = seen["media_attachments"][0]
assert attachment["type"] == "image", attachment
assert attachment["description"] == "A sensor on a bus stop", attachment
assert attachment["remote_url"] == media["url"], (attachment, media)
print("federation ok")
