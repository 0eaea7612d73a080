#!/bin/sh
# toot logs in from the console and says who it is.
set -eu
toot login_cli --instance "$FUCINA_URL" --email "$FUCINA_EMAIL" --password "$FUCINA_PASSWORD"
toot whoami
